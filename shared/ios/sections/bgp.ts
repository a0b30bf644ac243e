// eBGP to each gateway instance's APIPA address (from Loopback0, multihop:
// Azure never initiates BGP from an APIPA address, so the NVA must) and to
// both Route Server instances (from the inside interface, multihop: Route
// Server peers are not on the NVA's subnet). Every neighbor is activated
// explicitly and treated alike (soft-reconfiguration on all of them); each
// kind of peer gets its own outbound route-map (sections/bgp-policy.ts).
import { placeholder } from "../../plan/placeholders.js";
import type { NvaPlan, Topology } from "../../plan/types.js";
import { networkAndMask } from "../addressing.js";
import { describeWithin, NEIGHBOR_DESCRIPTION_MAX } from "../descriptions.js";
import { BGP_POLICY, INSIDE_IF, LOOPBACK_IF } from "../names.js";

/**
 * The smallest eBGP TTL that reaches both kinds of peer (NVA-FACTS F11): a
 * loopback-sourced session counts the loopback as a hop, and Route Server is
 * one routed hop from the inside subnet. 255 worked but accepted a peer
 * anywhere on the path.
 */
export const EBGP_MULTIHOP_TTL = 2;

/** Equal eBGP paths installed per prefix: one per tunnel (F5), so NVA→Azure traffic uses both. */
export const MAXIMUM_PATHS = 2;

/*
 * No `maximum-prefix` (F2 asked for one "toward Route Server"): IOS's
 * maximum-prefix counts routes *received* from a neighbor; IOS has no cap on
 * what it sends. Toward Route Server the cap is the exact outbound
 * prefix-list: one route per advertise.client prefix, which the validator
 * keeps within Route Server's 1,000 routes per peer (rules/route-server-routes.ts).
 * An inbound cap on the gateway sessions would only turn a large client side
 * (many branches or spokes behind the gateway) into a torn-down session,
 * although the filter already keeps those routes from Route Server.
 */

interface Neighbor {
  address: string;
  remoteAs: number;
  description: string;
  updateSource: string;
  kind: "gateway" | "routeServer";
}

export function neighborsOf(topo: Topology, nva: NvaPlan): Neighbor[] {
  const gateway = topo.gateway.instances.map((inst) => ({
    address: nva.gatewayBgpIps[inst.index],
    remoteAs: topo.gateway.asn,
    description: describeWithin(NEIGHBOR_DESCRIPTION_MAX, topo.gateway.name, ` instance ${inst.index} via ${nva.tunnelInterfaces[inst.index]}`),
    updateSource: LOOPBACK_IF,
    kind: "gateway" as const,
  }));
  const rs = topo.routeServer;
  const routeServer = rs
    ? ([0, 1] as const).map((i) => ({
        address: placeholder.routeServerIp(i),
        remoteAs: rs.asn,
        description: describeWithin(NEIGHBOR_DESCRIPTION_MAX, `Route Server ${rs.name}`, ` instance ${i}`),
        updateSource: INSIDE_IF,
        kind: "routeServer" as const,
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
      ` neighbor ${n.address} ebgp-multihop ${EBGP_MULTIHOP_TTL}`,
      ` neighbor ${n.address} update-source ${n.updateSource}`,
      ...(n.kind === "gateway" ? [` neighbor ${n.address} fall-over route-map ${BGP_POLICY.fallOverMap}`] : []),
    ]),
    ` !`,
    ` address-family ipv4`,
    ...topo.advertise.provider.map((p) => {
      const [net, mask] = networkAndMask(p);
      return `  network ${net} mask ${mask}`;
    }),
    `  maximum-paths ${MAXIMUM_PATHS}`,
    ...neighbors.flatMap((n) => [
      `  neighbor ${n.address} activate`,
      `  neighbor ${n.address} soft-reconfiguration inbound`,
      `  neighbor ${n.address} route-map ${n.kind === "gateway" ? BGP_POLICY.toGatewayMap : BGP_POLICY.toRouteServerMap} out`,
    ]),
    ` exit-address-family`,
    `!`,
  ];
}
