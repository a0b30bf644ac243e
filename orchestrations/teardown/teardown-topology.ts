// teardownTopology: delete what the deployment owns, in reverse dependency
// order (connections before the gateway, bgpConnections one at a time before
// the hub, VMs before their NICs, ...). The delete activity checks the
// ownership tag first and leaves anything else alone. Telemetry (start,
// completion with its duration) is replay-safe.
import type { OrchestrationContext, Task } from "durable-functions";
import type { DeleteResourceInput, OperationInput } from "../../activities/contracts.js";
import { ACTIVITY } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { reverseDependencies } from "../../shared/plan/reverse-graph.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { orchestrationTelemetry, secondsBetween } from "../../shared/telemetry/index.js";
import { asOperation, type Ending } from "../graph/operation.js";
import { runGraph } from "../graph/run-graph.js";
import { GraphScheduler, type ArmErrorInfo } from "../graph/scheduler.js";

export interface TeardownInput extends OperationInput {
  spec: TopologySpec;
}

export interface TeardownResult {
  status: "Succeeded" | "Failed";
  deployment: string;
  deletes: number;
  skipped: Array<{ id: string; note: string }>;
  failures: Array<{ id: string; error: ArmErrorInfo }>;
}

export function* teardownTopology(context: OrchestrationContext): Generator<Task, TeardownResult, any> {
  const input = context.df.getInput<TeardownInput>();
  const { spec } = input;
  return yield* asOperation(
    context,
    { spec, kind: "teardown", running: "TearingDown", input },
    () => teardown(context, spec),
    (refusal) => ({ status: "Failed", deployment: spec.name, deletes: 0, skipped: [], failures: [{ id: spec.name, error: { code: "OperationInProgress", message: refusal.reason } }] }),
  );
}

function* teardown(context: OrchestrationContext, spec: TopologySpec): Generator<Task, Ending<TeardownResult>, any> {
  const plan = planFromSpec(spec);
  const sched = new GraphScheduler(reverseDependencies(plan.resources), "Deleted");
  const now = () => context.df.currentUtcDateTime.getTime();
  const telemetry = orchestrationTelemetry(context, plan.deployment);
  const startedAt = context.df.currentUtcDateTime.toISOString();

  telemetry.emit("TeardownStarted", { resources: plan.resources.length });
  yield* runGraph(context, sched, {
    startActivity: ACTIVITY.deleteResource,
    inputOf: (r) => ({ deployment: plan.deployment, resource: r }) satisfies DeleteResourceInput,
    progress: (step) => context.df.setCustomStatus({ deployment: plan.deployment, phase: `deleting (${step})`, ...sched.snapshot(now()) }),
  });
  const failures = sched.failures();
  const result: TeardownResult = {
    status: failures.length ? "Failed" : "Succeeded",
    deployment: plan.deployment,
    deletes: sched.writes(),
    skipped: sched.skipped(),
    failures,
  };
  const reason = failures.map((f) => `${f.id}: ${f.error.message}`).join("; ") || null;
  telemetry.emit("TeardownCompleted", {
    status: result.status,
    durationSeconds: secondsBetween(startedAt, context.df.currentUtcDateTime),
    deletes: result.deletes,
    skipped: result.skipped.length,
    failures: failures.length,
    ...(reason ? { reason } : {}),
  });
  return { status: failures.length ? "Failed" : "TornDown", reason, result };
}
