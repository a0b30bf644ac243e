// checkHealth: read the deployment's resources (one list per type) and its
// live BGP state in parallel, judge them against the plan, store the report,
// and — when the report is not healthy and the caller allows it — start the
// remediation (a re-run of deployTopology that writes only what drifted)
// under the deployment's single remediation id.
import type { OrchestrationContext, Task } from "durable-functions";
import type { ReadInventoryInput, ReadInventoryOutput, ReadSessionsOutput } from "../../activities/contracts.js";
import { healthReport, type HealthReport } from "../../shared/health/report.js";
import { ACTIVITY, instanceId, ORCHESTRATION } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { readSessionsInput, type DeployInput } from "../deploy/deploy-topology.js";
import { armRetry } from "../graph/retry.js";

export interface CheckHealthInput {
  spec: TopologySpec;
  remediate: boolean;
}

export interface CheckHealthResult {
  report: HealthReport;
  remediation: "not needed" | "not allowed" | "started" | "already running" | string;
}

export function* checkHealth(context: OrchestrationContext): Generator<Task, CheckHealthResult, any> {
  const { spec, remediate } = context.df.getInput<CheckHealthInput>();
  const plan = planFromSpec(spec);
  const retry = armRetry();
  const [inventory, sessions]: [ReadInventoryOutput, ReadSessionsOutput] = yield context.df.Task.all([
    context.df.callActivityWithRetry(ACTIVITY.readInventory, retry, {
      deployment: spec.name,
      resourceGroup: spec.resourceGroup,
      routeServerName: plan.topology.routeServer?.name ?? null,
    } satisfies ReadInventoryInput),
    context.df.callActivityWithRetry(ACTIVITY.readSessions, retry, readSessionsInput(plan)),
  ]);
  const report = healthReport(plan, {
    inventory: new Map(inventory.resources),
    powerStates: inventory.powerStates,
    network: sessions.network,
    routerIps: sessions.routerIps,
    subscriptionId: inventory.subscriptionId,
    checkedAt: context.df.currentUtcDateTime.toISOString(),
  });
  const stored: HealthReport = yield context.df.callActivityWithRetry(ACTIVITY.recordHealth, retry, report);
  context.df.setCustomStatus({ deployment: spec.name, status: stored.status, findings: stored.findings.length });
  if (stored.status === "healthy") return { report: stored, remediation: "not needed" };
  if (!remediate) return { report: stored, remediation: "not allowed" };
  try {
    yield context.df.callSubOrchestrator(ORCHESTRATION.deployTopology, { spec, purpose: "remediate" } satisfies DeployInput, instanceId.remediate(spec.name));
    return { report: stored, remediation: "started" };
  } catch (e) {
    // The single remediation id is taken: one is already running (started by an event, say).
    return { report: stored, remediation: `already running (${(e as Error).message.split("\n")[0]})` };
  }
}
