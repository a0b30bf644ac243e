// validateSpec: every violation of a topology spec at once, never a throw.
// First the structural pass (the zod schema: types, formats, Azure naming
// rules, unknown keys), then — on a well-formed spec — every domain rule of
// DESIGN.md §1, each in its own small function under rules/.
import { topologySpecSchema, type TopologySpec } from "./schema.js";
import { RuleReport, type Rule } from "./report.js";
import { apipaAllocatable, apipaUnique, gatewayApipaInRange, loopbackIsApipa } from "./rules/apipa.js";
import { gatewayAsnUsable, nvaAsnsUsable } from "./rules/asn.js";
import { nvaAddressesUsable, reservedSubnetNames, specialSubnetSizes, vnetsConsistent } from "./rules/addressing.js";
import { gcmPairing, ipsecPolicyExpressible, saLifetimes } from "./rules/ipsec.js";
import { nvaCountWithinLimits } from "./rules/limits.js";
import { gatewayGeneration, nvaAdminCredential, ownershipTagReserved, perConnectionSecretNames } from "./rules/misc.js";
import { namesUnique } from "./rules/names.js";
import type { Violation } from "./violations.js";
import { zodViolations } from "./zod-violations.js";

export type ValidationResult =
  | { ok: true; spec: TopologySpec; warnings: Violation[] }
  | { ok: false; violations: Violation[]; warnings: Violation[] };

export const RULES: Rule[] = [
  gatewayApipaInRange,
  loopbackIsApipa,
  apipaUnique,
  nvaAsnsUsable,
  gatewayAsnUsable,
  vnetsConsistent,
  reservedSubnetNames,
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
];

export function validateSpec(input: unknown): ValidationResult {
  const parsed = topologySpecSchema.safeParse(input);
  if (!parsed.success) return { ok: false, violations: zodViolations(parsed.error, input), warnings: [] };
  const report = new RuleReport();
  for (const rule of RULES) {
    try {
      rule(parsed.data, report);
    } catch (e) {
      // A rule must never turn bad input into a crash; say which rule could not judge it.
      report.error("$", `rule ${rule.name} could not check this spec: ${(e as Error).message}`);
    }
  }
  // Allocation only runs on addresses that passed their own rules (a bad address would mislead it).
  if (report.errors.length === 0) apipaAllocatable(parsed.data, report);
  return report.errors.length
    ? { ok: false, violations: report.errors, warnings: report.warnings }
    : { ok: true, spec: parsed.data, warnings: report.warnings };
}
