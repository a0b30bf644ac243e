// Address-space rules: subnets inside their VNet, no overlaps, the special
// subnets big enough, NVA addresses usable. Sources: Microsoft Learn —
// "About VPN Gateway configuration settings" (GatewaySubnet: /29 minimum,
// /27 or larger recommended), Route Server FAQ / quickstart
// (RouteServerSubnet /26 or larger), "Virtual network FAQ" (Azure reserves
// the first four and the last address of every subnet).
import type { TopologySpec } from "../schema.js";
import { contains, hasHostBits, isAzureReserved, overlaps, prefixLength, within } from "../cidr.js";
import type { Rule, RuleReport } from "../report.js";

interface SubnetRef {
  path: string;
  name: string;
  prefix: string;
}

function subnetsOf(spec: TopologySpec, side: "client" | "provider"): SubnetRef[] {
  if (side === "client") {
    const v = spec.clientVnet;
    return [
      ...v.subnets.map((s, i) => ({ path: `$.clientVnet.subnets[${i}].prefix`, name: s.name, prefix: s.prefix })),
      { path: "$.clientVnet.gatewaySubnet", name: "GatewaySubnet", prefix: v.gatewaySubnet },
    ];
  }
  const v = spec.providerVnet;
  return [
    { path: "$.providerVnet.outsideSubnet.prefix", name: v.outsideSubnet.name, prefix: v.outsideSubnet.prefix },
    { path: "$.providerVnet.insideSubnet.prefix", name: v.insideSubnet.name, prefix: v.insideSubnet.prefix },
    ...v.subnets.map((s, i) => ({ path: `$.providerVnet.subnets[${i}].prefix`, name: s.name, prefix: s.prefix })),
    ...(spec.routeServer.enabled && v.routeServerSubnet
      ? [{ path: "$.providerVnet.routeServerSubnet", name: "RouteServerSubnet", prefix: v.routeServerSubnet }]
      : []),
  ];
}

function checkVnet(report: RuleReport, base: string, addressSpace: string[], subnets: SubnetRef[]): void {
  addressSpace.forEach((p, i) => {
    if (hasHostBits(p)) report.error(`${base}.addressSpace[${i}]`, "an address prefix must be a network address (no host bits set)", p);
    addressSpace.slice(0, i).forEach((q, j) => {
      if (overlaps(p, q)) report.error(`${base}.addressSpace[${i}]`, `address prefixes of one VNet must not overlap; overlaps ${base}.addressSpace[${j}] ${q}`, p);
    });
  });
  subnets.forEach((s, i) => {
    if (hasHostBits(s.prefix)) report.error(s.path, "a subnet prefix must be a network address (no host bits set)", s.prefix);
    if (!addressSpace.some((a) => within(a, s.prefix))) {
      report.error(s.path, `subnet ${s.name} must lie inside the VNet's address space (${addressSpace.join(", ")})`, s.prefix);
    }
    subnets.slice(0, i).forEach((t) => {
      if (overlaps(s.prefix, t.prefix)) report.error(s.path, `subnets must not overlap; ${s.name} overlaps ${t.name} (${t.prefix})`, s.prefix);
      if (s.name === t.name) report.error(s.path.replace(/\.prefix$/, ".name"), `subnet names must be unique in a VNet; ${s.name} is used twice`, s.name);
    });
  });
}

export const vnetsConsistent: Rule = (spec, r) => {
  checkVnet(r, "$.clientVnet", spec.clientVnet.addressSpace, subnetsOf(spec, "client"));
  checkVnet(r, "$.providerVnet", spec.providerVnet.addressSpace, subnetsOf(spec, "provider"));
  spec.providerVnet.addressSpace.forEach((p, i) =>
    spec.clientVnet.addressSpace.forEach((c) => {
      if (overlaps(p, c)) r.error(`$.providerVnet.addressSpace[${i}]`, `the two VNets must not overlap; overlaps the client VNet's ${c}`, p);
    }),
  );
};

export const reservedSubnetNames: Rule = (spec, r) => {
  const check = (list: Array<{ name: string }>, base: string) =>
    list.forEach((s, i) => {
      if (s.name === "GatewaySubnet" || s.name === "RouteServerSubnet") {
        r.error(`${base}[${i}].name`, `${s.name} is set by its own field (gatewaySubnet / routeServerSubnet), not listed as another subnet`, s.name);
      }
    });
  check(spec.clientVnet.subnets, "$.clientVnet.subnets");
  check(spec.providerVnet.subnets, "$.providerVnet.subnets");
  if (spec.providerVnet.outsideSubnet.name === spec.providerVnet.insideSubnet.name) {
    r.error("$.providerVnet.insideSubnet.name", "the outside and inside subnets must be different subnets", spec.providerVnet.insideSubnet.name);
  }
};

export const specialSubnetSizes: Rule = (spec, r) => {
  const gw = prefixLength(spec.clientVnet.gatewaySubnet);
  if (gw > 29) r.error("$.clientVnet.gatewaySubnet", "GatewaySubnet must be /29 or larger", spec.clientVnet.gatewaySubnet);
  else if (gw > 27) r.warn("$.clientVnet.gatewaySubnet", "GatewaySubnet should be /27 or larger (Microsoft's recommendation, room for more gateway features)", spec.clientVnet.gatewaySubnet);
  if (!spec.routeServer.enabled) return;
  const rs = spec.providerVnet.routeServerSubnet;
  if (!rs) r.error("$.providerVnet.routeServerSubnet", "RouteServerSubnet is required when Route Server is enabled");
  else if (prefixLength(rs) > 26) r.error("$.providerVnet.routeServerSubnet", "RouteServerSubnet must be /26 or larger", rs);
};

export const nvaAddressesUsable: Rule = (spec, r) => {
  const seen = new Map<string, string>();
  spec.nvas.forEach((n, i) => {
    const pairs: Array<[string, string, { name: string; prefix: string }]> = [
      [`$.nvas[${i}].outsideIp`, n.outsideIp, spec.providerVnet.outsideSubnet],
      [`$.nvas[${i}].insideIp`, n.insideIp, spec.providerVnet.insideSubnet],
    ];
    for (const [path, ip, subnet] of pairs) {
      if (!contains(subnet.prefix, ip)) r.error(path, `must lie inside the ${subnet.name} subnet ${subnet.prefix}`, ip);
      else if (isAzureReserved(subnet.prefix, ip)) r.error(path, `Azure reserves the first four and the last address of ${subnet.prefix}`, ip);
      const first = seen.get(ip);
      if (first) r.error(path, `NVA private IPs must be unique; ${ip} is already used at ${first}`, ip);
      else seen.set(ip, path);
    }
  });
};
