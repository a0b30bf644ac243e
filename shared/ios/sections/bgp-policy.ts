// What each kind of BGP peer may be sent, and when a gateway session is
// given up. Rendered before `router bgp`, which refers to these by name.
//
// Outbound policy (NVA-FACTS F1, F2): the gateway gets only
// `advertise.provider` (what the client side must reach); Route Server gets
// only `advertise.client` (the client side, learned from the gateway).
// F1 is fixed here rather than by refusing provider prefixes outside the
// provider VNet: such a prefix (a branch behind the provider side, say) is a
// legitimate thing for the client side to reach, and what made it loop was
// that Route Server heard it too and programmed it back at the NVAs. With
// the provider prefixes kept away from Route Server there is no loop and no
// reason to refuse the spec. It also keeps the NVA from relaying to Route
// Server whatever else the gateway sends (other branches, transit routes):
// Route Server drops a peer that sends more than its per-peer route limit.
// Every entry is an exact match, so a peer gets at most one route per
// planned prefix.
//
// Fall-over (F6): the session to a gateway instance goes down as soon as
// the /32 through that instance's tunnel leaves the RIB. The route-map takes
// host routes only, so the default route out of GigabitEthernet1 (which
// would otherwise still "reach" the APIPA address) does not keep it up.
import type { Topology } from "../../plan/types.js";
import { networkAndMask } from "../addressing.js";
import { BGP_POLICY } from "../names.js";

function prefixListLines(name: string, prefixes: string[]): string[] {
  // An empty list must still exist and deny: a route-map matching a prefix
  // list IOS does not have matches every route.
  if (prefixes.length === 0) return [`ip prefix-list ${name} seq 5 deny 0.0.0.0/0 le 32`];
  return prefixes.map((p, i) => {
    const [net] = networkAndMask(p);
    return `ip prefix-list ${name} seq ${(i + 1) * 5} permit ${net}/${p.split("/")[1]}`;
  });
}

function routeMapLines(name: string, prefixList: string): string[] {
  return [`route-map ${name} permit 10`, ` match ip address prefix-list ${prefixList}`, `!`];
}

export function bgpPolicyLines(topo: Topology): string[] {
  const P = BGP_POLICY;
  return [
    ...prefixListLines(P.toGatewayList, topo.advertise.provider),
    ...(topo.routeServer ? prefixListLines(P.toRouteServerList, topo.advertise.client) : []),
    `ip prefix-list ${P.hostRoutesList} seq 5 permit 0.0.0.0/0 ge 32`,
    `!`,
    ...routeMapLines(P.toGatewayMap, P.toGatewayList),
    ...(topo.routeServer ? routeMapLines(P.toRouteServerMap, P.toRouteServerList) : []),
    ...routeMapLines(P.fallOverMap, P.hostRoutesList),
  ];
}
