// Every subnet of each VNet as the rules see it: user subnets, the NVAs'
// outside and inside subnets, and the two subnets Azure names itself
// (GatewaySubnet, RouteServerSubnet), each with the JSON path of its prefix.
import type { TopologySpec } from "../schema.js";

export interface SubnetRef {
  /** JSON path of the prefix; the name sits beside it (…name) except for the special subnets. */
  path: string;
  name: string;
  prefix: string;
  /** special: named by Azure and set through its own field (gatewaySubnet, routeServerSubnet). */
  role: "outside" | "inside" | "special" | "user";
}

/** Names Azure gives meaning to; a VPN gateway and Route Server only deploy into a subnet of exactly that name. */
export const SPECIAL_SUBNET_NAMES = ["GatewaySubnet", "RouteServerSubnet"] as const;

/** ARM compares resource names case-insensitively, so "gatewaysubnet" is GatewaySubnet too. */
export const isSpecialSubnetName = (name: string) => SPECIAL_SUBNET_NAMES.some((s) => s.toLowerCase() === name.toLowerCase());

export function clientSubnets(spec: TopologySpec): SubnetRef[] {
  const v = spec.clientVnet;
  return [
    ...v.subnets.map((s, i): SubnetRef => ({ path: `$.clientVnet.subnets[${i}].prefix`, name: s.name, prefix: s.prefix, role: "user" })),
    { path: "$.clientVnet.gatewaySubnet", name: "GatewaySubnet", prefix: v.gatewaySubnet, role: "special" },
  ];
}

/** RouteServerSubnet counts only when Route Server is enabled (otherwise it is not created). */
export function providerSubnets(spec: TopologySpec): SubnetRef[] {
  const v = spec.providerVnet;
  const refs: SubnetRef[] = [
    { path: "$.providerVnet.outsideSubnet.prefix", name: v.outsideSubnet.name, prefix: v.outsideSubnet.prefix, role: "outside" },
    { path: "$.providerVnet.insideSubnet.prefix", name: v.insideSubnet.name, prefix: v.insideSubnet.prefix, role: "inside" },
    ...v.subnets.map((s, i): SubnetRef => ({ path: `$.providerVnet.subnets[${i}].prefix`, name: s.name, prefix: s.prefix, role: "user" })),
  ];
  if (spec.routeServer.enabled && v.routeServerSubnet) {
    refs.push({ path: "$.providerVnet.routeServerSubnet", name: "RouteServerSubnet", prefix: v.routeServerSubnet, role: "special" });
  }
  return refs;
}
