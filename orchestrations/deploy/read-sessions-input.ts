// What to read of a deployment's live BGP state (the gateway, its
// connections, the Route Server's peerings), from the plan alone: shared by
// the deploy's verification and the health check.
import type { ReadSessionsInput } from "../../activities/contracts.js";
import type { Plan, PlannedResource } from "../../shared/plan/types.js";

export function readSessionsInput(plan: Plan): ReadSessionsInput {
  const byType = (type: PlannedResource["type"]) => plan.resources.filter((r) => r.type === type);
  const hub = byType("Microsoft.Network/virtualHubs")[0];
  return {
    deployment: plan.deployment,
    gatewayId: byType("Microsoft.Network/virtualNetworkGateways")[0]!.id,
    connections: byType("Microsoft.Network/connections").map((c) => ({ id: c.id, name: c.name })),
    routeServer: hub ? { hubId: hub.id, bgpConnectionIds: byType("Microsoft.Network/virtualHubs/bgpConnections").map((b) => b.id) } : null,
    vms: byType("Microsoft.Compute/virtualMachines").map((v) => ({ id: v.id, name: v.name })),
  };
}
