// Each VNet's prefixes and subnets fit together: prefixes are network
// addresses, a VNet's address-space prefixes don't overlap, every subnet lies
// inside one of them and overlaps no other subnet, ordinary subnets are at
// least /29, and the two VNets don't overlap (the gateway could not route
// between them). Sources: Microsoft Learn "Azure Virtual Network FAQ"
// (subnets are inside the address space and may not overlap; the smallest
// supported IPv4 subnet is /29; Azure rejects a prefix with host bits set
// as an invalid address prefix), DESIGN.md §1 ("the two VNets don't overlap").
import { hasHostBits, overlaps, prefixLength, within } from "../cidr.js";
import type { Rule, RuleReport } from "../report.js";
import { clientSubnets, providerSubnets, type SubnetRef } from "./subnets.js";

/** The smallest subnet Azure supports; GatewaySubnet and RouteServerSubnet have their own, larger minimums. */
export const MIN_SUBNET_PREFIX_LENGTH = 29;

function checkAddressSpace(r: RuleReport, base: string, addressSpace: string[]): void {
  addressSpace.forEach((p, i) => {
    if (hasHostBits(p)) r.error(`${base}.addressSpace[${i}]`, "an address prefix must be a network address (no host bits set)", p);
    addressSpace.slice(0, i).forEach((q, j) => {
      if (overlaps(p, q)) r.error(`${base}.addressSpace[${i}]`, `address prefixes of one VNet must not overlap; overlaps ${base}.addressSpace[${j}] ${q}`, p);
    });
  });
}

function checkSubnets(r: RuleReport, addressSpace: string[], subnets: SubnetRef[]): void {
  subnets.forEach((s, i) => {
    if (hasHostBits(s.prefix)) r.error(s.path, "a subnet prefix must be a network address (no host bits set)", s.prefix);
    if (s.role !== "special" && prefixLength(s.prefix) > MIN_SUBNET_PREFIX_LENGTH) {
      r.error(s.path, `subnet ${s.name} must be /${MIN_SUBNET_PREFIX_LENGTH} or larger (the smallest subnet Azure supports)`, s.prefix);
    }
    if (!addressSpace.some((a) => within(a, s.prefix))) {
      r.error(s.path, `subnet ${s.name} must lie inside the VNet's address space (${addressSpace.join(", ")})`, s.prefix);
    }
    subnets.slice(0, i).forEach((t) => {
      if (overlaps(s.prefix, t.prefix)) r.error(s.path, `subnets must not overlap; ${s.name} overlaps ${t.name} (${t.prefix})`, s.prefix);
    });
  });
}

export const vnetsConsistent: Rule = (spec, r) => {
  checkAddressSpace(r, "$.clientVnet", spec.clientVnet.addressSpace);
  checkAddressSpace(r, "$.providerVnet", spec.providerVnet.addressSpace);
  checkSubnets(r, spec.clientVnet.addressSpace, clientSubnets(spec));
  checkSubnets(r, spec.providerVnet.addressSpace, providerSubnets(spec));
  spec.providerVnet.addressSpace.forEach((p, i) =>
    spec.clientVnet.addressSpace.forEach((c) => {
      if (overlaps(p, c)) r.error(`$.providerVnet.addressSpace[${i}]`, `the two VNets must not overlap; overlaps the client VNet's ${c}`, p);
    }),
  );
};
