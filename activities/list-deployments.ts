// listDeployments: the names of the registered deployments a health check
// should look at now: every one not torn down and with no operation running
// on it, whatever its last operation reported. Names only: the fleet
// orchestration's history holds this list, and each check reads its own spec.
import type { InvocationContext } from "@azure/functions";
import { isCheckable } from "../shared/health/eligibility.js";
import { azureTarget, lockDeps } from "./azure-target.js";
import { busyWith } from "./operations/busy-with.js";

export async function listDeployments(_input?: unknown, context?: InvocationContext): Promise<string[]> {
  const deps = lockDeps(context);
  const records = await azureTarget().registry.list();
  const checkable = await Promise.all(records.map(async (r) => isCheckable({ ...r, busyWith: await busyWith(deps, r) })));
  return records.filter((_, i) => checkable[i]).map((r) => r.name).sort();
}
