// readSessions: the live BGP picture the deploy verifies — the gateway's BGP
// peers and learned routes, each connection's tunnels, and each Route Server
// peering's per-instance learned routes (observe-sessions.ts), reading each
// resource with its own GET, and each NVA VM's power state. A verification
// runs exactly when things may not exist yet: a missing resource reads as
// absent, not as an error.
import type { ReadSessionsInput, ReadSessionsOutput } from "./contracts.js";
import { azureTarget } from "./azure-target.js";
import { isNotFound } from "./arm/arm-errors.js";
import { observeSessions } from "./arm/observe-sessions.js";
import { counted, emptyTally } from "./arm/request-tally.js";
import { parseResourceId } from "./arm/resource-id.js";

async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

export async function readSessions(input: ReadSessionsInput): Promise<ReadSessionsOutput> {
  const t = azureTarget();
  const rg = parseResourceId(input.gatewayId.replace("{{subscriptionId}}", t.subscriptionId)).resourceGroup;
  const tally = emptyTally();
  const n = t.network;
  // A VM that restarts (resized, or just created) is not forwarding while the gateway still
  // reports its sessions Connected until DPD or the hold timer notices: read its power too.
  const powerStates: Record<string, string> = {};
  const power = Promise.all(
    (input.vms ?? []).map(async (vm) => {
      const view = await orNull(counted(tally, "reads", () => t.compute.virtualMachines.instanceView(rg, vm.name)));
      const code = (view?.statuses ?? []).map((s) => s.code ?? "").find((c) => c.startsWith("PowerState/"));
      powerStates[vm.name] = view === null ? "absent" : (code?.slice("PowerState/".length) ?? "unknown");
    }),
  );
  const sessions = observeSessions(
    t,
    input,
    {
      gateway: (name) => orNull(counted(tally, "reads", () => n.virtualNetworkGateways.get(rg, name))),
      connection: (name) => orNull(counted(tally, "reads", () => n.virtualNetworkGatewayConnections.get(rg, name))),
      hub: (name) => orNull(counted(tally, "reads", () => n.virtualHubs.get(rg, name))),
      bgpConnection: (hub, name) => orNull(counted(tally, "reads", () => n.virtualHubBgpConnection.get(rg, hub, name))),
    },
    tally,
  );
  const [observed] = await Promise.all([sessions, power]);
  return input.vms ? { ...observed, powerStates } : observed;
}
