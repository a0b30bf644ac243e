// deployTopology: plan, apply in dependency order with maximal parallelism,
// wait for long operations with durable timers, then verify the network with
// live BGP state. Deterministic: the plan is a pure function of the input
// spec, time comes from context.df.currentUtcDateTime, all I/O is in
// activities. The orchestration never sees a secret. Telemetry (start,
// completion with its duration, failure with its reason) is replay-safe.
import type { OrchestrationContext, Task } from "durable-functions";
import type { AdmitRemediationOutput, BeginOperationInput, ReadChangeOutput } from "../../activities/contracts.js";
import { carriedOut, type CarriedChange } from "../../shared/changes/carried-out.js";
import { isChange } from "../../shared/changes/change-steps.js";
import type { DeployInput } from "../../shared/durable/activity-outcomes.js";
import type { BgpAssessment } from "../../shared/health/bgp-assessment.js";
import { ACTIVITY } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { Plan, PlannedResource } from "../../shared/plan/types.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { orchestrationTelemetry, secondsBetween, type Telemetry } from "../../shared/telemetry/index.js";
import { applyChange } from "../change/apply-change.js";
import { firstLine } from "../graph/first-line.js";
import { applyInput } from "./apply-input.js";
import { armRetry } from "../graph/retry.js";
import { asOperation, type Ending } from "../graph/operation.js";
import { runGraph } from "../graph/run-graph.js";
import { GraphScheduler, type ArmErrorInfo } from "../graph/scheduler.js";
import { verifySessions, type Verification } from "./verify-sessions.js";
import { failureReason } from "./failure-reason.js";

export type { DeployInput };

export interface DeployResult {
  status: "Succeeded" | "Failed";
  deployment: string;
  /** PUTs made (a re-deploy of an unchanged spec makes none). */
  writes: number;
  sessions: Pick<BgpAssessment, "gateway" | "routeServer">;
  problems: BgpAssessment["problems"];
  missingRoutes: BgpAssessment["missingRoutes"];
  failures: Array<{ id: string; error: ArmErrorInfo }>;
  /** Connections a remediation reset because BGP stayed down over an up tunnel (ids). */
  resets: string[];
  /**
   * A deploy's what-if entries (everything but `none`) as carried out: each
   * with its outcome. Absent for a remediation.
   */
  changes?: CarriedChange[];
  startedAt: string;
  finishedAt: string;
}

export function* deployTopology(context: OrchestrationContext): Generator<Task, DeployResult, any> {
  const input = context.df.getInput<DeployInput>();
  const { spec, purpose = "deploy" } = input;
  const telemetry = orchestrationTelemetry(context, spec.name);
  const requestedAt = context.df.currentUtcDateTime.toISOString();
  // A deploy may turn out to be a change: its spec is recorded when it ends, so a refused change leaves the deployment's as it was.
  const frame = { spec, kind: purpose, running: purpose === "remediate" ? "Remediating" : "Deploying", input, specAtEnd: purpose === "deploy" } as const;
  return yield* asOperation(
    context,
    frame,
    function* () {
      try {
        // Timed from when it holds the lock, as its telemetry is.
        const startedAt = context.df.currentUtcDateTime.toISOString();
        if (purpose === "remediate") return yield* deploy(context, telemetry, spec, purpose, startedAt);
        // Announced before the what-if read, so its telemetry spans the run its duration measures.
        telemetry.emit("DeploymentStarted", { purpose, resources: planFromSpec(spec).resources.length });
        // A deploy first reads what it would change: a deployment that exists and differs is changed safely (orchestrations/change/).
        const read: ReadChangeOutput = yield context.df.callActivityWithRetry(ACTIVITY.readChange, armRetry(), { spec });
        if (!isChange(read.changes)) return yield* deploy(context, telemetry, read.spec, purpose, startedAt, read);
        const markChanging = () =>
          context.df.callActivityWithRetry(ACTIVITY.beginOperation, armRetry(), {
            spec,
            kind: purpose,
            instanceId: context.df.instanceId,
            token: input.operation?.token ?? "",
            status: "Changing",
            keepSpec: true,
          } satisfies BeginOperationInput);
        return yield* applyChange(context, { read, allowOutage: input.allowOutage === true, startedAt, telemetry, markChanging });
      } catch (e) {
        // An activity out of retries, a stalled graph: the orchestration fails, and says why first.
        telemetry.emit("DeploymentFailed", { purpose, reason: firstLine(e), failures: 1 });
        throw e;
      }
    },
    (refusal) => {
      telemetry.emit("DeploymentFailed", { purpose, reason: refusal.reason, failures: 0 });
      return notRun(spec.name, requestedAt, context.df.currentUtcDateTime.toISOString(), "OperationInProgress", refusal.reason);
    },
  );
}

/** The result of a run that wrote nothing because it was not allowed to start. */
function notRun(deployment: string, startedAt: string, finishedAt: string, code: string, message: string): DeployResult {
  return { status: "Failed", deployment, writes: 0, sessions: { gateway: [], routeServer: [] }, problems: [], missingRoutes: [], failures: [{ id: deployment, error: { code, message } }], resets: [], startedAt, finishedAt };
}

/**
 * The circuit breaker's strikes: a run that acted (wrote, tried to write, or
 * reset a connection) and still ended unhealthy. One that found nothing to
 * do is no strike; any healthy ending clears them.
 */
function breakerOf(purpose: NonNullable<DeployInput["purpose"]>, r: DeployResult): Ending<DeployResult>["breaker"] {
  if (r.status === "Succeeded") return "reset";
  const acted = r.writes > 0 || r.failures.length > 0 || r.resets.length > 0;
  return purpose === "remediate" && acted ? "strike" : undefined;
}

function* deploy(
  context: OrchestrationContext,
  telemetry: Telemetry,
  spec: TopologySpec,
  purpose: NonNullable<DeployInput["purpose"]>,
  startedAt: string,
  /** A deploy's what-if read (only creates, or nothing to do). */
  read?: ReadChangeOutput,
): Generator<Task, Ending<DeployResult>, any> {
  const plan = planFromSpec(spec);
  const sched = new GraphScheduler(plan.resources);
  const now = () => context.df.currentUtcDateTime.getTime();
  const retry = armRetry();
  const progress = (phase: string, extra: object = {}) =>
    context.df.setCustomStatus({ deployment: plan.deployment, phase, ...sched.snapshot(now()), ...extra });

  if (purpose === "remediate") {
    // The circuit breaker: too many remediations that acted and did not help, and a person must look.
    const admit: AdmitRemediationOutput = yield context.df.callActivityWithRetry(ACTIVITY.admitRemediation, retry, { deployment: plan.deployment });
    if (!admit.admitted) {
      telemetry.emit("RemediationRefused", { reason: admit.reason });
      const result = notRun(plan.deployment, startedAt, context.df.currentUtcDateTime.toISOString(), "CircuitOpen", admit.reason);
      return { status: "NeedsAttention", reason: admit.reason, result };
    }
  }
  // A deploy announced itself before its what-if read (read is set); a remediation does here.
  if (!read) telemetry.emit("DeploymentStarted", { purpose, resources: plan.resources.length });
  progress("applying");
  yield* runGraph(context, sched, {
    startActivity: ACTIVITY.applyResource,
    inputOf: (r) => applyInput(plan, r),
    progress: (step) => progress(step === "starting" ? "applying" : "provisioning"),
  });

  const empty: BgpAssessment = { healthy: false, gateway: [], routeServer: [], missingRoutes: [], problems: [] };
  let verified: Verification = { assessment: empty, resets: [] };
  if (sched.failures().length === 0) {
    progress("verifying");
    verified = yield* verifySessions(context, plan, { retry, mayReset: purpose === "remediate", telemetry, progress: (extra) => progress("verifying", extra) });
  }
  const { assessment, resets } = verified;

  const failures = sched.failures();
  const status = failures.length === 0 && assessment.healthy ? "Succeeded" : "Failed";
  const result: DeployResult = {
    status,
    deployment: plan.deployment,
    writes: sched.writes(),
    sessions: { gateway: assessment.gateway, routeServer: assessment.routeServer },
    problems: assessment.problems,
    missingRoutes: assessment.missingRoutes,
    failures,
    resets,
    ...(read ? { changes: carriedOut(read.changes, new Set(sched.allSucceeded() ? read.changes.map((c) => c.id) : []), new Set(failures.map((f) => f.id))) } : {}),
    startedAt,
    finishedAt: context.df.currentUtcDateTime.toISOString(),
  };
  const reason = failureReason(result);
  telemetry.emit("DeploymentCompleted", { purpose, status, durationSeconds: secondsBetween(startedAt, result.finishedAt), writes: result.writes });
  if (status === "Failed") telemetry.emit("DeploymentFailed", { purpose, reason: reason ?? "failed", failures: failures.length });
  progress(status === "Succeeded" ? "done" : "failed");
  return { status, reason, result, breaker: breakerOf(purpose, result), ...(read ? { recordSpec: read.spec } : {}) };
}
