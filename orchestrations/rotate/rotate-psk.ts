// rotatePsk: a new PSK for a running deployment, with traffic on at least
// one path the whole time. Inside asOperation (kind "rotate", one operation
// per deployment):
//   1. beginPskRotation writes a new random version of every PSK secret to
//      Key Vault (in the activity: no key ever enters this history) and
//      records the target versions; a crashed run's rotation is resumed.
//   2. The deployment is brought to its plan first (zero writes when it is
//      whole): an NVA a crashed run left drained or half-written comes back
//      with the version its pin names, and every session must be Connected
//      before any NVA is taken down.
//   3. One NVA at a time: drained, its VM deleted, its pin moved to the new
//      version while it is gone (recordPskVersion), its VM (new day-0 config,
//      customData being immutable) and its connection (sharedKey) written
//      with that same version, and every session Connected again before the
//      next. The NVA and its connection are never on different keys: both
//      are filled from its pin, which moves only while neither exists.
//   4. endPskRotation clears the rotation record.
// Deterministic: the plan is a pure function of the spec, time comes from
// the context, all I/O is in activities.
import type { OrchestrationContext, Task } from "durable-functions";
import type { BeginPskRotationInput, BeginPskRotationOutput, EndPskRotationInput, RecordPskVersionInput } from "../../activities/contracts.js";
import type { OperationInput } from "../../shared/durable/activity-outcomes.js";
import type { BgpAssessment } from "../../shared/health/bgp-assessment.js";
import { ACTIVITY } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { Plan } from "../../shared/plan/types.js";
import { OUTAGE_NOT_ALLOWED, rotationChanges, rotationOutage, rotationOutageMessage, type RotationChange } from "../../shared/psk/rotation-changes.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { orchestrationTelemetry, secondsBetween } from "../../shared/telemetry/index.js";
import { applyInput } from "../deploy/apply-input.js";
import { verifySessions } from "../deploy/verify-sessions.js";
import { firstLine } from "../graph/first-line.js";
import { asOperation, type Ending } from "../graph/operation.js";
import { armRetry } from "../graph/retry.js";
import { runGraph } from "../graph/run-graph.js";
import { GraphScheduler, type ArmErrorInfo } from "../graph/scheduler.js";
import { rollNva } from "../change/roll-nva.js";

export type { RotationChange };

export interface RotatePskInput extends OperationInput {
  spec: TopologySpec;
  /** Rotate even when that leaves some prefix without any path meanwhile (a single NVA). */
  allowOutage?: boolean;
}

export interface RotatePskResult {
  status: "Succeeded" | "Failed";
  deployment: string;
  /** An earlier run's rotation was resumed. */
  resumed: boolean;
  changes: RotationChange[];
  /** ARM writes (PUTs and deletes) the run made. */
  writes: number;
  sessions: Pick<BgpAssessment, "gateway" | "routeServer">;
  problems: BgpAssessment["problems"];
  failures: Array<{ id: string; error: ArmErrorInfo }>;
  startedAt: string;
  finishedAt: string;
}

export function* rotatePsk(context: OrchestrationContext): Generator<Task, RotatePskResult, any> {
  const input = context.df.getInput<RotatePskInput>();
  const { spec } = input;
  const requestedAt = context.df.currentUtcDateTime.toISOString();
  return yield* asOperation(
    context,
    { spec, kind: "rotate", running: "Rotating", input },
    () => rotate(context, spec, input.allowOutage === true, context.df.currentUtcDateTime.toISOString()),
    (refusal) => ({
      ...emptyResult(spec.name, requestedAt, context.df.currentUtcDateTime.toISOString()),
      failures: [{ id: spec.name, error: { code: "OperationInProgress", message: refusal.reason } }],
    }),
  );
}

function emptyResult(deployment: string, startedAt: string, finishedAt: string): RotatePskResult {
  return { status: "Failed", deployment, resumed: false, changes: [], writes: 0, sessions: { gateway: [], routeServer: [] }, problems: [], failures: [], startedAt, finishedAt };
}

function* rotate(context: OrchestrationContext, spec: TopologySpec, allowOutage: boolean, startedAt: string): Generator<Task, Ending<RotatePskResult>, any> {
  const plan = planFromSpec(spec);
  const retry = armRetry();
  const telemetry = orchestrationTelemetry(context, plan.deployment);
  const progress = (phase: string, extra: object = {}) => context.df.setCustomStatus({ deployment: plan.deployment, operation: "rotate", phase, ...extra });
  const result = emptyResult(plan.deployment, startedAt, startedAt);
  const finish = (reason: string | null): Ending<RotatePskResult> => {
    result.status = reason ? "Failed" : "Succeeded";
    result.finishedAt = context.df.currentUtcDateTime.toISOString();
    const rolled = new Set(result.changes.filter((c) => c.outcome === "done").map((c) => c.nva)).size;
    telemetry.emit("PskRotationCompleted", { status: result.status, durationSeconds: secondsBetween(startedAt, result.finishedAt), rolled, writes: result.writes, ...(reason ? { reason } : {}) });
    progress(reason ? "failed" : "done");
    return { status: reason ? "Failed" : "Succeeded", reason, result };
  };

  // One NVA: its replacement is an outage. Refused before anything is made or written, unless allowed.
  const outage = rotationOutage(plan);
  if (outage && !allowOutage) {
    const message = rotationOutageMessage(outage);
    result.changes = plan.topology.nvas.flatMap((n) => rotationChanges(plan, { nva: n.name, secretName: n.pskSecretName, from: "", to: "" }, "refused"));
    result.failures = [{ id: plan.deployment, error: { code: OUTAGE_NOT_ALLOWED, message } }];
    return finish(`${OUTAGE_NOT_ALLOWED}: ${message}`);
  }

  progress("new PSK versions");
  const begun: BeginPskRotationOutput = yield context.df.callActivityWithRetry(ACTIVITY.beginPskRotation, retry, {
    spec,
    instanceId: context.df.instanceId,
  } satisfies BeginPskRotationInput);
  result.resumed = begun.resumed;
  const changes = begun.steps.map((s) => rotationChanges(plan, s, "not reached"));
  result.changes = changes.flat();
  telemetry.emit("PskRotationStarted", { secrets: Object.keys(begun.targets), nvas: begun.steps.map((s) => s.nva), resumed: begun.resumed });

  // The plan whole first: what a crashed run left down comes back (with its pinned version), and no NVA
  // is taken down unless every other one carries traffic.
  progress("converging");
  const sched = new GraphScheduler(plan.resources);
  yield* runGraph(context, sched, { startActivity: ACTIVITY.applyResource, inputOf: (r) => applyInput(plan, r), progress: () => progress("converging") });
  result.writes += sched.writes();
  if (sched.failures().length) {
    result.failures = sched.failures();
    return finish(result.failures.map((f) => `${f.id}: ${f.error.code}: ${f.error.message}`).join("; "));
  }
  const before = yield* verifySessions(context, plan, { retry, mayReset: false, telemetry, progress: (extra) => progress("verifying before the roll", extra) });
  setSessions(result, before.assessment);
  if (!before.assessment.healthy) return finish(`not every session is Connected before the rotation, so no NVA is taken down: ${problemsOf(before.assessment)}`);

  for (const [i, step] of begun.steps.entries()) {
    progress(`rolling ${step.nva}`, { nva: step.nva, of: begun.steps.length, done: i });
    const rolled = yield* rollNva(context, plan, step.nva, {
      retry,
      inputOf: (r) => applyInput(plan, r),
      progress: (stage, extra = {}) => progress(`rolling ${step.nva}: ${stage}`, { nva: step.nva, of: begun.steps.length, done: i, ...extra }),
      whileDown: function* () {
        yield context.df.callActivityWithRetry(ACTIVITY.recordPskVersion, retry, { deployment: plan.deployment, step } satisfies RecordPskVersionInput);
      },
    });
    result.writes += rolled.writes;
    changes[i] = rotationChanges(plan, step, rolled.status === "Succeeded" ? "done" : "failed");
    result.changes = changes.flat();
    if (rolled.status !== "Succeeded") {
      result.failures = rolled.failures;
      const why = rolled.failures.map((f) => `${f.id}: ${f.error.code}: ${f.error.message}`).join("; ");
      // Stopped with the rotation recorded: a new run resumes it (no NVA is left on a key its connection lacks).
      return finish(`rolling ${step.nva} stopped at ${rolled.stage}, before the next NVA: ${firstLine(why)}`);
    }
  }
  // Every NVA back: the sessions as they stand now, for the result.
  const after = yield* verifySessions(context, plan, { retry, mayReset: false, telemetry, progress: (extra) => progress("verifying", extra) });
  setSessions(result, after.assessment);
  if (!after.assessment.healthy) return finish(`every NVA was rolled, but not every session is Connected: ${problemsOf(after.assessment)}`);
  yield context.df.callActivityWithRetry(ACTIVITY.endPskRotation, retry, { deployment: plan.deployment } satisfies EndPskRotationInput);
  return finish(null);
}

function setSessions(result: RotatePskResult, a: BgpAssessment): void {
  result.sessions = { gateway: a.gateway, routeServer: a.routeServer };
  result.problems = a.problems;
}

const problemsOf = (a: BgpAssessment) => a.problems.map((p) => `${p.session}: ${p.likelyCause}`).join("; ") || "routes not learned";
