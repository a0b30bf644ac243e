// assessTierOne: tier 1 of the fleet's health pass for one page of a
// subscription's fleet, without a single ARM request: one page of the one
// tag-filtered Resource Graph query (a resource group per result row, so a
// page never splits a deployment), BGP session state and route counts from
// metrics:getBatch for the page's gateways and Route Servers, each
// registered deployment on the page judged against its plan
// (shared/health/tier-one.ts). Returns a verdict per deployment and the next
// page's token — small, so the orchestration's history stays bounded — or,
// when Resource Graph's quota or the metrics API says wait, how long (the
// orchestration waits with a durable timer and asks for the same page again).
import { RestError } from "@azure/core-rest-pipeline";
import type { AssessTierOneInput, AssessTierOneOutput, TierOneOutcome } from "../contracts.js";
import { MAX_FLAGS_LISTED } from "../contracts.js";
import { azureTarget } from "../azure-target.js";
import { GATEWAY_METRICS, ROUTE_SERVER_METRICS } from "../../shared/health/fleet-metrics.js";
import { fleetResourcesQuery, viewsOfGroups, type GraphGroup } from "../../shared/health/graph-inventory.js";
import { judgeTierOne, type TierOneFlag } from "../../shared/health/tier-one.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { Plan } from "../../shared/plan/types.js";
import type { DeploymentRecord } from "../../shared/storage/deployment-registry.js";
import { queryGraphPage } from "./query-graph.js";
import { readMetrics } from "./read-metrics.js";

const idOf = (plan: Plan, type: string, subscriptionId: string) =>
  plan.resources.find((r) => r.type === type)?.id.replace("{{subscriptionId}}", subscriptionId).toLowerCase();

const outcome = (deployment: string, verdict: TierOneOutcome["verdict"], flags: TierOneFlag[]): TierOneOutcome => ({ deployment, verdict, flags: flags.slice(0, MAX_FLAGS_LISTED), flagCount: flags.length });

/** A status other than Succeeded, or strikes on the circuit breaker: a person or a remediation is involved, the precise check decides. */
function recordFlag(r: DeploymentRecord): TierOneFlag | null {
  if (r.status !== "Succeeded") return { kind: "status", resource: r.name, detail: `status ${r.status}` };
  if ((r.remediations ?? []).length) return { kind: "status", resource: r.name, detail: `${r.remediations!.length} remediation strike(s) this hour` };
  return null;
}

/** A refusal that retrying will not change (no role, a query the service rejects): tier 1 has no data, tier 2 decides. */
const refused = (e: unknown): string | null =>
  e instanceof RestError && (e.statusCode ?? 0) >= 400 && (e.statusCode ?? 0) < 500 && e.statusCode !== 429 ? `${e.statusCode} ${e.code ?? ""} ${e.message}`.slice(0, 300) : null;

const NO_QUOTA = { remaining: null, resetsAfterSeconds: null };

export async function assessTierOne(input: AssessTierOneInput): Promise<AssessTierOneOutput> {
  const t = azureTarget();
  const sub = input.subscriptionId;
  const at = t.now().toISOString();
  // Without tier 1's sources the page is empty and the subscription done: the pass sends every deployment it has not seen to tier 2.
  if (!t.resourceGraph || !t.metrics) return { throttled: false, outcomes: [], skipToken: null, graphQueries: 0, metricsBatchCalls: 0, quota: NO_QUOTA, at };

  let page: Awaited<ReturnType<typeof queryGraphPage<GraphGroup>>>;
  try {
    page = await queryGraphPage<GraphGroup>(t.resourceGraph, fleetResourcesQuery(), [sub], input.pageSize, input.skipToken);
  } catch (e) {
    if (refused(e) === null) throw e; // transient: the host retries the activity
    return { throttled: false, outcomes: [], skipToken: null, graphQueries: 1, metricsBatchCalls: 0, quota: NO_QUOTA, at };
  }
  if (!page.ok) return { throttled: true, retryAfterSeconds: page.retryAfterSeconds, graphQueries: 1, metricsBatchCalls: 0, by: "resourceGraph" };
  const views = viewsOfGroups(page.rows);

  // The registered deployments on this page (a tag may name one Bowtie no longer knows: skipped).
  const names = [...views.keys()];
  const records = await Promise.all(names.map((n) => t.registry.get(n)));
  const outcomes: TierOneOutcome[] = [];
  const judged: Array<{ record: DeploymentRecord; plan: Plan }> = [];
  records.forEach((r) => {
    if (!r) return;
    const flag = recordFlag(r);
    if (flag) return void outcomes.push(outcome(r.name, "tier2", [flag]));
    judged.push({ record: r, plan: planFromSpec(r.spec) });
  });

  // The gateways and Route Servers Resource Graph shows, by region, for getBatch.
  const located = (type: string) =>
    judged.flatMap(({ record, plan }) => {
      const id = idOf(plan, type, sub);
      const row = id ? views.get(record.name)?.inventory.get(id) : undefined;
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
  if (gateways.ok === false) return { throttled: true, retryAfterSeconds: gateways.retryAfterSeconds, graphQueries: 1, metricsBatchCalls: gateways.calls, by: "metrics" };
  const hubs = gateways.ok === "refused" ? gateways : await metricsOf(t.metrics, ROUTE_SERVER_METRICS, located("Microsoft.Network/virtualHubs"), window);
  if (hubs.ok === false) return { throttled: true, retryAfterSeconds: hubs.retryAfterSeconds, graphQueries: 1, metricsBatchCalls: (gateways.ok === true ? gateways.calls : 0) + hubs.calls, by: "metrics" };
  const calls = (gateways.ok === true ? gateways.calls : 1) + (hubs !== gateways && hubs.ok === true ? hubs.calls : 0);
  // Refused (no Monitoring Reader, say): no series at all, so every session reads as missing data and goes to tier 2.
  const metrics = [...(gateways.ok === true ? gateways.series : []), ...(hubs.ok === true ? hubs.series : [])];

  for (const { record, plan } of judged) {
    const view = views.get(record.name)!;
    const verdict = judgeTierOne({
      plan,
      subscriptionId: sub,
      inventory: view.inventory,
      powerStates: view.powerStates,
      metrics,
      lastWrittenAt: record.updatedAt ?? null,
      queriedAt: at,
      now: end.toISOString(),
      freshness: input.freshness,
    });
    outcomes.push(outcome(record.name, verdict.healthy ? "healthy" : "tier2", verdict.flags));
  }
  return { throttled: false, outcomes, skipToken: page.skipToken, graphQueries: 1, metricsBatchCalls: calls, quota: page.quota, at };
}
