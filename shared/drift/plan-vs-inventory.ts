// The one comparison of plan against what exists (DESIGN.md §7): for each
// planned resource, what Azure holds and every property that departs from the
// plan; and every resource the deployment owns that the plan no longer holds.
// Drift (shared/health/drift.ts), orphans (shared/health/report.ts) and
// what-if (shared/changes/what-if.ts) all read this, so they can never
// disagree about what differs. Both sides are SDK models (flattened
// `properties`), the form the SDK's reads return; placeholders are filled
// from the same inventory (a public IP's address, Route Server's router IPs).
import { compareToDesired, type Difference } from "./compare.js";
import { toSdkModel } from "../plan/arm/sdk-models.js";
import { fillPlaceholders } from "../plan/placeholders.js";
import { mergeAdopted } from "../plan/merge-adopted.js";
import { ADOPTED_TAG, OWNERSHIP_TAG, type Plan, type PlannedResource } from "../plan/types.js";

/** Actual resources as the SDK returns them (models: flattened properties), keyed by lower-case id. */
export type Inventory = Map<string, Record<string, any> & { name: string; type: string }>;

export interface PlannedComparison {
  resource: PlannedResource;
  /** Full id, subscription filled in. */
  id: string;
  /** What Azure holds; null when absent. */
  actual: (Record<string, any> & { name: string; type: string }) | null;
  /** Every property that departs from the plan (empty when absent: nothing to compare). */
  differences: Difference[];
}

export interface OwnedOutsidePlan {
  id: string;
  type: string;
  name: string;
}

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
        return UNRESOLVED; // secrets and customData: write-only, checked elsewhere (customData through its hash tag)
    }
  };
}

/** The parts of a planned body compared (the location is fixed at creation). */
function bodyOf(r: PlannedResource): Record<string, unknown> {
  const { location: _location, ...rest } = r.body;
  return rest;
}

/** Each planned resource against what Azure holds. */
export function comparePlanned(plan: Plan, inventory: Inventory, subscriptionId: string): PlannedComparison[] {
  const fill = resolver(plan, inventory, subscriptionId);
  return plan.resources.map((r) => {
    const id = r.id.replace("{{subscriptionId}}", subscriptionId);
    const actual = inventory.get(id.toLowerCase()) ?? null;
    if (!actual) return { resource: r, id, actual: null, differences: [] };
    const planned = toSdkModel({ type: r.type, body: fillPlaceholders(bodyOf(r), fill) });
    // An adopted resource holds others' subnets, rules and tags too: judged as apply writes it, merged.
    const desired = r.adopted ? mergeAdopted(planned, actual) : planned;
    // A value that depends on something not yet readable (an address not yet allocated) is not judged.
    const differences = compareToDesired(desired, actual).filter((d) => !JSON.stringify(d.expected ?? null).includes(UNRESOLVED));
    return { resource: r, id, actual, differences };
  });
}

const tagOf = (tags: Record<string, string> | undefined, name: string) =>
  Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/**
 * Resources that carry `deployment`'s ownership tag (or are children of a
 * Route Server hub it owns: peerings and ipConfigurations carry no tags of
 * their own) and that the plan does not hold. Adopted resources are never
 * listed: they were someone else's first, and Bowtie never deletes them.
 */
export function ownedOutsidePlan(plan: Plan, inventory: Inventory, subscriptionId: string): OwnedOutsidePlan[] {
  const planned = new Set(plan.resources.map((r) => r.id.replace("{{subscriptionId}}", subscriptionId).toLowerCase()));
  const owns = (r: Record<string, any>) => tagOf(r.tags, OWNERSHIP_TAG) === plan.deployment && tagOf(r.tags, ADOPTED_TAG) === undefined;
  const out: OwnedOutsidePlan[] = [];
  for (const [id, r] of inventory) {
    if (planned.has(id)) continue;
    const hubId = /^(.*\/providers\/microsoft\.network\/virtualhubs\/[^/]+)\/(bgpconnections|ipconfigurations)\/[^/]+$/i.exec(id)?.[1];
    const owner = hubId ? inventory.get(hubId.toLowerCase()) : r;
    if (owner && owns(owner)) out.push({ id: String(r.id ?? id), type: r.type, name: r.name });
  }
  return out;
}
