// Public IPs: two for the gateway instances, one per NVA, one for Route
// Server. All Standard/Static: AZ gateway SKUs and Route Server require it,
// and a static address is what the NVAs' day-0 config and the LNGs embed.
// Zone-redundant (1,2,3) so no single zone failure takes an address away.
import type { PlannedResource, Topology } from "../types.js";
import { ids } from "./ids.js";
import { planned } from "./resource.js";

export const ZONE_REDUNDANT = ["1", "2", "3"];

function publicIp(topo: Topology, name: string): PlannedResource {
  return planned("Microsoft.Network/publicIPAddresses", ids.publicIp(topo, name), [], {
    location: topo.location,
    tags: topo.tags,
    sku: { name: "Standard", tier: "Regional" },
    zones: ZONE_REDUNDANT,
    properties: { publicIPAllocationMethod: "Static", publicIPAddressVersion: "IPv4" },
  });
}

/** Every public IP name of the deployment, gateway instances first. */
export function publicIpNames(topo: Topology): string[] {
  return [
    ...topo.gateway.instances.map((i) => i.publicIpName),
    ...topo.nvas.map((n) => n.publicIpName),
    ...(topo.routeServer ? [topo.routeServer.publicIpName] : []),
  ];
}

export function publicIps(topo: Topology): PlannedResource[] {
  return publicIpNames(topo).map((name) => publicIp(topo, name));
}
