// The app's tables live in the Functions host's own storage (AzureWebJobsStorage),
// reached the way the host reaches it: a connection string locally (Azurite),
// or, in Azure, identity-based — AzureWebJobsStorage__accountName (or
// __tableServiceUri) with a managed identity (__credential=managedidentity,
// __clientId for a user-assigned one) and no shared key at all.
import { TableClient } from "@azure/data-tables";
import { ManagedIdentityCredential } from "@azure/identity";

export type StorageConnection =
  | { kind: "connectionString"; connectionString: string }
  | { kind: "identity"; tableServiceUri: string; clientId?: string };

export function tableClient(storage: StorageConnection, table: string): TableClient {
  if (storage.kind === "connectionString") {
    // Azurite speaks plain HTTP on loopback; the SDK refuses that unless told.
    const insecure = /DefaultEndpointsProtocol=http;|UseDevelopmentStorage=true/.test(storage.connectionString);
    return TableClient.fromConnectionString(storage.connectionString, table, { allowInsecureConnection: insecure });
  }
  const credential = storage.clientId ? new ManagedIdentityCredential({ clientId: storage.clientId }) : new ManagedIdentityCredential();
  return new TableClient(storage.tableServiceUri, table, credential);
}

/** The endpoint the host derives from an account name (public Azure cloud). */
export const tableServiceUriOf = (accountName: string) => `https://${accountName}.table.core.windows.net`;
