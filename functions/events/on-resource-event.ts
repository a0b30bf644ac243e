// Event Grid: Azure Resource Manager events on managed resources start the
// deployment's remediation. Own writes, read-only probes, failures and
// unmanaged resources are dropped (with a log line, never an exception);
// a burst of events for one deployment starts one remediation, because the
// remediation has one instance id per deployment. Each outcome is one
// telemetry line: EventDropped with the reason, or RemediationRequested.
import type { InvocationContext } from "@azure/functions";
import { parseArmEvents, routeChange, type RoutingContext } from "../../shared/events/arm-events.js";
import { startRemediationIfIdle } from "../../activities/start-remediation.js";
import { instanceId } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { DeploymentRegistry } from "../../shared/storage/deployment-registry.js";
import { invocationTelemetry } from "../../shared/telemetry/index.js";
import type { StarterClient } from "../http/starter-client.js";
import { leaseClock } from "../../activities/azure-target.js";

export interface EventDeps {
  registry: DeploymentRegistry;
  self: RoutingContext["self"];
  /** The operation lock's clock (default: the configured target's). */
  now?: () => Date;
}

/** ARM ids compared without their subscription: a plan may leave it to configuration. */
const key = (id: string) => id.toLowerCase().replace(/^\/subscriptions\/[^/]+\//, "/subscriptions/*/");

async function managedIds(registry: DeploymentRegistry): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const record of await registry.list()) {
    if (record.status === "TornDown" || record.status === "TearingDown") continue;
    for (const r of planFromSpec(record.spec).resources) ids.set(key(r.id), record.name);
  }
  return ids;
}

/** The outcome texts (returned, for callers and tests) stay as they were; telemetry carries the same facts as fields. */
export async function onResourceEvent(body: unknown, client: StarterClient, context: InvocationContext, deps: EventDeps): Promise<string[]> {
  const outcomes: string[] = [];
  const telemetry = invocationTelemetry(context, { deploymentId: null, instanceId: null });
  const parsed = parseArmEvents(body);
  const usable = parsed.filter((p) => p.ok);
  for (const p of parsed) {
    if (p.ok) continue;
    outcomes.push(`dropped: ${p.reason}`);
    telemetry.emit("EventDropped", { reason: p.reason });
  }
  if (usable.length === 0) return outcomes;
  const ids = await managedIds(deps.registry);
  const routing: RoutingContext = { self: deps.self, deploymentOf: (id) => ids.get(key(id)) };
  for (const p of usable) {
    if (!p.ok) continue;
    const about = { eventId: p.change.eventId || undefined, resourceId: p.change.resourceId, operationName: p.change.operationName };
    const route = routeChange(p.change, routing);
    if (!route.remediate) {
      outcomes.push(`ignored ${p.change.operationName} on ${p.change.resourceId}: ${route.reason}`);
      telemetry.emit("EventDropped", { reason: route.reason, ...about });
      continue;
    }
    const scoped = telemetry.with({ deploymentId: route.deployment, instanceId: instanceId.remediate(route.deployment) });
    const record = await deps.registry.get(route.deployment);
    if (!record || record.status === "NeedsAttention") {
      const reason = record ? `it needs attention (${record.reason})` : "not registered";
      outcomes.push(`not remediating ${route.deployment}: ${reason}`);
      scoped.emit("EventDropped", { reason: `not remediating: ${reason}`, ...about });
      continue;
    }
    const start = await startRemediationIfIdle({ registry: deps.registry, client, now: deps.now ?? leaseClock() }, record.spec);
    if (!start.started) {
      outcomes.push(`${route.deployment}: another operation is already running (${start.reason})`);
      scoped.emit("EventDropped", { reason: start.reason, ...about });
      continue;
    }
    outcomes.push(`remediating ${route.deployment} after ${p.change.operationName} on ${p.change.resourceId}`);
    scoped.emit("RemediationRequested", { trigger: "event", ...about });
  }
  return outcomes;
}
