// What happens on the NVA to a gateway BGP session when the tunnel under it
// goes down. The session is multihop (loopback to APIPA address), so IOS
// does not reset it when its /32 route leaves the RIB: it lives on until the
// hold timer expires (180 s), and its routes keep pointing into the dead
// tunnel. `neighbor X fall-over` resets it as soon as the peer has no route
// left; with `fall-over route-map M`, as soon as no route that M permits
// reaches it. Plain fall-over does not help an NVA with a default route out
// of GigabitEthernet1: the APIPA address is still "reachable" through it.
// Source: Cisco IOS IP Routing: BGP Configuration Guide, "BGP Support for
// Fast Peering Session Deactivation" (event-driven and selective
// fall-over); NVA-FACTS F6.
import { effectiveNeighbor } from "./ios/bgp-neighbor.js";
import { routeMapPermits } from "./ios/route-policy.js";
import { formatPrefix } from "./ipv4.js";
import { forwardingTable, interfaceStates, type Nva } from "./nva.js";

export interface FallOverVerdict {
  /** True when IOS resets the session the moment the tunnel goes down. */
  dropsAtOnce: boolean;
  /** In words, for the session's reasons. */
  explanation: string;
}

/** `neighbor` is the gateway's address the NVA peers with; `tunnel` the interface that carries it; `upTunnels` the tunnels that are up otherwise. */
export function fallOverWhenTunnelDrops(nva: Nva, neighbor: string, tunnel: string, upTunnels: Set<string>): FallOverVerdict {
  const config = nva.config;
  const n = config?.bgp ? effectiveNeighbor(config.bgp, neighbor) : undefined;
  if (!config || !n) return { dropsAtOnce: true, explanation: "" };
  const lingers = (why: string) => ({ dropsAtOnce: false, explanation: `on ${nva.name} the session to ${neighbor} lives on until the hold timer expires: ${why}` });
  if (!n.fallOver) return lingers("no fall-over on a multihop session");
  if (n.fallOver.bfd) return lingers("fall-over bfd, and Azure's gateway runs no BFD");
  const states = interfaceStates(nva, (name) => name !== tunnel && upTunnels.has(name));
  const route = forwardingTable(nva, states).lookup(neighbor)?.route;
  if (!route) return { dropsAtOnce: true, explanation: `on ${nva.name} fall-over resets the session to ${neighbor}: no route to it is left` };
  const prefix = formatPrefix(route.prefix);
  if (n.fallOver.routeMap === undefined) return lingers(`fall-over still finds ${prefix} (${route.origin}) to ${neighbor}; it needs a route-map that takes host routes only`);
  const map = n.fallOver.routeMap;
  const lists = Object.fromEntries([...config.prefixLists]);
  if (routeMapPermits(config.routeMaps.get(map) ?? null, lists, prefix)) {
    return lingers(`fall-over route-map ${map} accepts ${prefix} (${route.origin}), which still reaches ${neighbor}`);
  }
  return { dropsAtOnce: true, explanation: `on ${nva.name} fall-over route-map ${map} resets the session to ${neighbor}: only ${prefix} (${route.origin}) is left, which ${map} does not accept` };
}
