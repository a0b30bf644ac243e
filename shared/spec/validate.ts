// validateSpec: every violation of a topology spec at once, never a throw,
// in time linear in the input. First a check of its depth and size (json-bounds.ts),
// then the structural pass (the zod schema: types, formats, Azure naming
// rules, unknown keys), then — on a well-formed spec — every domain rule of
// DESIGN.md §1, each in a small function under rules/ that cites its source.
import { topologySpecSchema, type TopologySpec } from "./schema.js";
import { RuleReport, type Rule } from "./report.js";
import { apipaAllocatable, apipaUnique, gatewayApipaInRange, loopbackIsApipa } from "./rules/apipa.js";
import { gatewayAsnUsable, nvaAsnsUsable } from "./rules/asn.js";
import { vnetsConsistent } from "./rules/vnet-address-space.js";
import { outsideAndInsideDiffer, reservedSubnetNames, subnetNamesUnique } from "./rules/subnet-names.js";
import { specialSubnetSizes } from "./rules/special-subnet-sizes.js";
import { nvaAddressesUsable } from "./rules/nva-private-ips.js";
import { gcmPairing, ipsecPolicyExpressible, saLifetimes } from "./rules/ipsec.js";
import { nvaCountWithinLimits } from "./rules/limits.js";
import { gatewayGeneration } from "./rules/gateway-generation.js";
import { nvaAdminCredential } from "./rules/admin-credential.js";
import { perConnectionSecretNames } from "./rules/psk-secret-names.js";
import { ownershipTagReserved } from "./rules/ownership-tag.js";
import { adoptionNamesPlanned } from "./rules/adoption.js";
import { namesUnique } from "./rules/names.js";
import { noPlaceholderSyntax } from "./rules/no-placeholder-syntax.js";
import { clientPrefixesWithinRouteServerLimit } from "./rules/route-server-routes.js";
import type { Violation } from "./violations.js";
import { zodViolations } from "./zod-violations.js";
import { plainZodMessages } from "./zod-messages.js";
import { boundsViolation } from "./json-bounds.js";

export type ValidationResult =
  | { ok: true; spec: TopologySpec; warnings: Violation[] }
  | { ok: false; violations: Violation[]; warnings: Violation[] };

export const RULES: readonly Rule[] = [
  gatewayApipaInRange,
  loopbackIsApipa,
  apipaUnique,
  nvaAsnsUsable,
  gatewayAsnUsable,
  vnetsConsistent,
  subnetNamesUnique,
  reservedSubnetNames,
  outsideAndInsideDiffer,
  specialSubnetSizes,
  nvaAddressesUsable,
  namesUnique,
  ipsecPolicyExpressible,
  gcmPairing,
  saLifetimes,
  nvaCountWithinLimits,
  gatewayGeneration,
  nvaAdminCredential,
  perConnectionSecretNames,
  ownershipTagReserved,
  noPlaceholderSyntax,
  adoptionNamesPlanned,
  clientPrefixesWithinRouteServerLimit,
];

// Allocation only runs once the explicit APIPA addresses passed their own
// rules: a duplicate or out-of-range address would make it report a
// misleading "no free block" instead of the real mistake.
const APIPA_PATH = /^\$\.nvas\[\d+\]\.(loopbackIp|gatewayBgpIps)/;

function runRule(rule: Rule, spec: TopologySpec, report: RuleReport): void {
  try {
    rule(spec, report);
  } catch (e) {
    // A rule must never turn bad input into a crash; say which rule could not judge it.
    report.error("$", `rule ${rule.name || "(unnamed)"} could not check this spec: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function validateStructured(spec: TopologySpec): ValidationResult {
  const report = new RuleReport();
  for (const rule of RULES) runRule(rule, spec, report);
  if (!report.errors.some((v) => APIPA_PATH.test(v.path))) runRule(apipaAllocatable, spec, report);
  return report.errors.length
    ? { ok: false, violations: report.errors, warnings: report.warnings }
    : { ok: true, spec, warnings: report.warnings };
}

export function validateSpec(input: unknown): ValidationResult {
  try {
    // Before the schema pass, which recurses once per level of nesting and spends microseconds on every bad value.
    const outOfBounds = boundsViolation(input);
    if (outOfBounds) return { ok: false, violations: [outOfBounds], warnings: [] };
    const parsed = topologySpecSchema.safeParse(input, { error: plainZodMessages });
    if (!parsed.success) return { ok: false, violations: zodViolations(parsed.error, input), warnings: [] };
    return validateStructured(parsed.data);
  } catch (e) {
    // Only exotic inputs get here (getters that throw, revoked proxies): still an answer, not a crash.
    return { ok: false, violations: [{ path: "$", rule: `could not read the spec as JSON data: ${e instanceof Error ? e.message : String(e)}` }], warnings: [] };
  }
}
