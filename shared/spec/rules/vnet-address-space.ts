// Each VNet's prefixes and subnets fit together: prefixes are network
// addresses, a VNet's address-space prefixes don't overlap, every subnet lies
// inside one of them and overlaps no other subnet, ordinary subnets are at
// least /29, and the two VNets don't overlap (the gateway could not route
// between them). Sources: Microsoft Learn "Azure Virtual Network FAQ"
// (subnets are inside the address space and may not overlap; the smallest
// supported IPv4 subnet is /29; Azure rejects a prefix with host bits set
// as an invalid address prefix), DESIGN.md §1 ("the two VNets don't overlap").
import { hasHostBits, prefixLength } from "../cidr.js";
import { PrefixIndex } from "../prefix-index.js";
import type { Rule, RuleReport } from "../report.js";
import { clientSubnets, providerSubnets, type SubnetRef } from "./subnets.js";

/** The smallest subnet Azure supports; GatewaySubnet and RouteServerSubnet have their own, larger minimums. */
export const MIN_SUBNET_PREFIX_LENGTH = 29;

// Each check looks a prefix up in an index of the ones before it (linear in
// the prefixes, not quadratic), and a prefix that overlaps several earlier
// ones is reported once, naming the first.

/** The address space as a message quotes it: a few prefixes, then how many more. */
function quoted(addressSpace: string[]): string {
  const shown = addressSpace.slice(0, 3).join(", ");
  return addressSpace.length > 3 ? `${shown} and ${addressSpace.length - 3} more` : shown;
}

function indexOf(prefixes: string[]): PrefixIndex<number> {
  const index = new PrefixIndex<number>();
  prefixes.forEach((p, i) => index.add(p, i));
  return index;
}

function checkAddressSpace(r: RuleReport, base: string, addressSpace: string[]): void {
  const earlier = new PrefixIndex<number>();
  addressSpace.forEach((p, i) => {
    if (hasHostBits(p)) r.error(`${base}.addressSpace[${i}]`, "an address prefix must be a network address (no host bits set)", p);
    const j = earlier.overlapping(p);
    if (j !== undefined) r.error(`${base}.addressSpace[${i}]`, `address prefixes of one VNet must not overlap; overlaps ${base}.addressSpace[${j}] ${addressSpace[j]}`, p);
    earlier.add(p, i);
  });
}

function checkSubnets(r: RuleReport, addressSpace: string[], subnets: SubnetRef[]): void {
  const space = indexOf(addressSpace);
  const earlier = new PrefixIndex<SubnetRef>();
  subnets.forEach((s) => {
    if (hasHostBits(s.prefix)) r.error(s.path, "a subnet prefix must be a network address (no host bits set)", s.prefix);
    if (s.role !== "special" && prefixLength(s.prefix) > MIN_SUBNET_PREFIX_LENGTH) {
      r.error(s.path, `subnet ${s.name} must be /${MIN_SUBNET_PREFIX_LENGTH} or larger (the smallest subnet Azure supports)`, s.prefix);
    }
    if (space.containing(s.prefix) === undefined) {
      r.error(s.path, `subnet ${s.name} must lie inside the VNet's address space (${quoted(addressSpace)})`, s.prefix);
    }
    const t = earlier.overlapping(s.prefix);
    if (t) r.error(s.path, `subnets must not overlap; ${s.name} overlaps ${t.name} (${t.prefix})`, s.prefix);
    earlier.add(s.prefix, s);
  });
}

export const vnetsConsistent: Rule = (spec, r) => {
  checkAddressSpace(r, "$.clientVnet", spec.clientVnet.addressSpace);
  checkAddressSpace(r, "$.providerVnet", spec.providerVnet.addressSpace);
  checkSubnets(r, spec.clientVnet.addressSpace, clientSubnets(spec));
  checkSubnets(r, spec.providerVnet.addressSpace, providerSubnets(spec));
  const client = indexOf(spec.clientVnet.addressSpace);
  spec.providerVnet.addressSpace.forEach((p, i) => {
    const c = client.overlapping(p);
    if (c !== undefined) r.error(`$.providerVnet.addressSpace[${i}]`, `the two VNets must not overlap; overlaps the client VNet's ${spec.clientVnet.addressSpace[c]}`, p);
  });
};
