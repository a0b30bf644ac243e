// Stand-in for the prune step (orchestrations/change/prune.ts, built on its
// own branch) until that branch is merged: deletes nothing.
import type { OrchestrationContext, RetryOptions, Task } from "durable-functions";
import type { Change } from "../../shared/changes/what-if.js";
import type { Plan } from "../../shared/plan/types.js";
import type { ArmErrorInfo } from "../graph/scheduler.js";

export function* pruneOwned(
  _context: OrchestrationContext,
  _plan: Plan,
  _deletes: Change[],
  _options: { retry: RetryOptions; progress: (extra: object) => void },
): Generator<Task, { writes: number; failures: Array<{ id: string; error: ArmErrorInfo }>; deleted: string[] }, any> {
  return { writes: 0, failures: [], deleted: [] };
}
