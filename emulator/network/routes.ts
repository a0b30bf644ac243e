// Routes as Azure lists them, derived from the BGP topology and whichever
// sessions the state reports Connected. computeNetworkState calls this for
// the steady state; convergence.ts calls it again for a network whose
// sessions are still coming up (or are being held up by a hold timer).
import { endKey, propagate, type ExchangedRoute, type Propagation } from "./bgp-propagation.js";
import { fallOverWhenTunnelDrops } from "./fall-over.js";
import { effectiveNeighbor } from "./ios/bgp-neighbor.js";
import { neighborPolicy, type NeighborPolicy } from "./ios/route-policy.js";
import type { GatewaySessionEvaluation } from "./gateway-sessions.js";
import type { GatewayView } from "./gateway-view.js";
import { gatewayServes } from "./gateway-update.js";
import { idKey } from "./inventory.js";
import { formatPrefix, parseCidr, parseIpv4, prefixOf } from "./ipv4.js";
import { forwardingTable, interfaceStates, type Nva } from "./nva.js";
import { ROUTE_SERVER_ROUTES_PER_PEER, type RouteServerSessionEvaluation } from "./route-server-sessions.js";
import type { BgpTopology, BgpTopologyLink, NetworkState, NvaRoute, RouteOutcome } from "./types.js";

/** Weight Azure shows on routes a gateway or Route Server learned or originated. */
const LEARNED_WEIGHT = 32768;

const gatewayKey = (id: string) => `gateway:${idKey(id)}`;
const hubKey = (id: string) => `hub:${idKey(id)}`;
const nvaKey = (id: string) => `nva:${idKey(id)}`;

export function buildBgpTopology(
  gateways: GatewayView[],
  gatewaySessions: GatewaySessionEvaluation[],
  routeServerSessions: RouteServerSessionEvaluation[],
  nvas: Nva[],
  upTunnels: (nva: Nva) => Set<string>,
): BgpTopology {
  const topology: BgpTopology = { speakers: [], links: [], gatewayOwnRoutes: {} };
  for (const g of gateways) {
    if (!gatewayServes(g.resource)) continue;
    const prefixes = normalised(g.vnetPrefixes);
    topology.speakers.push({ key: gatewayKey(g.resource.id), asn: g.asn, originated: prefixes });
    topology.gatewayOwnRoutes[g.resource.id] = g.instances.flatMap((instance) => {
      const own = instance.defaultBgpIps[0] ?? "";
      return prefixes.map((network) => ({ network, nextHop: "", sourcePeer: own, asPath: "", origin: "Network" as const, localAddress: own, weight: LEARNED_WEIGHT }));
    });
  }
  const hubs = new Map(routeServerSessions.map((s) => [idKey(s.routeServer.hub.id), s.routeServer]));
  for (const rs of hubs.values()) topology.speakers.push({ key: hubKey(rs.hub.id), asn: rs.asn, originated: normalised(rs.vnetPrefixes) });
  // Stopped NVAs stay in the topology: a held session still delivers the routes it had.
  const speaking = new Set<string>();
  for (const nva of nvas) {
    const bgp = nva.config?.bgp;
    if (!bgp) continue;
    speaking.add(idKey(nva.vmId));
    topology.speakers.push({
      key: nvaKey(nva.vmId),
      asn: bgp.asn,
      originated: nvaOriginated(nva, upTunnels(nva)),
      vmId: nva.vmId,
      ...(bgp.maximumPaths !== undefined ? { maximumPaths: bgp.maximumPaths } : {}),
    });
  }
  const policyOf = (nva: Nva, neighbor: string): { policy?: NeighborPolicy } => {
    const n = effectiveNeighbor(nva.config!.bgp!, neighbor);
    return n ? { policy: neighborPolicy(nva.config!, n) } : {};
  };
  gatewaySessions.forEach((s, index) => {
    const nva = s.tunnel.nva;
    if (!nva || !speaking.has(idKey(nva.vmId)) || !s.outcome.localAddress || !s.outcome.neighbor) return;
    topology.links.push({
      key: `gw|${idKey(s.outcome.connectionId)}|${s.outcome.instance}`,
      kind: "gateway",
      index,
      azure: { speaker: gatewayKey(s.outcome.gatewayId), address: s.outcome.localAddress },
      nva: { speaker: nvaKey(nva.vmId), address: s.outcome.neighbor, ...policyOf(nva, s.outcome.localAddress) },
      ...(s.tunnel.nvaInterface ? { nvaDropsWithTunnel: fallOverWhenTunnelDrops(nva, s.outcome.localAddress, s.tunnel.nvaInterface, upTunnels(nva)).dropsAtOnce } : {}),
    });
  });
  routeServerSessions.forEach((s, index) => {
    if (!s.nva || !speaking.has(idKey(s.nva.vmId)) || !s.outcome.routerIp) return;
    topology.links.push({
      key: `rs|${idKey(s.outcome.bgpConnectionId)}|${s.outcome.role}`,
      kind: "routeServer",
      index,
      azure: { speaker: hubKey(s.outcome.hubId), address: s.outcome.routerIp },
      nva: { speaker: nvaKey(s.nva.vmId), address: s.outcome.peerIp, ...policyOf(s.nva, s.outcome.routerIp) },
    });
  });
  return topology;
}

/**
 * Fill the route lists and routesReceived of `state` from its topology and
 * its Connected sessions (in place; returns it). `nvaHeldGatewayPeers` are
 * indices of gateway sessions Azure no longer counts but the NVA still holds
 * (its tunnel dropped, and no fall-over reset it): they feed the NVAs' own
 * routes only (convergence.ts).
 */
export function applyRoutes(state: NetworkState, nvaHeldGatewayPeers: ReadonlySet<number> = new Set()): NetworkState {
  const topology = state.bgpTopology;
  state.gatewayLearnedRoutes = {};
  state.gatewayAdvertisedRoutes = {};
  state.routeServerLearnedRoutes = {};
  state.routeServerAdvertisedRoutes = {};
  for (const p of state.gatewayPeers) p.routesReceived = [];
  for (const p of state.routeServerPeers) p.routesReceived = [];
  for (const p of state.routeServerPeers) {
    (state.routeServerLearnedRoutes[p.bgpConnectionId] ??= {})[p.role] = [];
    (state.routeServerAdvertisedRoutes[p.bgpConnectionId] ??= {})[p.role] = [];
  }
  for (const p of state.gatewayPeers) {
    state.gatewayLearnedRoutes[p.gatewayId] ??= [];
    state.gatewayAdvertisedRoutes[p.gatewayId] ??= {};
  }
  if (!topology) return state;
  for (const [gatewayId, own] of Object.entries(topology.gatewayOwnRoutes)) {
    state.gatewayLearnedRoutes[gatewayId] = own.map((r) => ({ ...r }));
    state.gatewayAdvertisedRoutes[gatewayId] ??= {};
  }

  const peerOf = (l: BgpTopologyLink) => (l.kind === "gateway" ? state.gatewayPeers[l.index] : state.routeServerPeers[l.index]);
  let up = topology.links.filter((l) => peerOf(l)?.state === "Connected");
  let propagation = propagate(topology.speakers, up.map((l) => ({ key: l.key, a: l.azure, b: l.nva })));
  // A session whose peer sends more than the receiver's prefix limit is torn
  // down; what it carried is withdrawn, which may bring others under theirs.
  for (let round = 0; round <= topology.links.length; round++) {
    const over = up.map((l) => ({ link: l, reason: prefixLimitReason(l, propagation) })).filter((x) => x.reason !== null);
    if (over.length === 0) break;
    for (const { link, reason } of over) {
      const peer = peerOf(link)!;
      peer.state = "Idle";
      peer.reasons = [...peer.reasons, reason!];
    }
    up = up.filter((l) => !over.some((x) => x.link === l));
    propagation = propagate(topology.speakers, up.map((l) => ({ key: l.key, a: l.azure, b: l.nva })));
  }
  const held = topology.links.filter((l) => l.kind === "gateway" && nvaHeldGatewayPeers.has(l.index) && !up.includes(l));
  state.nvaRoutes = nvaRoutes(topology, held.length === 0 ? propagation : propagate(topology.speakers, [...up, ...held].map((l) => ({ key: l.key, a: l.azure, b: l.nva }))));
  const asPath = (path: number[]) => path.join("-");

  for (const link of up) {
    const got = propagation.received.get(endKey(link.key, link.azure.speaker)) ?? [];
    const sent = propagation.sent.get(endKey(link.key, link.azure.speaker)) ?? [];
    if (link.kind === "gateway") {
      const peer = state.gatewayPeers[link.index]!;
      peer.routesReceived = got.map((r) => r.prefix);
      (state.gatewayLearnedRoutes[peer.gatewayId] ??= []).push(
        ...got.map((r) => ({ network: r.prefix, nextHop: r.nextHop, sourcePeer: peer.neighbor, asPath: asPath(r.asPath), origin: "EBgp" as const, localAddress: peer.localAddress, weight: LEARNED_WEIGHT })),
      );
      ((state.gatewayAdvertisedRoutes[peer.gatewayId] ??= {})[peer.neighbor] ??= []).push(...sent.map((r) => advertisedRoute(r, peer.localAddress, asPath)));
    } else {
      const peer = state.routeServerPeers[link.index]!;
      peer.routesReceived = got.map((r) => r.prefix);
      state.routeServerLearnedRoutes[peer.bgpConnectionId]![peer.role] = got.map((r) => ({
        network: r.prefix, nextHop: r.nextHop, sourcePeer: peer.peerIp, asPath: asPath(r.asPath), origin: "EBgp", localAddress: peer.routerIp, weight: LEARNED_WEIGHT,
      }));
      state.routeServerAdvertisedRoutes[peer.bgpConnectionId]![peer.role] = sent.map((r) => ({ ...advertisedRoute(r, peer.routerIp, asPath), sourcePeer: peer.routerIp }));
    }
  }
  return state;
}

/** Why a session is torn down for the number of routes it carries, or null. */
function prefixLimitReason(link: BgpTopologyLink, propagation: Propagation): string | null {
  const toNva = (propagation.received.get(endKey(link.key, link.nva.speaker)) ?? []).length;
  const max = link.nva.policy?.maximumPrefix;
  if (max && !max.warningOnly && toNva > max.limit) {
    const restart = max.restartMinutes !== undefined ? `, and retries every ${max.restartMinutes} min` : " until cleared by hand";
    return `the NVA received ${toNva} prefixes from ${link.azure.address}, over its maximum-prefix ${max.limit}: IOS tears the session down${restart}`;
  }
  const toRouteServer = (propagation.received.get(endKey(link.key, link.azure.speaker)) ?? []).length;
  if (link.kind === "routeServer" && toRouteServer > ROUTE_SERVER_ROUTES_PER_PEER) {
    return `the NVA ${link.nva.address} sent ${toRouteServer} routes; Route Server drops a peer that sends more than ${ROUTE_SERVER_ROUTES_PER_PEER}`;
  }
  return null;
}

/** Each NVA's installed BGP routes (what it learned, not what it originates), by VM id. */
function nvaRoutes(topology: BgpTopology, propagation: Propagation): Record<string, NvaRoute[]> {
  const out: Record<string, NvaRoute[]> = {};
  for (const speaker of topology.speakers) {
    if (!speaker.vmId) continue;
    const best = propagation.best.get(speaker.key) ?? new Map();
    out[speaker.vmId] = [...best]
      .filter(([, b]) => !b.local)
      .map(([network, b]) => ({ network, nextHops: b.nextHops, asPath: b.asPath.join("-") }))
      .sort((x, y) => x.network.localeCompare(y.network));
  }
  return out;
}

/** A route as Azure lists it in an advertised-routes answer: its own prefixes as Igp, relayed ones as EBgp. */
function advertisedRoute(r: ExchangedRoute, localAddress: string, asPath: (p: number[]) => string): RouteOutcome {
  return { network: r.prefix, nextHop: localAddress, sourcePeer: "", asPath: asPath(r.asPath), origin: r.originatedBySender ? "Igp" : "EBgp", localAddress, weight: 0 };
}

function normalised(prefixes: string[]): string[] {
  return prefixes.map(parseCidr).filter((p) => p !== null).map(formatPrefix);
}

/** `network` statements with an exact match in the RIB, plus redistributed static/connected routes. */
function nvaOriginated(nva: Nva, up: Set<string>): string[] {
  const bgp = nva.config!.bgp!;
  const table = forwardingTable(nva, interfaceStates(nva, (n) => up.has(n)));
  const out = new Set<string>();
  for (const n of bgp.networks) {
    const prefix = prefixOf(parseIpv4(n.network)!, n.length);
    if (table.hasExactRoute(prefix)) out.add(formatPrefix(prefix));
  }
  for (const route of table.routes()) {
    const redistributed = (route.source === "static" && bgp.redistribute.includes("static")) || (route.source === "connected" && bgp.redistribute.includes("connected"));
    if (redistributed && route.prefix.length > 0) out.add(formatPrefix(route.prefix));
  }
  return [...out].sort();
}
