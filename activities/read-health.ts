// readHealth: everything a health check judges, in one activity so the two
// halves share their reads — the resource-group lists (config drift) and the
// live BGP picture (operational state). The gateway, the hub and the Route
// Server peerings come from the lists; connections are read one by one
// because ARM fills connectionStatus and tunnelConnectionStatus only on a
// single connection's GET, never in a list (azure-powershell#2581,
// azure-cli#2061). Counts its requests so the fleet can pace itself.
import type { ReadHealthInput, ReadHealthOutput } from "./contracts.js";
import { azureTarget, targetIn } from "./azure-target.js";
import { isNotFound } from "./arm/arm-errors.js";
import { listInventory } from "./arm/list-inventory.js";
import { observeSessions } from "./arm/observe-sessions.js";
import { counted, emptyTally } from "./arm/request-tally.js";

const byName = <T extends { name?: string }>(list: T[], name: string): T | null => list.find((x) => x.name?.toLowerCase() === name.toLowerCase()) ?? null;

export async function readHealth(input: ReadHealthInput): Promise<ReadHealthOutput> {
  const t = targetIn(azureTarget(), input.subscriptionId);
  const requests = emptyTally();
  const listed = await listInventory(t, input.inventory, requests);
  const rg = input.inventory.resourceGroup;
  const sessions = await observeSessions(
    t,
    input.sessions,
    {
      gateway: async (name) => byName(listed.gateways, name),
      connection: async (name) => {
        try {
          return await counted(requests, "reads", () => t.network.virtualNetworkGatewayConnections.get(rg, name));
        } catch (e) {
          if (isNotFound(e)) return null;
          throw e;
        }
      },
      hub: async (name) => byName(listed.hubs, name),
      bgpConnection: async (_hub, name) => byName(listed.bgpConnections, name),
    },
    requests,
  );
  return { inventory: listed.output, sessions, requests };
}
