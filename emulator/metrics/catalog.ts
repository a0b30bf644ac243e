// The metrics the emulator serves, per resource type (FLEET-HEALTH §3.1,
// §3.2): names, units, the primary aggregation (used when none is asked for)
// and the dimensions a filter may split by. Dimension values the docs do not
// show are the emulator's choice, documented in README.md.
export type Aggregation = "average" | "total" | "maximum" | "minimum" | "count";

export interface MetricDefinition {
  name: string;
  displayName: string;
  unit: "Count";
  primary: Aggregation;
  /** Dimension names as Azure spells them. */
  dimensions: string[];
  /** A session-state metric (time-weighted 0..1) or a route count (the value at the bin's end). */
  kind: "status" | "learned" | "advertised";
}

const GATEWAY_DIMENSIONS = ["BgpPeerAddress", "Instance"];
const HUB_DIMENSIONS = ["routeserviceinstance", "bgppeerip"];

export const METRICS: Record<string, MetricDefinition[]> = {
  "microsoft.network/virtualnetworkgateways": [
    { name: "BgpPeerStatus", displayName: "BGP Peer Status", unit: "Count", primary: "average", dimensions: GATEWAY_DIMENSIONS, kind: "status" },
    { name: "BgpRoutesLearned", displayName: "BGP Routes Learned", unit: "Count", primary: "total", dimensions: GATEWAY_DIMENSIONS, kind: "learned" },
    { name: "BgpRoutesAdvertised", displayName: "BGP Routes Advertised", unit: "Count", primary: "total", dimensions: GATEWAY_DIMENSIONS, kind: "advertised" },
  ],
  "microsoft.network/virtualhubs": [
    { name: "BgpPeerStatus", displayName: "Bgp Peer Status", unit: "Count", primary: "maximum", dimensions: HUB_DIMENSIONS, kind: "status" },
    { name: "CountOfRoutesLearnedFromPeer", displayName: "Count Of Routes Learned From Peer", unit: "Count", primary: "maximum", dimensions: HUB_DIMENSIONS, kind: "learned" },
    { name: "CountOfRoutesAdvertisedToPeer", displayName: "Count Of Routes Advertised To Peer", unit: "Count", primary: "maximum", dimensions: HUB_DIMENSIONS, kind: "advertised" },
  ],
};

export const AGGREGATIONS: Aggregation[] = ["average", "total", "maximum", "minimum", "count"];

/** "GatewayTenantWorker_IN_0": the gateway instance as the Instance dimension names it (emulator's choice). */
export const gatewayInstance = (i: number) => `GatewayTenantWorker_IN_${i}`;
