// GatewaySubnet and RouteServerSubnet are big enough. Sources: Microsoft
// Learn "About VPN Gateway configuration settings" §Gateway subnet (/29 is
// the smallest that works, /27 or larger recommended so later features
// fit); Route Server quickstart / FAQ (RouteServerSubnet /26 or larger —
// ARM-FACTS §4.3: older docs said /27, so the larger, current size is used).
import { prefixLength } from "../cidr.js";
import type { Rule } from "../report.js";

export const GATEWAY_SUBNET_MIN = 29;
export const GATEWAY_SUBNET_RECOMMENDED = 27;
export const ROUTE_SERVER_SUBNET_MIN = 26;

export const specialSubnetSizes: Rule = (spec, r) => {
  const gw = spec.clientVnet.gatewaySubnet;
  if (prefixLength(gw) > GATEWAY_SUBNET_MIN) r.error("$.clientVnet.gatewaySubnet", `GatewaySubnet must be /${GATEWAY_SUBNET_MIN} or larger`, gw);
  else if (prefixLength(gw) > GATEWAY_SUBNET_RECOMMENDED) {
    r.warn("$.clientVnet.gatewaySubnet", `GatewaySubnet should be /${GATEWAY_SUBNET_RECOMMENDED} or larger (Microsoft's recommendation, room for more gateway features)`, gw);
  }
  if (!spec.routeServer.enabled) return;
  const rs = spec.providerVnet.routeServerSubnet;
  if (!rs) r.error("$.providerVnet.routeServerSubnet", "RouteServerSubnet is required when Route Server is enabled (routeServer.enabled)");
  else if (prefixLength(rs) > ROUTE_SERVER_SUBNET_MIN) r.error("$.providerVnet.routeServerSubnet", `RouteServerSubnet must be /${ROUTE_SERVER_SUBNET_MIN} or larger`, rs);
};
