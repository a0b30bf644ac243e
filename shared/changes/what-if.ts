// What-if: the new plan against what the deployment owns, each resource
// classified create / update / replace / delete / none, with why (the
// property paths that differ) and its impact. Built on the same comparison
// as drift and orphans (shared/drift/plan-vs-inventory.ts). Pure: the CLI
// (`bowtie plan --state`) and the HTTP API read the inventory and call this.
import { comparePlanned, ownedOutsidePlan, type Inventory } from "../drift/plan-vs-inventory.js";
import type { Plan } from "../plan/types.js";
import { deletedImpact, NO_IMPACT, plannedImpact, type Impact } from "./impact.js";
import { needsReplace } from "./immutable-properties.js";

export type ChangeAction = "create" | "update" | "replace" | "delete" | "none";

export interface Change {
  id: string;
  type: string;
  name: string;
  action: ChangeAction;
  /** Why, in words: the property paths that differ (those that force a replace first). */
  reason: string;
  /** The property paths that differ (update, replace). */
  paths: string[];
  impact: Impact;
}

/** A path as people read it: an element keyed by a full ARM id (the gateway's ipConfigurations) named by its last segment. */
const readable = (path: string) => path.replace(/\[\/subscriptions\/[^\]]*\/([^/\]]+)\]/g, "[$1]");

export const CHANGE_ACTIONS: ChangeAction[] = ["create", "update", "replace", "delete", "none"];

/** Every planned resource as a create: what-if with nothing deployed. */
export function allCreates(plan: Plan): Change[] {
  return plan.resources.map((r) => ({ id: r.id, type: r.type, name: r.name, action: "create", reason: "not deployed yet", paths: [], impact: NO_IMPACT }));
}

export function whatIf(plan: Plan, inventory: Inventory, subscriptionId: string): Change[] {
  const changes: Change[] = comparePlanned(plan, inventory, subscriptionId).map((c): Change => {
    const base = { id: c.id, type: c.resource.type, name: c.resource.name };
    if (!c.actual) return { ...base, action: "create", reason: "absent", paths: [], impact: NO_IMPACT };
    const failed = String(c.actual.provisioningState ?? "") === "Failed";
    if (c.differences.length === 0 && !failed) return { ...base, action: "none", reason: "holds the plan", paths: [], impact: NO_IMPACT };
    const forcing = c.differences.filter((d) => needsReplace(c.resource.type, d.path, d.expected, d.actual)).map((d) => readable(d.path));
    const paths = [...new Set([...forcing, ...c.differences.map((d) => readable(d.path))])];
    if (forcing.length > 0) {
      const reason = `${forcing.join(", ")} cannot change in place${paths.length > forcing.length ? `; also ${paths.slice(forcing.length).join(", ")}` : ""}`;
      return { ...base, action: "replace", reason, paths, impact: plannedImpact(plan, c.resource.type, c.resource.name, "replace", paths) };
    }
    const reason = failed ? `provisioning Failed${paths.length ? `; ${paths.join(", ")} differ` : ""}` : `${paths.join(", ")} differ`;
    return { ...base, action: "update", reason, paths, impact: plannedImpact(plan, c.resource.type, c.resource.name, "update", paths) };
  });
  for (const o of ownedOutsidePlan(plan, inventory, subscriptionId)) {
    changes.push({ ...o, action: "delete", reason: "owned by this deployment, no longer planned", paths: [], impact: deletedImpact(o.type, o.name, inventory, o.id) });
  }
  return changes;
}

/** "Plan: N to add, N to change, N to replace, N to destroy." */
export function changeSummary(changes: Change[]): string {
  const n = (a: ChangeAction) => changes.filter((c) => c.action === a).length;
  return `Plan: ${n("create")} to add, ${n("update")} to change, ${n("replace")} to replace, ${n("delete")} to destroy.`;
}
