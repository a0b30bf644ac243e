// Subnet names: unique within a VNet, GatewaySubnet and RouteServerSubnet
// only through their own fields, and the NVAs' outside and inside subnets
// two different subnets. Sources: ARM addresses a subnet by name within its
// VNet, case-insensitively (Microsoft Learn, "Naming rules and restrictions
// for Azure resources"); "About VPN Gateway configuration settings" and the
// Route Server quickstart (the subnets must be named exactly GatewaySubnet /
// RouteServerSubnet, and Bowtie creates them from gatewaySubnet /
// routeServerSubnet, so a second one under a user field would collide).
import type { Rule, RuleReport } from "../report.js";
import { clientSubnets, isSpecialSubnetName, providerSubnets, type SubnetRef } from "./subnets.js";

const namePath = (s: SubnetRef) => s.path.replace(/\.prefix$/, ".name");

function checkUnique(r: RuleReport, subnets: SubnetRef[]): void {
  const seen = new Map<string, SubnetRef>();
  for (const s of subnets) {
    const key = s.name.toLowerCase();
    const first = seen.get(key);
    if (!first) {
      seen.set(key, s);
      continue;
    }
    // These clashes have their own rules below, with a clearer message.
    const outsideIsInside = first.role === "outside" && s.role === "inside";
    if (outsideIsInside || isSpecialSubnetName(s.name)) continue;
    r.error(namePath(s), `subnet names must be unique in a VNet; ${s.name} is also the name of ${namePath(first)}`, s.name);
  }
}

export const subnetNamesUnique: Rule = (spec, r) => {
  checkUnique(r, clientSubnets(spec));
  checkUnique(r, providerSubnets(spec));
};

export const reservedSubnetNames: Rule = (spec, r) => {
  const named: Array<[string, string]> = [
    ...spec.clientVnet.subnets.map((s, i): [string, string] => [`$.clientVnet.subnets[${i}].name`, s.name]),
    ["$.providerVnet.outsideSubnet.name", spec.providerVnet.outsideSubnet.name],
    ["$.providerVnet.insideSubnet.name", spec.providerVnet.insideSubnet.name],
    ...spec.providerVnet.subnets.map((s, i): [string, string] => [`$.providerVnet.subnets[${i}].name`, s.name]),
  ];
  for (const [path, name] of named) {
    if (isSpecialSubnetName(name)) {
      r.error(path, `${name} is reserved: GatewaySubnet and RouteServerSubnet come from their own fields (clientVnet.gatewaySubnet, providerVnet.routeServerSubnet)`, name);
    }
  }
};

export const outsideAndInsideDiffer: Rule = (spec, r) => {
  const { outsideSubnet, insideSubnet } = spec.providerVnet;
  if (outsideSubnet.name.toLowerCase() === insideSubnet.name.toLowerCase()) {
    r.error("$.providerVnet.insideSubnet.name", "the outside and inside subnets must be different subnets (the NVA has one NIC in each)", insideSubnet.name);
  }
};
