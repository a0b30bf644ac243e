// deployTopology: plan, apply in dependency order with maximal parallelism,
// wait for long operations with durable timers, then verify the network with
// live BGP state. Deterministic: the plan is a pure function of the input
// spec, time comes from context.df.currentUtcDateTime, all I/O is in
// activities. The orchestration never sees a secret.
import * as df from "durable-functions";
import type { OrchestrationContext, Task } from "durable-functions";
import type {
  ApplyOutcome,
  ApplyResourceInput,
  ProvisioningRead,
  ReadProvisioningStateInput,
  ReadSessionsInput,
  ReadSessionsOutput,
  RecordDeploymentInput,
} from "../../activities/contracts.js";
import { assessBgp, type BgpAssessment } from "../../shared/health/bgp-assessment.js";
import { ACTIVITY } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { Plan, PlannedResource } from "../../shared/plan/types.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { ApplyScheduler, type ArmErrorInfo } from "./apply-scheduler.js";

export interface DeployInput {
  spec: TopologySpec;
}

export interface DeployResult {
  status: "Succeeded" | "Failed";
  deployment: string;
  /** PUTs made (a re-deploy of an unchanged spec makes none). */
  writes: number;
  sessions: Pick<BgpAssessment, "gateway" | "routeServer">;
  problems: BgpAssessment["problems"];
  missingRoutes: BgpAssessment["missingRoutes"];
  failures: Array<{ id: string; error: ArmErrorInfo }>;
  startedAt: string;
  finishedAt: string;
}

/** Transient ARM failures thrown by activities (5xx, 429 after the SDK's own retries, 409) are retried by the host. */
export function armRetry(): df.RetryOptions {
  const r = new df.RetryOptions(5_000, 6);
  r.backoffCoefficient = 2;
  r.maxRetryIntervalInMilliseconds = 60_000;
  return r;
}

/** How often and how long to wait for BGP to come up after the last resource. */
const VERIFY_INTERVAL_MS = 15_000;
const VERIFY_DEADLINE_MS = 15 * 60_000;

function applyInput(plan: Plan, r: PlannedResource): ApplyResourceInput {
  const vm = r.type === "Microsoft.Compute/virtualMachines";
  return { deployment: plan.deployment, resource: r, ...(vm ? { nvaConfig: plan.nvaConfigs[r.name] } : {}) };
}

export function readSessionsInput(plan: Plan): ReadSessionsInput {
  const byType = (type: PlannedResource["type"]) => plan.resources.filter((r) => r.type === type);
  const hub = byType("Microsoft.Network/virtualHubs")[0];
  return {
    deployment: plan.deployment,
    gatewayId: byType("Microsoft.Network/virtualNetworkGateways")[0]!.id,
    connections: byType("Microsoft.Network/connections").map((c) => ({ id: c.id, name: c.name })),
    routeServer: hub ? { hubId: hub.id, bgpConnectionIds: byType("Microsoft.Network/virtualHubs/bgpConnections").map((b) => b.id) } : null,
  };
}

export function* deployTopology(context: OrchestrationContext): Generator<Task, DeployResult, any> {
  const { spec } = context.df.getInput<DeployInput>();
  const plan = planFromSpec(spec);
  const sched = new ApplyScheduler(plan.resources);
  const now = () => context.df.currentUtcDateTime.getTime();
  const startedAt = context.df.currentUtcDateTime.toISOString();
  const retry = armRetry();
  const progress = (phase: string, extra: object = {}) =>
    context.df.setCustomStatus({ deployment: plan.deployment, phase, ...sched.snapshot(now()), ...extra });

  const record = (status: RecordDeploymentInput["status"], result: unknown, reason: string | null) =>
    context.df.callActivityWithRetry(ACTIVITY.recordDeployment, retry, {
      spec,
      status,
      instanceId: context.df.instanceId,
      result,
      reason,
    } satisfies RecordDeploymentInput);

  yield record("Deploying", null, null);
  progress("applying");

  while (!sched.allSucceeded() && sched.failures().length === 0) {
    const ready = sched.takeReady();
    if (ready.length > 0) {
      const outcomes: ApplyOutcome[] = yield context.df.Task.all(
        ready.map((r) => context.df.callActivityWithRetry(ACTIVITY.applyResource, retry, applyInput(plan, r))),
      );
      ready.forEach((r, i) => sched.recordApply(r.id, outcomes[i]!, now()));
      progress("applying");
      continue;
    }
    for (const r of sched.overdue(now())) {
      sched.markFailed(r.id, { code: "DeadlineExceeded", message: `${r.name} still provisioning after its deadline` });
    }
    if (sched.failures().length > 0) break;
    const next = sched.nextPollAt();
    if (next === null) {
      // Nothing ready, nothing provisioning, not all done: a dependency can never be met.
      throw new Error("deploy stalled: remaining resources wait on dependencies that are not in the plan");
    }
    yield context.df.createTimer(new Date(next));
    const due = sched.duePolls(now());
    const reads: ProvisioningRead[] = yield context.df.Task.all(
      due.map((r) =>
        context.df.callActivityWithRetry(ACTIVITY.readProvisioningState, retry, {
          id: r.id,
          type: r.type,
          apiVersion: r.apiVersion,
        } satisfies ReadProvisioningStateInput),
      ),
    );
    due.forEach((r, i) => sched.recordPoll(r.id, reads[i]!, now()));
    progress("provisioning");
  }

  const empty: BgpAssessment = { healthy: false, gateway: [], routeServer: [], missingRoutes: [], problems: [] };
  let assessment = empty;
  if (sched.failures().length === 0) {
    progress("verifying");
    const verifyUntil = now() + VERIFY_DEADLINE_MS;
    for (;;) {
      const observed: ReadSessionsOutput = yield context.df.callActivityWithRetry(ACTIVITY.readSessions, retry, readSessionsInput(plan));
      assessment = assessBgp(plan, observed.network, observed.routerIps);
      progress("verifying", { sessionsDown: assessment.problems.length, missingRoutes: assessment.missingRoutes.length });
      if (assessment.healthy || now() >= verifyUntil) break;
      yield context.df.createTimer(new Date(now() + VERIFY_INTERVAL_MS));
    }
  }

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
    startedAt,
    finishedAt: context.df.currentUtcDateTime.toISOString(),
  };
  const reason =
    failures.map((f) => `${f.id}: ${f.error.code}: ${f.error.message}`).join("; ") ||
    assessment.problems.map((p) => `${p.session}: ${p.likelyCause}`).join("; ") ||
    (assessment.missingRoutes.length ? `routes not learned: ${assessment.missingRoutes.map((m) => `${m.prefix} at ${m.where}`).join(", ")}` : null);
  yield record(status, result, reason);
  progress(status === "Succeeded" ? "done" : "failed");
  return result;
}
