// What the NVAs send Route Server fits under its per-peer route limit. Each
// NVA sends Route Server exactly the advertise.client prefixes (an exact
// outbound prefix-list, shared/ios/sections/bgp-policy.ts), so the list's
// length is the count Route Server receives from each NVA. Source: Route
// Server FAQ (ARM-FACTS §4.4): 1,000 routes per BGP peer; "If your NVA
// advertises more routes than the limit, the BGP session will be dropped".
import type { Rule } from "../report.js";

export const ROUTE_SERVER_ROUTES_PER_PEER = 1000;

export const clientPrefixesWithinRouteServerLimit: Rule = (spec, r) => {
  if (!spec.routeServer.enabled) return;
  const client = spec.advertise.client ?? spec.clientVnet.addressSpace;
  if (client.length > ROUTE_SERVER_ROUTES_PER_PEER) {
    r.error(
      spec.advertise.client ? "$.advertise.client" : "$.clientVnet.addressSpace",
      `at most ${ROUTE_SERVER_ROUTES_PER_PEER} prefixes: each NVA sends them all to Route Server, which drops a peer that sends more than ${ROUTE_SERVER_ROUTES_PER_PEER} routes`,
      client.length,
    );
  }
};
