// eBGP to each gateway instance's APIPA address (from Loopback0, multihop:
// Azure never initiates BGP from an APIPA address, so the NVA must) and to
// both Route Server instances (from the inside interface, multihop: Route
// Server peers are not on the NVA's subnet). Every neighbor is activated
// explicitly and treated alike (soft-reconfiguration on all of them).
import { placeholder } from "../../plan/placeholders.js";
import type { NvaPlan, Topology } from "../../plan/types.js";
import { networkAndMask } from "../addressing.js";
import { INSIDE_IF, LOOPBACK_IF } from "../names.js";

interface Neighbor {
  address: string;
  remoteAs: number;
  description: string;
  updateSource: string;
}

export function neighborsOf(topo: Topology, nva: NvaPlan): Neighbor[] {
  const gateway = topo.gateway.instances.map((inst) => ({
    address: nva.gatewayBgpIps[inst.index],
    remoteAs: topo.gateway.asn,
    description: `${topo.gateway.name} instance ${inst.index} via ${nva.tunnelInterfaces[inst.index]}`,
    updateSource: LOOPBACK_IF,
  }));
  const rs = topo.routeServer;
  const routeServer = rs
    ? ([0, 1] as const).map((i) => ({
        address: placeholder.routeServerIp(i),
        remoteAs: rs.asn,
        description: `Route Server ${rs.name} instance ${i}`,
        updateSource: INSIDE_IF,
      }))
    : [];
  return [...gateway, ...routeServer];
}

export function bgpLines(topo: Topology, nva: NvaPlan): string[] {
  const neighbors = neighborsOf(topo, nva);
  return [
    `router bgp ${nva.asn}`,
    ` bgp router-id ${nva.loopbackIp}`,
    ` bgp log-neighbor-changes`,
    ` no bgp default ipv4-unicast`,
    ...neighbors.flatMap((n) => [
      ` neighbor ${n.address} remote-as ${n.remoteAs}`,
      ` neighbor ${n.address} description ${n.description}`,
      ` neighbor ${n.address} ebgp-multihop 255`,
      ` neighbor ${n.address} update-source ${n.updateSource}`,
    ]),
    ` !`,
    ` address-family ipv4`,
    ...topo.advertise.provider.map((p) => {
      const [net, mask] = networkAndMask(p);
      return `  network ${net} mask ${mask}`;
    }),
    ...neighbors.flatMap((n) => [`  neighbor ${n.address} activate`, `  neighbor ${n.address} soft-reconfiguration inbound`]),
    ` exit-address-family`,
    `!`,
  ];
}
