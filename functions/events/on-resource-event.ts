// Event Grid: Azure Resource Manager events on managed resources start the
// deployment's remediation. Events from another subscription, own writes,
// read-only probes, failures, unmanaged resources and resources of a
// deployment being changed or rotated are dropped (with a log line and the
// reason, never an exception); a burst of events for one deployment starts one
// remediation, because the remediation has one instance id per deployment.
// Each outcome is one telemetry line: EventDropped with the reason, or
// RemediationRequested.
import type { InvocationContext } from "@azure/functions";
import { parseArmEvents, routeChange, type RoutingContext } from "../../shared/events/arm-events.js";
import { startRemediationIfIdle } from "../../activities/start-remediation.js";
import { instanceId } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { DeploymentRecord, DeploymentRegistry } from "../../shared/storage/deployment-registry.js";
import { invocationTelemetry } from "../../shared/telemetry/index.js";
import type { StarterClient } from "../http/starter-client.js";
import { leaseClock } from "../../activities/azure-target.js";

export interface EventDeps {
  registry: DeploymentRegistry;
  self: RoutingContext["self"];
  /** The operation lock's clock (default: the configured target's). */
  now?: () => Date;
  /** The subscription(s) this app deploys into (AZURE_SUBSCRIPTION_ID): events from any other are not ours. */
  subscriptions: readonly string[];
}

const subscriptionOf = (id: string) => /^\/subscriptions\/([^/]+)/i.exec(id)?.[1]?.toLowerCase() ?? "";

/**
 * Every planned id of every registered deployment, in full: a plan that
 * leaves the subscription to configuration gets the app's own, so a resource
 * of the same name in another subscription never matches.
 */
async function managedIds(registry: DeploymentRegistry, appSubscription: string): Promise<Map<string, string>> {
  const claims = new Map<string, DeploymentRecord[]>();
  for (const record of await registry.list()) {
    if (record.status === "TornDown" || record.status === "TearingDown") continue;
    for (const r of planFromSpec(record.spec).resources) {
      const id = r.id.replace("{{subscriptionId}}", appSubscription).toLowerCase();
      claims.set(id, [...(claims.get(id) ?? []), record]);
    }
  }
  const ids = new Map<string, string>();
  for (const [id, records] of claims) ids.set(id, (records.find((r) => !stoppedByOwnership(r)) ?? records[0]!).name);
  return ids;
}

/**
 * Two specs may plan the same names; only one deployment can own them. One
 * whose last run stopped on an ownership conflict does not, so an event on
 * such a resource goes to the other (whose remediation may write it).
 */
function stoppedByOwnership(record: DeploymentRecord): boolean {
  const failures = (record.lastResult as { failures?: Array<{ error?: { code?: string } }> } | null)?.failures ?? [];
  return failures.some((f) => f.error?.code === "OwnershipConflict");
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
  const ours = new Set(deps.subscriptions.map((s) => s.toLowerCase()));
  const ids = await managedIds(deps.registry, deps.subscriptions[0] ?? "");
  const routing: RoutingContext = { self: deps.self, deploymentOf: (id) => ids.get(id.toLowerCase()) };
  for (const p of usable) {
    if (!p.ok) continue;
    const about = { eventId: p.change.eventId || undefined, resourceId: p.change.resourceId, operationName: p.change.operationName };
    const subscription = subscriptionOf(p.change.resourceId);
    if (!ours.has(subscription)) {
      const reason = `from subscription ${subscription}, which this app does not deploy into`;
      outcomes.push(`ignored ${p.change.operationName} on ${p.change.resourceId}: ${reason}`);
      telemetry.emit("EventDropped", { reason, ...about });
      continue;
    }
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
    if (!start.started && start.changing) {
      // Its resources move on purpose while it changes: nothing to repair until the change ends.
      outcomes.push(`not remediating ${route.deployment}: ${start.reason}`);
      scoped.emit("EventDropped", { reason: `not remediating: ${start.reason}`, ...about });
      continue;
    }
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
