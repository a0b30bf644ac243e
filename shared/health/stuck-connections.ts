// Connections worth a reset: the tunnel to a gateway instance is up but the
// BGP session over it is not, although the remediation found the
// configuration right. That is the case a reset of the connection is for;
// a down tunnel or a missing peer points at configuration, which the
// remediation's writes (not a reset) fix.
import type { Plan } from "../plan/types.js";
import type { ObservedNetwork } from "./bgp-assessment.js";

export function connectionsToReset(plan: Plan, observed: ObservedNetwork): string[] {
  const names = new Set<string>();
  for (const row of plan.apipa) {
    const tunnel = observed.tunnels.find((x) => x.connection === row.connection && x.instance === row.gatewayInstance)?.state;
    const peer = observed.gatewayPeers.find((p) => p.localAddress === row.gatewayBgpIp && p.neighbor === row.nvaBgpIp);
    if (tunnel === "Connected" && peer && peer.state !== "Connected") names.add(row.connection);
  }
  return plan.resources.filter((r) => r.type === "Microsoft.Network/connections" && names.has(r.name)).map((r) => r.id);
}
