// The one place Azure SDK clients are made. The same clients talk to a real
// subscription or to the embedded emulator; only this configuration differs:
// the emulator's endpoint, its CA (trusted through the SDK's own tlsOptions)
// and a static credential, and each spec vault URL mapped to an emulated vault.
import { ComputeManagementClient } from "@azure/arm-compute";
import { NetworkManagementClient } from "@azure/arm-network";
import type { TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";

export type AzureConfig =
  | { target: "azure"; subscriptionId: string; credential?: TokenCredential }
  | {
      target: "emulator";
      endpoint: string;
      caCertPem: string;
      subscriptionId: string;
      credential: TokenCredential;
      /** Vault name (the first label of https://<name>.vault.azure.net/) -> the emulated vault's URL. */
      vaults: Record<string, string>;
    };

export interface AzureClients {
  subscriptionId: string;
  network: NetworkManagementClient;
  compute: ComputeManagementClient;
  secrets(vaultUrl: string): SecretClient;
}

/** "https://bowtie-lab-kv.vault.azure.net/" -> "bowtie-lab-kv" */
export function vaultNameOf(vaultUrl: string): string {
  return new URL(vaultUrl).hostname.split(".")[0]!.toLowerCase();
}

export function createAzureClients(config: AzureConfig): AzureClients {
  const secretClients = new Map<string, SecretClient>();
  if (config.target === "azure") {
    const credential = config.credential ?? new DefaultAzureCredential();
    return {
      subscriptionId: config.subscriptionId,
      network: new NetworkManagementClient(credential, config.subscriptionId),
      compute: new ComputeManagementClient(credential, config.subscriptionId),
      secrets: (vaultUrl) => {
        let c = secretClients.get(vaultUrl);
        if (!c) secretClients.set(vaultUrl, (c = new SecretClient(vaultUrl, credential)));
        return c;
      },
    };
  }
  const tls = { tlsOptions: { ca: config.caCertPem } };
  const common = { ...tls, endpoint: config.endpoint, credentials: { scopes: ["https://management.azure.com/.default"] } };
  return {
    subscriptionId: config.subscriptionId,
    network: new NetworkManagementClient(config.credential, config.subscriptionId, common),
    compute: new ComputeManagementClient(config.credential, config.subscriptionId, common),
    secrets: (vaultUrl) => {
      const name = vaultNameOf(vaultUrl);
      const url = config.vaults[name];
      if (!url) throw new Error(`the emulator has no vault ${name} (from ${vaultUrl}); create it with emulator.vaultUrl("${name}")`);
      let c = secretClients.get(url);
      // The challenge names the real vault resource, not 127.0.0.1, so the domain check is off for the emulator only.
      if (!c) secretClients.set(url, (c = new SecretClient(url, config.credential, { ...tls, disableChallengeResourceVerification: true })));
      return c;
    },
  };
}
