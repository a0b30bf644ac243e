// Which BGP sessions a gateway or Route Server has had, as metric series:
// their dimension values and their history from the session timeline. A
// session that is gone (its connection or peering deleted) keeps its series
// up to the moment it went: the timeline says "Removed" then.
import type { ArmEngine } from "../arm/engine.js";
import { resourceGroupOf } from "../arm/store.js";
import type { NetworkState } from "../network/types.js";
import type { PathSnapshot } from "../network/timeline.js";
import { gatewayInstance } from "./catalog.js";
import type { SessionHistory } from "./session-history.js";

export interface SeriesSource {
  dimensions: Record<string, string>;
  history: SessionHistory;
  side: "gateway" | "routeServer";
  /** Routes advertised to this peer now (the model keeps no history of them). */
  advertised: number;
}

export interface ResourceSessions {
  sources: SeriesSource[];
  snapshots: PathSnapshot[];
}

const lower = (s: string) => s.toLowerCase();

function lookup<T>(map: Record<string, T>, id: string): T | undefined {
  return map[id] ?? Object.entries(map).find(([k]) => lower(k) === lower(id))?.[1];
}

/** What the metrics service remembers across calls: which gateway a connection belonged to, a peering's peer IP (for sessions whose resource is gone). */
export class SessionOwners {
  readonly connectionGateway = new Map<string, string>();
  readonly peeringIp = new Map<string, string>();

  /** Learn from the resources of one resource group as they are now. */
  learn(engine: ArmEngine, rg: string): void {
    for (const e of engine.store.ofType("Microsoft.Network/connections", rg)) {
      const gw = e.resource.properties.virtualNetworkGateway1?.id as string | undefined;
      if (gw) this.connectionGateway.set(lower(e.resource.id), lower(gw));
    }
    for (const e of engine.store.ofType("Microsoft.Network/virtualHubs/bgpConnections", rg)) {
      const ip = e.resource.properties.peerIp as string | undefined;
      if (ip) this.peeringIp.set(lower(e.resource.id), ip);
    }
  }
}

export interface SessionsOptions {
  /**
   * The timelines are current (a virtual clock's moves bring them up to date):
   * no need to look at the network first, which costs a model evaluation per
   * resource group. With a real or scaled clock, look first.
   */
  timelinesCurrent: boolean;
  /** Only the advertised-route metrics need today's routes (a model evaluation). */
  needAdvertised: boolean;
}

export function sessionsOf(engine: ArmEngine, owners: SessionOwners, resourceId: string, type: "gateway" | "hub", options: SessionsOptions): ResourceSessions {
  const rg = resourceGroupOf(resourceId);
  const state: NetworkState | null = !options.timelinesCurrent || options.needAdvertised ? engine.networkState(rg) : null; // brings the timeline up to now
  owners.learn(engine, rg);
  const timeline = engine.timelines.get(rg);
  if (!timeline) return { sources: [], snapshots: [] };
  const id = lower(resourceId);
  const byKey = new Map<string, SessionHistory>();
  const kind = type === "gateway" ? "gateway" : "routeServer";
  for (const c of timeline.changes) {
    if (c.kind !== kind) continue;
    let h = byKey.get(c.key);
    if (!h) byKey.set(c.key, (h = { changes: [] }));
    h.changes.push(c);
  }
  const sources: SeriesSource[] = [];
  if (type === "gateway") {
    const gateways = engine.store.ofType("Microsoft.Network/virtualNetworkGateways", rg).map((e) => lower(e.resource.id));
    for (const [key, history] of byKey) {
      const [connection, instance, neighbor] = key.split("|") as [string, string, string];
      // A connection seen before belongs to the gateway it had; else the resource group's only gateway.
      const owner = owners.connectionGateway.get(connection) ?? (gateways.length === 1 ? gateways[0] : undefined);
      if (owner !== id) continue;
      sources.push({
        dimensions: { BgpPeerAddress: neighbor, Instance: gatewayInstance(Number(instance)) },
        history,
        side: "gateway",
        advertised: state ? (lookup(state.gatewayAdvertisedRoutes, resourceId)?.[neighbor]?.length ?? 0) : 0,
      });
    }
  } else {
    for (const [key, history] of byKey) {
      const [peering, role] = key.split("|") as [string, string];
      if (!peering.startsWith(`${id}/bgpconnections/`)) continue;
      sources.push({
        dimensions: { routeserviceinstance: role, bgppeerip: owners.peeringIp.get(peering) ?? "" },
        history,
        side: "routeServer",
        advertised: state ? (lookup(state.routeServerAdvertisedRoutes, peering)?.[role]?.length ?? 0) : 0,
      });
    }
  }
  return { sources, snapshots: timeline.snapshots };
}
