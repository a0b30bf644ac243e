// listFleet: the deployments a health pass looks at now (as listDeployments:
// not torn down, no operation running), grouped by the subscription each
// lives in — its spec's, else the configured one — so that tier 1 queries a
// subscription at a time and tier 2 paces each subscription on its own buckets.
import type { InvocationContext } from "@azure/functions";
import type { ListFleetOutput } from "../contracts.js";
import { isCheckable } from "../../shared/health/eligibility.js";
import { azureTarget, lockDeps } from "../azure-target.js";
import { busyWith } from "../operations/busy-with.js";

export async function listFleet(_input?: unknown, context?: InvocationContext): Promise<ListFleetOutput> {
  const deps = lockDeps(context);
  const t = azureTarget();
  const records = await t.registry.list();
  const checkable = await Promise.all(records.map(async (r) => isCheckable({ ...r, busyWith: await busyWith(deps, r) })));
  const bySubscription = new Map<string, string[]>();
  records.forEach((r, i) => {
    if (!checkable[i]) return;
    const sub = (r.spec.subscriptionId ?? r.subscriptionId ?? t.subscriptionId).toLowerCase();
    bySubscription.set(sub, [...(bySubscription.get(sub) ?? []), r.name]);
  });
  return [...bySubscription.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([subscriptionId, deployments]) => ({ subscriptionId, deployments: deployments.sort() }));
}
