// Config drift: the plan against what Azure holds now. Every planned resource
// must exist, be Succeeded and hold its desired properties. The comparison
// itself is shared/drift/plan-vs-inventory.ts, the one what-if and orphans
// use too. Write-only values (PSK, customData) are not readable here and are
// checked elsewhere (the connection's sharedkey endpoint, the tunnels, the
// VM's config hash tag).
import { comparePlanned, type Inventory } from "../drift/plan-vs-inventory.js";
import { ADOPTED_TAG, OWNERSHIP_TAG, type Plan } from "../plan/types.js";

export type { Inventory } from "../drift/plan-vs-inventory.js";

export type Severity = "critical" | "warning";

export interface DriftFinding {
  severity: Severity;
  kind: "missing" | "failed" | "drift";
  resource: string;
  path?: string;
  expected?: unknown;
  actual?: unknown;
}

// Differences that only matter to bookkeeping, not to the VPN.
const COSMETIC = /^tags(\.|$)/;
// ...except the tags that say whose a resource is: one that now names another
// deployment (or none) is no longer this deployment's to keep, and a person must look.
const OWNERSHIP_PATH = new RegExp(`^tags\\.(${OWNERSHIP_TAG}|${ADOPTED_TAG})$`, "i");
const severityOf = (path: string): Severity => (COSMETIC.test(path) && !OWNERSHIP_PATH.test(path) ? "warning" : "critical");

export function detectDrift(plan: Plan, inventory: Inventory, subscriptionId: string): DriftFinding[] {
  const findings: DriftFinding[] = [];
  for (const c of comparePlanned(plan, inventory, subscriptionId)) {
    if (!c.actual) {
      findings.push({ severity: "critical", kind: "missing", resource: c.id });
      continue;
    }
    const state = String(c.actual.provisioningState ?? "");
    if (state === "Failed") findings.push({ severity: "critical", kind: "failed", resource: c.id, actual: state });
    for (const d of c.differences) {
      findings.push({ severity: severityOf(d.path), kind: "drift", resource: c.id, path: d.path, expected: d.expected, actual: d.actual });
    }
  }
  return findings;
}
