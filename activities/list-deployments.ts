// listDeployments: the names of the registered deployments a health check
// should look at now: every one not torn down and with no operation running
// on it, whatever its last operation reported — and every one being changed
// or rotated, which its check reports as `changing` (the pass says so) rather
// than leaving it out unseen. Names only: the fleet orchestration's history
// holds this list, and each check reads its own spec.
import type { InvocationContext } from "@azure/functions";
import { changingReason } from "../shared/health/changing.js";
import { isCheckable, isRegisteredLive } from "../shared/health/eligibility.js";
import { azureTarget, lockDeps } from "./azure-target.js";
import { runningOperation } from "./operations/busy-with.js";

export async function listDeployments(_input?: unknown, context?: InvocationContext): Promise<string[]> {
  const deps = lockDeps(context);
  const records = await azureTarget().registry.list();
  const listed = await Promise.all(
    records.map(async (r) => {
      const running = await runningOperation(deps, r);
      if (!isRegisteredLive(r.status)) return false;
      return changingReason({ status: r.status, running }) !== null || isCheckable({ ...r, busyWith: running ? `${running.kind} ${running.instanceId}` : null });
    }),
  );
  return records.filter((_, i) => listed[i]).map((r) => r.name).sort();
}
