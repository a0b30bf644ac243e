// Config drift: the plan against what Azure holds now. Every planned resource
// must exist, be Succeeded and hold its desired properties; placeholders are
// filled from the same inventory (a public IP's address, Route Server's
// router IPs). Both sides are compared as the SDK's models (flattened
// `properties`), the form the SDK's reads return. Write-only values (PSK, customData) are not readable here and
// are checked elsewhere (the connection's sharedkey endpoint, the tunnels).
import { compareToDesired } from "../drift/compare.js";
import { toSdkModel } from "../plan/arm/sdk-models.js";
import { fillPlaceholders } from "../plan/placeholders.js";
import { mergeAdopted } from "../plan/merge-adopted.js";
import { ADOPTED_TAG, OWNERSHIP_TAG, type Plan, type PlannedResource } from "../plan/types.js";

export type Severity = "critical" | "warning";

export interface DriftFinding {
  severity: Severity;
  kind: "missing" | "failed" | "drift";
  resource: string;
  path?: string;
  expected?: unknown;
  actual?: unknown;
}

/** Actual resources as the SDK returns them (models: flattened properties), keyed by lower-case id. */
export type Inventory = Map<string, Record<string, any> & { name: string; type: string }>;

// Differences that only matter to bookkeeping, not to the VPN.
const COSMETIC = /^tags(\.|$)/;
// ...except the tags that say whose a resource is: one that now names another
// deployment (or none) is no longer this deployment's to keep, and a person must look.
const OWNERSHIP_PATH = new RegExp(`^tags\\.(${OWNERSHIP_TAG}|${ADOPTED_TAG})$`, "i");
const severityOf = (path: string): Severity => (COSMETIC.test(path) && !OWNERSHIP_PATH.test(path) ? "warning" : "critical");
const UNRESOLVED = "\u0000unresolved";

function resolver(plan: Plan, inventory: Inventory, subscriptionId: string) {
  const byTypeAndName = (type: string, name: string) =>
    [...inventory.values()].find((r) => r.type.toLowerCase() === type.toLowerCase() && r.name.toLowerCase() === name.toLowerCase());
  return (ref: { kind: string; arg: string }): string => {
    switch (ref.kind) {
      case "subscriptionId":
        return subscriptionId;
      case "publicIp":
        return byTypeAndName("Microsoft.Network/publicIPAddresses", ref.arg)?.ipAddress ?? UNRESOLVED;
      case "routeServerIp": {
        const hub = plan.topology.routeServer && byTypeAndName("Microsoft.Network/virtualHubs", plan.topology.routeServer.name);
        return hub?.virtualRouterIps?.[Number(ref.arg)] ?? UNRESOLVED;
      }
      default:
        return UNRESOLVED; // secrets and customData: write-only, checked elsewhere
    }
  };
}

export function detectDrift(plan: Plan, inventory: Inventory, subscriptionId: string): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const fill = resolver(plan, inventory, subscriptionId);
  for (const r of plan.resources) {
    const id = r.id.replace("{{subscriptionId}}", subscriptionId);
    const actual = inventory.get(id.toLowerCase());
    if (!actual) {
      findings.push({ severity: "critical", kind: "missing", resource: id });
      continue;
    }
    const state = String(actual.provisioningState ?? "");
    if (state === "Failed") findings.push({ severity: "critical", kind: "failed", resource: id, actual: state });
    const planned = toSdkModel({ type: r.type, body: fillPlaceholders(bodyOf(r), fill) });
    // An adopted resource holds others' subnets, rules and tags too: judged as apply writes it, merged.
    const desired = r.adopted ? mergeAdopted(planned, actual) : planned;
    for (const d of compareToDesired(desired, actual)) {
      if (JSON.stringify(d.expected ?? null).includes(UNRESOLVED)) continue;
      findings.push({ severity: severityOf(d.path), kind: "drift", resource: id, path: d.path, expected: d.expected, actual: d.actual });
    }
  }
  return findings;
}

/** The parts of a planned body drift is judged on (the location is fixed at creation). */
function bodyOf(r: PlannedResource): Record<string, unknown> {
  const { location: _location, ...rest } = r.body;
  return rest;
}
