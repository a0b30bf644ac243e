// deployTopology: plan, apply in dependency order with maximal parallelism,
// wait for long operations with durable timers, then verify the network with
// live BGP state. Deterministic: the plan is a pure function of the input
// spec, time comes from context.df.currentUtcDateTime, all I/O is in
// activities. The orchestration never sees a secret.
import type { OrchestrationContext, Task } from "durable-functions";
import type { AdmitRemediationOutput, ApplyResourceInput, ReadSessionsInput, ReadSessionsOutput } from "../../activities/contracts.js";
import { assessBgp, type BgpAssessment } from "../../shared/health/bgp-assessment.js";
import { ACTIVITY } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { Plan, PlannedResource } from "../../shared/plan/types.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { armRetry } from "../graph/retry.js";
import { recordDeployment } from "../graph/record.js";
import { runGraph } from "../graph/run-graph.js";
import { GraphScheduler, type ArmErrorInfo } from "../graph/scheduler.js";

export interface DeployInput {
  spec: TopologySpec;
  /** A remediation is the same walk over the plan: only what drifted is written. */
  purpose?: "deploy" | "remediate";
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

/** How often and how long to wait for BGP to come up after the last resource. */
const VERIFY_INTERVAL_MS = 15_000;
const VERIFY_DEADLINE_MS = 15 * 60_000;

function applyInput(plan: Plan, r: PlannedResource): ApplyResourceInput {
  const vm = r.type === "Microsoft.Compute/virtualMachines";
  return {
    deployment: plan.deployment,
    resource: r,
    context: { vaultUrl: plan.topology.keyVault.vaultUrl, routeServerName: plan.topology.routeServer?.name ?? null },
    ...(vm ? { nvaConfig: plan.nvaConfigs[r.name] } : {}),
  };
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
  const { spec, purpose = "deploy" } = context.df.getInput<DeployInput>();
  const plan = planFromSpec(spec);
  const sched = new GraphScheduler(plan.resources);
  const now = () => context.df.currentUtcDateTime.getTime();
  const startedAt = context.df.currentUtcDateTime.toISOString();
  const retry = armRetry();
  const progress = (phase: string, extra: object = {}) =>
    context.df.setCustomStatus({ deployment: plan.deployment, phase, ...sched.snapshot(now()), ...extra });

  const record = (status: Parameters<typeof recordDeployment>[2], result: unknown, reason: string | null) => recordDeployment(context, spec, status, result, reason);

  if (purpose === "remediate") {
    // The circuit breaker: too many remediations in the last hour and a person must look.
    const admit: AdmitRemediationOutput = yield context.df.callActivityWithRetry(ACTIVITY.admitRemediation, retry, { deployment: plan.deployment });
    if (!admit.admitted) {
      const at = context.df.currentUtcDateTime.toISOString();
      return { status: "Failed", deployment: plan.deployment, writes: 0, sessions: { gateway: [], routeServer: [] }, problems: [], missingRoutes: [], failures: [{ id: plan.deployment, error: { code: "CircuitOpen", message: admit.reason } }], startedAt, finishedAt: at };
    }
  }
  yield record(purpose === "remediate" ? "Remediating" : "Deploying", null, null);
  progress("applying");
  yield* runGraph(context, sched, {
    startActivity: ACTIVITY.applyResource,
    inputOf: (r) => applyInput(plan, r),
    progress: (step) => progress(step === "starting" ? "applying" : "provisioning"),
  });

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
