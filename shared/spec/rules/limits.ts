// How many NVAs fit. Sources:
// - APIPA planning (shared/plan/apipa.ts): 64 /29 blocks in the gateway's
//   custom APIPA range, one per NVA.
// - Route Server FAQ (ARM-FACTS §4.4): at most 8 BGP peers per Route Server.
// - Microsoft Learn "About gateway SKUs" (SKU table, include
//   vpn-gateway-table-gwtype-aggtput, 2026-06): S2S/VNet-to-VNet tunnels
//   VpnGw1AZ, VpnGw2AZ, VpnGw3AZ max. 30; VpnGw4AZ, VpnGw5AZ max. 100.
//   Active-active, each NVA's connection is two tunnels (one per gateway
//   instance), so N NVAs need 2N.
import { MAX_NVAS_BY_APIPA } from "../../plan/apipa.js";
import type { GatewaySku } from "../schema.js";
import type { Rule } from "../report.js";

export const MAX_ROUTE_SERVER_PEERS = 8;
export const SKU_TUNNELS: Readonly<Record<GatewaySku, number>> = { VpnGw1AZ: 30, VpnGw2AZ: 30, VpnGw3AZ: 30, VpnGw4AZ: 100, VpnGw5AZ: 100 };

export const nvaCountWithinLimits: Rule = (spec, r) => {
  const n = spec.nvas.length;
  if (n > MAX_NVAS_BY_APIPA) r.error("$.nvas", `at most ${MAX_NVAS_BY_APIPA} NVAs: the gateway's APIPA range holds ${MAX_NVAS_BY_APIPA} /29 blocks`, n);
  if (spec.routeServer.enabled && n > MAX_ROUTE_SERVER_PEERS) {
    r.error("$.nvas", `at most ${MAX_ROUTE_SERVER_PEERS} NVAs with Route Server (its BGP peer limit)`, n);
  }
  const tunnels = SKU_TUNNELS[spec.gateway.sku];
  if (2 * n > tunnels) r.error("$.nvas", `${spec.gateway.sku} supports ${tunnels} S2S tunnels; ${n} NVAs need ${2 * n} (two each, active-active)`, n);
};
