// The Azure Monitor platform metrics tier 1 reads for BGP, through
// metrics:getBatch (FLEET-HEALTH §3): the VPN gateway's BgpPeerStatus and
// BgpRoutesLearned split by peer and instance, Route Server's (virtualHubs)
// BgpPeerStatus and CountOfRoutesLearnedFromPeer split by peer and instance.
// A batch call takes up to 50 resources of one type, subscription and region.
export interface MetricQuery {
  namespace: string;
  names: string[];
  /** Split by every value of these dimensions ($filter "<dim> eq '*'"). */
  dimensions: string[];
}

export const GATEWAY_METRICS: MetricQuery = {
  namespace: "Microsoft.Network/virtualNetworkGateways",
  names: ["BgpPeerStatus", "BgpRoutesLearned"],
  dimensions: ["BgpPeerAddress", "Instance"],
};

export const ROUTE_SERVER_METRICS: MetricQuery = {
  namespace: "Microsoft.Network/virtualHubs",
  names: ["BgpPeerStatus", "CountOfRoutesLearnedFromPeer"],
  dimensions: ["bgppeerip", "routeserviceinstance"],
};

/** At most this many resources per getBatch call (the API's limit). */
export const METRICS_BATCH_SIZE = 50;

/** One time series, reduced to what tier 1 judges: its newest value. */
export interface MetricSeries {
  /** Lower-case resource id. */
  resourceId: string;
  metric: string;
  /** Dimension name (lower-case) -> value. */
  dimensions: Record<string, string>;
  /** The newest point that holds a value; null when the series has none in the window. */
  latest: { at: string; value: number } | null;
}

export const metricFilter = (q: MetricQuery): string => q.dimensions.map((d) => `${d} eq '*'`).join(" and ");

const PEER_KEYS = ["bgppeeraddress", "bgppeerip", "peer"];
const INSTANCE_KEYS = ["instance", "routeserviceinstance"];

/** The peer address a series is about. */
export const peerOf = (s: MetricSeries): string | undefined => PEER_KEYS.map((k) => s.dimensions[k]).find((v) => v !== undefined);

/** The instance a series is about: the trailing number of the instance dimension ("GatewayTenantWorker_IN_1" -> 1). */
export function instanceOf(s: MetricSeries): number | undefined {
  const v = INSTANCE_KEYS.map((k) => s.dimensions[k]).find((x) => x !== undefined);
  const m = v === undefined ? null : /(\d+)\s*$/.exec(v);
  return m ? Number(m[1]) : undefined;
}

/** Resources grouped for getBatch: same namespace, subscription and region, at most 50 per group. */
export function batchesOf(resources: Array<{ id: string; subscriptionId: string; region: string }>, size = METRICS_BATCH_SIZE): Array<{ subscriptionId: string; region: string; ids: string[] }> {
  const groups = new Map<string, { subscriptionId: string; region: string; ids: string[] }>();
  for (const r of resources) {
    const key = `${r.subscriptionId.toLowerCase()}|${r.region.toLowerCase()}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { subscriptionId: r.subscriptionId.toLowerCase(), region: r.region.toLowerCase(), ids: [] }));
    g.ids.push(r.id);
  }
  const out: Array<{ subscriptionId: string; region: string; ids: string[] }> = [];
  for (const g of groups.values()) for (let i = 0; i < g.ids.length; i += size) out.push({ ...g, ids: g.ids.slice(i, i + size) });
  return out;
}
