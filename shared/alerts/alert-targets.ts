// Which registered deployments an alert concerns, from its target ids alone
// (nothing else in an alert is trusted): a target is a deployment's when it
// is one of the resources the deployment's plan holds (or a child of one), in
// the deployment's own subscription (the spec's, else the app's), or when it
// is the deployment's resource group itself (an alert scoped to the group).
// Azure Monitor writes target ids in lower case, so ids compare
// case-insensitively. Torn-down deployments own nothing any more.
import { planFromSpec } from "../plan/plan.js";
import type { DeploymentRecord } from "../storage/deployment-registry.js";

export interface AlertRouting {
  /** The deployments concerned, by name, each with the targets that are its own (in the alert's order). */
  deployments: Map<string, string[]>;
  /** Targets no registered deployment owns. */
  unowned: string[];
}

const groupId = (subscription: string, resourceGroup: string) => `/subscriptions/${subscription}/resourcegroups/${resourceGroup}`.toLowerCase();

/**
 * Two specs may plan the same names; only one deployment can own them. One
 * whose last run stopped on an ownership conflict does not, so its resources
 * go to the other (as the Event Grid handler decides).
 */
function stoppedByOwnership(record: DeploymentRecord): boolean {
  const failures = (record.lastResult as { failures?: Array<{ error?: { code?: string } }> } | null)?.failures ?? [];
  return failures.some((f) => f.error?.code === "OwnershipConflict");
}

export function routeAlertTargets(records: readonly DeploymentRecord[], targets: readonly string[], appSubscription: string): AlertRouting {
  const resources = new Map<string, DeploymentRecord[]>();
  const groups = new Map<string, DeploymentRecord[]>();
  const claim = (map: Map<string, DeploymentRecord[]>, id: string, record: DeploymentRecord) => map.set(id, [...(map.get(id) ?? []), record]);
  // Only deployments in a group some target lies in are planned: a fleet of thousands costs one plan per neighbour, not per deployment.
  const targetGroups = new Set(targets.map((t) => /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+/i.exec(t)?.[0]?.toLowerCase() ?? ""));
  for (const record of records) {
    if (record.status === "TornDown" || record.status === "TearingDown") continue;
    const subscription = record.spec.subscriptionId ?? appSubscription;
    const group = groupId(subscription, record.spec.resourceGroup);
    if (!targetGroups.has(group)) continue;
    claim(groups, group, record);
    for (const r of planFromSpec(record.spec).resources) claim(resources, r.id.replace("{{subscriptionId}}", subscription).toLowerCase(), record);
  }
  const ownerOf = (id: string): DeploymentRecord[] => {
    // The resource itself, else the planned resource it is a child of (.../connections/x/sharedkey).
    for (let at = id.length; at > 0; at = id.lastIndexOf("/", at - 1)) {
      const claimed = resources.get(id.slice(0, at));
      if (claimed) return [claimed.find((r) => !stoppedByOwnership(r)) ?? claimed[0]!];
    }
    return groups.get(id) ?? [];
  };
  const deployments = new Map<string, string[]>();
  const unowned: string[] = [];
  for (const target of targets) {
    const owners = ownerOf(target.toLowerCase().replace(/\/+$/, ""));
    if (owners.length === 0) unowned.push(target);
    for (const o of owners) deployments.set(o.name, [...(deployments.get(o.name) ?? []), target]);
  }
  return { deployments, unowned };
}
