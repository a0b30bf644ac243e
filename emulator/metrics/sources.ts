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

/** What the metrics service remembers across calls: which gateway a connection belonged to, a peering's peer IP. */
export class SessionOwners {
  readonly connectionGateway = new Map<string, string>();
  readonly peeringIp = new Map<string, string>();

  learn(state: NetworkState): void {
    for (const p of state.gatewayPeers) this.connectionGateway.set(lower(p.connectionId), lower(p.gatewayId));
    for (const p of state.routeServerPeers) this.peeringIp.set(lower(p.bgpConnectionId), p.peerIp);
  }
}

export function sessionsOf(engine: ArmEngine, owners: SessionOwners, resourceId: string, type: "gateway" | "hub"): ResourceSessions {
  const rg = resourceGroupOf(resourceId);
  const state = engine.networkState(rg); // brings the timeline up to now
  owners.learn(state);
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
        advertised: lookup(state.gatewayAdvertisedRoutes, resourceId)?.[neighbor]?.length ?? 0,
      });
    }
  } else {
    for (const [key, history] of byKey) {
      const [peering, role] = key.split("|") as [string, string];
      if (!peering.startsWith(`${id}/bgpconnections/`)) continue;
      const peerIp = owners.peeringIp.get(peering) ?? (engine.store.get(peering)?.resource.properties.peerIp as string | undefined) ?? "";
      sources.push({
        dimensions: { routeserviceinstance: role, bgppeerip: peerIp },
        history,
        side: "routeServer",
        advertised: lookup(state.routeServerAdvertisedRoutes, peering)?.[role]?.length ?? 0,
      });
    }
  }
  return { sources, snapshots: timeline.snapshots };
}
