// resetConnection: remediation's last resort for a connection whose
// configuration is right but whose BGP sessions stay down — the reset makes
// the gateway tear down and renegotiate the connection's tunnels
// (POST .../connections/{name}/resetconnection, a long-running operation the
// SDK's poller waits for). A connection that is gone is not an error: the
// next health check finds it missing and the remediation recreates it.
import type { ResetConnectionInput } from "./contracts.js";
import { azureTarget } from "./azure-target.js";
import { isNotFound } from "./arm/arm-errors.js";
import { parseResourceId } from "./arm/resource-id.js";

export async function resetConnection(input: ResetConnectionInput): Promise<{ reset: boolean }> {
  const t = azureTarget();
  const id = parseResourceId(input.connectionId.replace("{{subscriptionId}}", t.subscriptionId));
  try {
    await t.network.virtualNetworkGatewayConnections.resetConnection(id.resourceGroup, id.name);
    return { reset: true };
  } catch (e) {
    if (isNotFound(e)) return { reset: false };
    throw e;
  }
}
