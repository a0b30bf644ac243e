// The loop shared by deploy and teardown: start every resource whose
// dependencies are done (fan-out), wait for long operations with a durable
// timer until the earliest poll is due, poll only what is due (fan-out),
// repeat. Stops at the first permanent failure; a later run converges
// because every activity is idempotent.
import type { OrchestrationContext, Task } from "durable-functions";
import type { ApplyOutcome, ProvisioningRead, ReadProvisioningStateInput } from "../../activities/contracts.js";
import { ACTIVITY, type ActivityName } from "../../shared/names.js";
import type { PlannedResource } from "../../shared/plan/types.js";
import type { GraphScheduler } from "./scheduler.js";
import { armRetry } from "./retry.js";

export interface GraphRun {
  /** The activity that starts the operation on one resource (apply or delete). */
  startActivity: ActivityName;
  inputOf: (r: PlannedResource) => unknown;
  /** Called after every step with the phase name, for custom status. */
  progress: (phase: "starting" | "waiting") => void;
}

export function* runGraph(context: OrchestrationContext, sched: GraphScheduler, run: GraphRun): Generator<Task, void, any> {
  const now = () => context.df.currentUtcDateTime.getTime();
  const retry = armRetry();
  while (!sched.allSucceeded() && sched.failures().length === 0) {
    const ready = sched.takeReady();
    if (ready.length > 0) {
      const outcomes: ApplyOutcome[] = yield context.df.Task.all(
        ready.map((r) => context.df.callActivityWithRetry(run.startActivity, retry, run.inputOf(r))),
      );
      ready.forEach((r, i) => sched.recordApply(r.id, outcomes[i]!, now()));
      run.progress("starting");
      continue;
    }
    for (const r of sched.overdue(now())) {
      sched.markFailed(r.id, { code: "DeadlineExceeded", message: `${r.name} still in progress after its deadline` });
    }
    if (sched.failures().length > 0) return;
    const next = sched.nextPollAt();
    // Nothing ready, nothing in progress, not all done: a dependency can never be met.
    if (next === null) throw new Error("stalled: remaining resources wait on dependencies that are not in the plan");
    yield context.df.createTimer(new Date(next));
    // The timer fired for `next`: whatever was due by then is due now, even if
    // the clock reads a hair earlier (a host's clock is not ours to trust).
    const due = sched.duePolls(Math.max(now(), next));
    // Never Task.all([]) (the library throws): with nothing due, just loop.
    if (due.length === 0) continue;
    const reads: ProvisioningRead[] = yield context.df.Task.all(
      due.map((r) =>
        context.df.callActivityWithRetry(ACTIVITY.readProvisioningState, retry, {
          id: r.id,
          type: r.type,
          apiVersion: r.apiVersion,
          operation: sched.operationUrl(r.id),
        } satisfies ReadProvisioningStateInput),
      ),
    );
    due.forEach((r, i) => sched.recordPoll(r.id, reads[i]!, now()));
    run.progress("waiting");
  }
}
