// listFleet: the deployments a health pass looks at now (as listDeployments:
// not torn down, no operation running), grouped by the subscription each
// lives in — its spec's, else the configured one — so that tier 1 queries a
// subscription at a time and tier 2 paces each subscription on its own buckets.
// Those being changed or rotated are listed apart: tier 1 would judge a
// half-changed topology, so they go to their own check, which reports them
// `changing` without reading Azure (as listDeployments lists them).
import type { InvocationContext } from "@azure/functions";
import type { ListFleetOutput } from "../contracts.js";
import { changingReason } from "../../shared/health/changing.js";
import { isCheckable, isRegisteredLive } from "../../shared/health/eligibility.js";
import { azureTarget, lockDeps } from "../azure-target.js";
import { runningOperation } from "../operations/busy-with.js";

export async function listFleet(_input?: unknown, context?: InvocationContext): Promise<ListFleetOutput> {
  const deps = lockDeps(context);
  const t = azureTarget();
  const records = (await t.registry.list()).filter((r) => isRegisteredLive(r.status));
  const verdicts = await Promise.all(
    records.map(async (r) => {
      const running = await runningOperation(deps, r);
      if (changingReason({ status: r.status, running }) !== null) return "changing" as const;
      return isCheckable({ ...r, busyWith: running ? `${running.kind} ${running.instanceId}` : null }) ? ("checkable" as const) : null;
    }),
  );
  const bySubscription = new Map<string, { deployments: string[]; changing: string[] }>();
  records.forEach((r, i) => {
    const verdict = verdicts[i];
    if (!verdict) return;
    const sub = (r.spec.subscriptionId ?? r.subscriptionId ?? t.subscriptionId).toLowerCase();
    const group = bySubscription.get(sub) ?? { deployments: [], changing: [] };
    (verdict === "changing" ? group.changing : group.deployments).push(r.name);
    bySubscription.set(sub, group);
  });
  return [...bySubscription.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([subscriptionId, g]) => ({ subscriptionId, deployments: g.deployments.sort(), changing: g.changing.sort() }));
}
