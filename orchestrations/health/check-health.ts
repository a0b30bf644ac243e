// checkHealth: read the deployment's resources (one list per type) and its
// live BGP state in one activity, judge them against the plan, store the
// report, and — when the report is not healthy and the deployment allows it —
// start the remediation (a re-run of deployTopology that writes only what
// drifted) under the deployment's single remediation id, without waiting for
// it; for orphans alone, the change path instead (the registered spec
// deployed again, which deletes what it no longer holds, create before destroy).
//
// Started by name (the fleet, the timer: spec and remediation policy come
// from the registry) or with a spec (the CLI and tests). A deployment being
// changed or rotated is not judged at all (shared/health/changing.ts): the
// check answers `changing`, reads nothing of Azure and starts nothing. A check never
// throws: a deployment that cannot be read is a failed check with its
// reason, so one bad deployment cannot sink the fleet's batch.
import type { OrchestrationContext, Task } from "durable-functions";
import type { ReadDeploymentOutput, ReadHealthInput, ReadHealthOutput, StartRemediationInput, StartRemediationOutput } from "../../activities/contracts.js";
import { generationOf, withDeployedGeneration } from "../../shared/changes/deployed-generation.js";
import { isCheckable, mayRemediate } from "../../shared/health/eligibility.js";
import { healthReport, needsRemediation, type HealthReport } from "../../shared/health/report.js";
import { ACTIVITY } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { orchestrationTelemetry, secondsBetween } from "../../shared/telemetry/index.js";
import { readSessionsInput } from "../deploy/read-sessions-input.js";
import { firstLine } from "../graph/first-line.js";
import { armRetry } from "../graph/retry.js";

export type CheckHealthInput = { deployment: string } | { spec: TopologySpec; remediate: boolean };

export type RemediationDecision = "not needed" | "not allowed" | "started" | "change started (orphans)" | `already running (${string})`;

export type CheckHealthResult =
  | { deployment: string; outcome: "checked"; report: HealthReport; remediation: RemediationDecision; requests: ReadHealthOutput["requests"] }
  | { deployment: string; outcome: "skipped" | "failed" | "changing"; reason: string; requests: ReadHealthOutput["requests"] };

const NO_REQUESTS = { reads: 0, writes: 0 };

export function* checkHealth(context: OrchestrationContext): Generator<Task, CheckHealthResult, any> {
  const input = context.df.getInput<CheckHealthInput>();
  const retry = armRetry();
  let spec: TopologySpec;
  let remediate: boolean;
  const name = "spec" in input ? input.spec.name : input.deployment;
  const record: ReadDeploymentOutput | null = yield context.df.callActivityWithRetry(ACTIVITY.readDeployment, retry, { deployment: name });
  // Before anything else: a half-changed topology is neither drift nor something to repair.
  if (record?.changing) {
    context.df.setCustomStatus({ deployment: name, status: "changing" });
    return { deployment: name, outcome: "changing", reason: record.changing, requests: NO_REQUESTS };
  }
  if ("spec" in input) {
    ({ spec, remediate } = input);
  } else {
    if (!record) return { deployment: input.deployment, outcome: "skipped", reason: "no longer registered", requests: NO_REQUESTS };
    if (!isCheckable(record)) {
      const reason = record.busyWith ? `${record.busyWith} is running` : `status ${record.status}`;
      return { deployment: input.deployment, outcome: "skipped", reason, requests: NO_REQUESTS };
    }
    spec = record.spec;
    remediate = mayRemediate(record);
  }

  let plan = planFromSpec(spec);
  const telemetry = orchestrationTelemetry(context, spec.name);
  const startedAt = context.df.currentUtcDateTime;
  let read: ReadHealthOutput;
  try {
    read = yield context.df.callActivityWithRetry(ACTIVITY.readHealth, retry, {
      inventory: { deployment: spec.name, resourceGroup: spec.resourceGroup, routeServerName: plan.topology.routeServer?.name ?? null },
      sessions: readSessionsInput(plan),
      subscriptionId: spec.subscriptionId ?? null,
    } satisfies ReadHealthInput);
  } catch (e) {
    return { deployment: spec.name, outcome: "failed", reason: firstLine(e), requests: NO_REQUESTS };
  }
  const inventory = new Map(read.inventory.resources);
  // A spec that leaves the gateway's generation unset is judged by the deployed
  // one, as the what-if and the change judge it (shared/changes/deployed-generation.ts):
  // a gateway resized in place within its generation is no drift, and a
  // remediation must not push the SKU's default generation onto it.
  const gatewayId = plan.resources.find((r) => r.type === "Microsoft.Network/virtualNetworkGateways")?.id.replace("{{subscriptionId}}", read.inventory.subscriptionId).toLowerCase();
  const pinned = withDeployedGeneration(spec, generationOf(gatewayId ? inventory.get(gatewayId) : undefined));
  if (pinned !== spec) {
    spec = pinned;
    plan = planFromSpec(spec);
  }
  const report = healthReport(plan, {
    inventory,
    powerStates: read.inventory.powerStates,
    network: read.sessions.network,
    routerIps: read.sessions.routerIps,
    subscriptionId: read.inventory.subscriptionId,
    checkedAt: context.df.currentUtcDateTime.toISOString(),
  });
  const stored: HealthReport = yield context.df.callActivityWithRetry(ACTIVITY.recordHealth, retry, report);
  context.df.setCustomStatus({ deployment: spec.name, status: stored.status, findings: stored.findings.length });
  telemetry.emit("HealthChecked", { status: stored.status, findings: stored.findings.length, durationSeconds: secondsBetween(startedAt, context.df.currentUtcDateTime) });
  for (const f of stored.findings) telemetry.emit("DriftFound", { kind: f.kind, resource: f.resource, severity: f.severity });
  const checked = (remediation: RemediationDecision): CheckHealthResult => ({ deployment: spec.name, outcome: "checked", report: stored, remediation, requests: read.requests });
  if (stored.status === "healthy") return checked("not needed");
  if (!remediate) return checked("not allowed");
  // Orphans alone: only the change path removes them (create before destroy), never the repair.
  const orphansOnly = !needsRemediation(stored);
  // Started, not awaited: a remediation can take as long as a gateway rebuild, and the fleet's batch must not wait for it.
  const start: StartRemediationOutput = yield context.df.callActivityWithRetry(ACTIVITY.startRemediation, retry, { spec, ...(orphansOnly ? { removeOrphans: true } : {}) } satisfies StartRemediationInput);
  if (!start.started) return checked(`already running (${start.reason})`);
  telemetry.emit("RemediationRequested", { trigger: "health" });
  return checked(orphansOnly ? "change started (orphans)" : "started");
}

export type CheckedHealth = Extract<CheckHealthResult, { outcome: "checked" }>;

/** For callers that need the report (CLI, tests): a skipped or failed check is an error there. */
export function expectChecked(result: CheckHealthResult): CheckedHealth {
  if (result.outcome !== "checked") throw new Error(`health check of ${result.deployment} ${result.outcome}: ${result.reason}`);
  return result;
}
