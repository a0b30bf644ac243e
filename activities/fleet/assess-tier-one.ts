// assessTierOne: tier 1 of the fleet's health pass for a chunk of one
// subscription's deployments, without a single ARM request: what they own
// from one tag-filtered Resource Graph query (paged), BGP session state and
// route counts from metrics:getBatch, each deployment judged against its plan
// (shared/health/tier-one.ts). Returns a verdict per deployment — small, so
// the orchestration's history stays bounded — or, when Resource Graph's quota
// or the metrics API says wait, how long (the orchestration waits with a
// durable timer and asks again).
import type { AssessTierOneInput, AssessTierOneOutput, TierOneOutcome } from "../contracts.js";
import { MAX_FLAGS_LISTED } from "../contracts.js";
import { azureTarget } from "../azure-target.js";
import { GATEWAY_METRICS, ROUTE_SERVER_METRICS } from "../../shared/health/fleet-metrics.js";
import { groupRows, ownedResourcesQuery, type FleetMember } from "../../shared/health/graph-inventory.js";
import { judgeTierOne, type TierOneFlag } from "../../shared/health/tier-one.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { Plan } from "../../shared/plan/types.js";
import type { DeploymentRecord } from "../../shared/storage/deployment-registry.js";
import { queryGraph } from "./query-graph.js";
import { readMetrics } from "./read-metrics.js";
import { RestError } from "@azure/core-rest-pipeline";

/** A refusal that retrying will not change (no role, a query the service rejects): tier 1 has no data, tier 2 decides. */
const refused = (e: unknown): string | null =>
  e instanceof RestError && (e.statusCode ?? 0) >= 400 && (e.statusCode ?? 0) < 500 && e.statusCode !== 429 ? `${e.statusCode} ${e.code ?? ""} ${e.message}`.slice(0, 300) : null;

const idOf = (plan: Plan, type: string, subscriptionId: string) =>
  plan.resources.find((r) => r.type === type)?.id.replace("{{subscriptionId}}", subscriptionId).toLowerCase();

const outcome = (deployment: string, verdict: TierOneOutcome["verdict"], flags: TierOneFlag[]): TierOneOutcome => ({ deployment, verdict, flags: flags.slice(0, MAX_FLAGS_LISTED), flagCount: flags.length });

/** A status other than Succeeded, or strikes on the circuit breaker: a person or a remediation is involved, the precise check decides. */
function recordFlag(r: DeploymentRecord): TierOneFlag | null {
  if (r.status !== "Succeeded") return { kind: "status", resource: r.name, detail: `status ${r.status}` };
  if ((r.remediations ?? []).length) return { kind: "status", resource: r.name, detail: `${r.remediations!.length} remediation strike(s) this hour` };
  return null;
}

export async function assessTierOne(input: AssessTierOneInput): Promise<AssessTierOneOutput> {
  const t = azureTarget();
  const sub = input.subscriptionId;
  const records = await Promise.all(input.deployments.map((d) => t.registry.get(d)));
  const outcomes: TierOneOutcome[] = [];
  const judged: Array<{ record: DeploymentRecord; plan: Plan }> = [];
  records.forEach((r, i) => {
    if (!r) return void outcomes.push(outcome(input.deployments[i]!, "gone", []));
    const flag = recordFlag(r);
    if (flag) return void outcomes.push(outcome(r.name, "tier2", [flag]));
    judged.push({ record: r, plan: planFromSpec(r.spec) });
  });
  const without = (why: string, graphQueries: number, metricsBatchCalls: number): AssessTierOneOutput => {
    for (const j of judged) outcomes.push(outcome(j.record.name, "tier2", [{ kind: "noData", resource: j.record.name, detail: why }]));
    return { throttled: false, outcomes, graphQueries, metricsBatchCalls, quota: { remaining: null, resetsAfterSeconds: null }, at: t.now().toISOString() };
  };
  if (!t.resourceGraph || !t.metrics) return without("no Resource Graph or metrics client configured", 0, 0);
  if (judged.length === 0) return { throttled: false, outcomes, graphQueries: 0, metricsBatchCalls: 0, quota: { remaining: null, resetsAfterSeconds: null }, at: t.now().toISOString() };

  const members: FleetMember[] = judged.map((j) => ({ name: j.record.name, resourceGroup: j.record.resourceGroup }));
  const queriedAt = t.now().toISOString();
  let graph: Awaited<ReturnType<typeof queryGraph>>;
  try {
    graph = await queryGraph(t.resourceGraph, ownedResourcesQuery(members), [sub]);
  } catch (e) {
    const why = refused(e);
    if (why === null) throw e; // transient: the host retries the activity
    return without(`Resource Graph refused the query: ${why}`, 1, 0);
  }
  if (!graph.ok) return { throttled: true, retryAfterSeconds: graph.retryAfterSeconds, graphQueries: graph.pages, metricsBatchCalls: 0, by: "resourceGraph" };
  const views = groupRows(graph.rows, members);

  // The gateways and Route Servers Resource Graph shows, by region, for getBatch.
  const located = (type: string) =>
    judged.flatMap(({ plan }) => {
      const id = idOf(plan, type, sub);
      const row = id ? views.get(plan.deployment)?.inventory.get(id) : undefined;
      return row && id ? [{ id, subscriptionId: sub, region: String(row.location ?? plan.topology.location) }] : [];
    });
  const end = t.now();
  const window = { start: new Date(end.getTime() - input.freshness.metricWindowSeconds * 1000), end, grain: input.freshness.metricGrain };
  const metricsOf = async (...args: Parameters<typeof readMetrics>) => {
    try {
      return await readMetrics(...args);
    } catch (e) {
      const why = refused(e);
      if (why === null) throw e;
      return { ok: "refused" as const, why };
    }
  };
  const gateways = await metricsOf(t.metrics, GATEWAY_METRICS, located("Microsoft.Network/virtualNetworkGateways"), window);
  if (gateways.ok === "refused") return without(`the metrics API refused: ${gateways.why}`, graph.pages, 1);
  if (!gateways.ok) return { throttled: true, retryAfterSeconds: gateways.retryAfterSeconds, graphQueries: graph.pages, metricsBatchCalls: gateways.calls, by: "metrics" };
  const hubs = await metricsOf(t.metrics, ROUTE_SERVER_METRICS, located("Microsoft.Network/virtualHubs"), window);
  if (hubs.ok === "refused") return without(`the metrics API refused: ${hubs.why}`, graph.pages, gateways.calls + 1);
  if (!hubs.ok) return { throttled: true, retryAfterSeconds: hubs.retryAfterSeconds, graphQueries: graph.pages, metricsBatchCalls: gateways.calls + hubs.calls, by: "metrics" };
  const metrics = [...gateways.series, ...hubs.series];

  for (const { record, plan } of judged) {
    const view = views.get(record.name)!;
    const verdict = judgeTierOne({
      plan,
      subscriptionId: sub,
      inventory: view.inventory,
      powerStates: view.powerStates,
      metrics,
      lastWrittenAt: record.updatedAt ?? null,
      queriedAt,
      now: end.toISOString(),
      freshness: input.freshness,
    });
    outcomes.push(outcome(record.name, verdict.healthy ? "healthy" : "tier2", verdict.flags));
  }
  return { throttled: false, outcomes, graphQueries: graph.pages, metricsBatchCalls: gateways.calls + hubs.calls, quota: graph.quota, at: queriedAt };
}
