// A deploy of a spec whose deployment exists and differs: carry the what-if
// out without cutting traffic (issue 11). In order:
//   0. refuse, writing nothing, when some change leaves a prefix without any
//      path and the caller did not allow the outage;
//   1. creates and in-place updates of everything but the NVAs being
//      replaced, the gateway keeping every deployed custom APIPA address a
//      still-existing connection may use (prune shrinks the lists later);
//   2. the NVAs being replaced, one at a time (roll-nva.ts);
//   3. deletions of what the plan no longer holds (prune.ts);
//   4. the same BGP verification as a deploy.
// A run restarted after a crash reads the what-if again and goes on from
// what it finds: every step is idempotent.
import type { OrchestrationContext, Task } from "durable-functions";
import type { ReadChangeOutput } from "../../activities/contracts.js";
import { withApipaUnion } from "../../shared/changes/apipa-union.js";
import { carriedOut } from "../../shared/changes/carried-out.js";
import { changeSteps, idKey, outageMessage } from "../../shared/changes/change-steps.js";
import type { BgpAssessment } from "../../shared/health/bgp-assessment.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { PlannedResource } from "../../shared/plan/types.js";
import { secondsBetween, type Telemetry } from "../../shared/telemetry/index.js";
import { ACTIVITY } from "../../shared/names.js";
import { applyInput } from "../deploy/apply-input.js";
import type { DeployResult } from "../deploy/deploy-topology.js";
import { failureReason } from "../deploy/failure-reason.js";
import { verifySessions } from "../deploy/verify-sessions.js";
import type { Ending } from "../graph/operation.js";
import { armRetry } from "../graph/retry.js";
import { runGraph } from "../graph/run-graph.js";
import { GraphScheduler } from "../graph/scheduler.js";
import { pruneOwned } from "./prune.js";
import { rollNva } from "./roll-nva.js";

export interface ChangeRun {
  read: ReadChangeOutput;
  allowOutage: boolean;
  startedAt: string;
  telemetry: Telemetry;
  /** Record on the deployment that it is being changed (the operation's begin again, status Changing). */
  markChanging: () => Task;
}

export const OUTAGE_NOT_ALLOWED = "OutageNotAllowed";

export function* applyChange(context: OrchestrationContext, run: ChangeRun): Generator<Task, Ending<DeployResult>, any> {
  const { read, telemetry, startedAt } = run;
  const plan = planFromSpec(read.spec);
  const steps = changeSteps(plan, read.changes);
  const retry = armRetry();
  const now = () => context.df.currentUtcDateTime.getTime();
  const status = (phase: string, extra: object = {}) => context.df.setCustomStatus({ deployment: plan.deployment, phase, ...extra });
  const empty: Pick<DeployResult, "sessions" | "problems" | "missingRoutes" | "resets"> = { sessions: { gateway: [], routeServer: [] }, problems: [], missingRoutes: [], resets: [] };

  if (steps.outage && !run.allowOutage) {
    const message = outageMessage(steps.outage);
    telemetry.emit("DeploymentFailed", { purpose: "deploy", reason: `${OUTAGE_NOT_ALLOWED}: ${message}`, failures: 0 });
    status("refused");
    const result: DeployResult = {
      status: "Failed",
      deployment: plan.deployment,
      writes: 0,
      ...empty,
      failures: [{ id: plan.deployment, error: { code: OUTAGE_NOT_ALLOWED, message } }],
      changes: carriedOut(read.changes, new Set(), new Set(), true),
      startedAt,
      finishedAt: context.df.currentUtcDateTime.toISOString(),
    };
    // Nothing was written: the deployment keeps the spec it runs.
    return { status: "Failed", reason: `${OUTAGE_NOT_ALLOWED}: ${message}`, result, adoptSpec: false };
  }

  yield run.markChanging(); // DeploymentStarted was emitted before the what-if read (deploy-topology.ts)
  const done = new Set<string>();
  const failed = new Set<string>();
  let writes = 0;
  let failures: DeployResult["failures"] = [];

  // 1. Creates and in-place updates, the NVAs being replaced left for step 2.
  const gateway = plan.topology.gateway;
  const first: PlannedResource[] = steps.first.map((r) =>
    r.type === "Microsoft.Network/virtualNetworkGateways" ? withApipaUnion(r, gateway.instances.map((i) => i.ipConfigName), read.deployedApipa) : r,
  );
  const sched = new GraphScheduler(first);
  status("changing: creates and updates", sched.snapshot(now()));
  yield* runGraph(context, sched, {
    startActivity: ACTIVITY.applyResource,
    inputOf: (r) => applyInput(plan, r),
    progress: () => status("changing: creates and updates", sched.snapshot(now())),
  });
  writes += sched.writes();
  failures = sched.failures();
  if (failures.length === 0) for (const r of first) done.add(r.id);

  // 2. One NVA at a time.
  for (const roll of failures.length === 0 ? steps.rolls : []) {
    const outcome = yield* rollNva(context, plan, roll.nva, {
      retry,
      inputOf: (r) => applyInput(plan, r),
      replace: roll.replace,
      progress: (stage, extra = {}) => status(`changing: ${roll.kind === "resize" ? "resizing" : "replacing"} ${roll.nva}: ${stage}`, extra),
    });
    writes += outcome.writes;
    if (outcome.status === "Failed") {
      failures = outcome.failures;
      break;
    }
    for (const id of roll.resources) done.add(id);
  }

  // 3. What the plan no longer holds.
  if (failures.length === 0 && steps.deletes.length > 0) {
    status("changing: deleting");
    const pruned = yield* pruneOwned(context, plan, steps.deletes, { progress: (phase, snapshot) => status(`changing: ${phase}`, snapshot) });
    writes += pruned.deletes + pruned.writes;
    failures = pruned.failures;
    if (pruned.status === "Succeeded") {
      // Left alone because it is gone already: done; because it is not ours: not done, and said so in the notes.
      const leftAlone = new Set(pruned.skipped.filter((s) => !/absent/i.test(s.note)).map((s) => idKey(s.id)));
      for (const c of steps.deletes) if (!leftAlone.has(idKey(c.id))) done.add(c.id);
    }
  }
  for (const f of failures) failed.add(f.id);

  // 4. Every session the new plan expects, as after a deploy.
  let assessment: BgpAssessment = { healthy: false, gateway: [], routeServer: [], missingRoutes: [], problems: [] };
  if (failures.length === 0) {
    status("verifying");
    assessment = (yield* verifySessions(context, plan, { retry, mayReset: false, telemetry, progress: (extra) => status("verifying", extra) })).assessment;
  }
  const succeeded = failures.length === 0 && assessment.healthy;
  const result: DeployResult = {
    status: succeeded ? "Succeeded" : "Failed",
    deployment: plan.deployment,
    writes,
    sessions: { gateway: assessment.gateway, routeServer: assessment.routeServer },
    problems: assessment.problems,
    missingRoutes: assessment.missingRoutes,
    failures,
    resets: [],
    changes: carriedOut(read.changes, done, failed),
    startedAt,
    finishedAt: context.df.currentUtcDateTime.toISOString(),
  };
  const reason = failureReason(result);
  telemetry.emit("DeploymentCompleted", { purpose: "deploy", status: result.status, durationSeconds: secondsBetween(startedAt, result.finishedAt), writes });
  if (!succeeded) telemetry.emit("DeploymentFailed", { purpose: "deploy", reason: reason ?? "failed", failures: failures.length });
  status(succeeded ? "done" : "failed");
  return { status: result.status, reason, result, recordSpec: read.spec, ...(succeeded ? { breaker: "reset" as const } : {}) };
}
