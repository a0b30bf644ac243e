// How many NVAs fit. Sources: APIPA planning (shared/plan/apipa.ts: 64 /29
// blocks); Route Server FAQ (at most 8 BGP peers); Microsoft Learn "About
// VPN Gateway SKUs" (S2S tunnels: VpnGw1AZ-3AZ 30, VpnGw4AZ-5AZ 100; each NVA
// takes one tunnel per gateway instance, two in all).
import { MAX_NVAS_BY_APIPA } from "../../plan/apipa.js";
import type { Rule } from "../report.js";

export const MAX_ROUTE_SERVER_PEERS = 8;
export const SKU_TUNNELS = { VpnGw1AZ: 30, VpnGw2AZ: 30, VpnGw3AZ: 30, VpnGw4AZ: 100, VpnGw5AZ: 100 } as const;

export const nvaCountWithinLimits: Rule = (spec, r) => {
  const n = spec.nvas.length;
  if (n > MAX_NVAS_BY_APIPA) r.error("$.nvas", `at most ${MAX_NVAS_BY_APIPA} NVAs: the gateway's APIPA range holds ${MAX_NVAS_BY_APIPA} /29 blocks`, n);
  if (spec.routeServer.enabled && n > MAX_ROUTE_SERVER_PEERS) {
    r.error("$.nvas", `at most ${MAX_ROUTE_SERVER_PEERS} NVAs with Route Server (its BGP peer limit)`, n);
  }
  const tunnels = SKU_TUNNELS[spec.gateway.sku];
  if (2 * n > tunnels) r.error("$.nvas", `${spec.gateway.sku} supports ${tunnels} S2S tunnels; ${n} NVAs need ${2 * n} (two each)`, n);
};
