// Static routes: each gateway APIPA peer via the tunnel to its own instance
// (BGP is loopback-sourced multihop, so without these the peers would be
// looked up via the default route to the internet side); the internet via
// the outside subnet's gateway (the tunnels' underlay); Route Server and the
// advertised provider prefixes via the inside subnet's gateway, so the BGP
// `network` statements find their prefixes in the RIB.
import type { NvaPlan, Topology } from "../../plan/types.js";
import { azureSubnetGateway, networkAndMask } from "../addressing.js";

export function routingLines(topo: Topology, nva: NvaPlan): string[] {
  const insideGw = azureSubnetGateway(topo.providerVnet.insideSubnet.prefix);
  const outsideGw = azureSubnetGateway(topo.providerVnet.outsideSubnet.prefix);
  const lines = [
    `ip route 0.0.0.0 0.0.0.0 ${outsideGw}`,
    ...topo.gateway.instances.map((inst) => `ip route ${nva.gatewayBgpIps[inst.index]} 255.255.255.255 ${nva.tunnelInterfaces[inst.index]}`),
  ];
  if (topo.routeServer && topo.providerVnet.routeServerSubnetPrefix) {
    lines.push(`ip route ${networkAndMask(topo.providerVnet.routeServerSubnetPrefix).join(" ")} ${insideGw}`);
  }
  for (const prefix of topo.advertise.provider) lines.push(`ip route ${networkAndMask(prefix).join(" ")} ${insideGw}`);
  return [...lines, `!`];
}
