// Tier 1 of the fleet's health pass: judge a deployment from what costs no
// ARM request — its resources as Resource Graph holds them, compared with the
// plan by the same comparison drift, orphans and what-if use
// (shared/drift/plan-vs-inventory.ts via detectDrift and ownedOutsidePlan),
// the NVAs' power state from the same rows, and BGP session state and route
// counts from Azure Monitor platform metrics. Tier 1 never calls a
// deployment broken on its own: anything it cannot vouch for — a difference,
// a session below 1, too few routes, a row or series that is missing or too
// old — sends the deployment to tier 2, the precise ARM check, which decides.
import { ownedOutsidePlan, type Inventory } from "../drift/plan-vs-inventory.js";
import type { Plan } from "../plan/types.js";
import { detectDrift } from "./drift.js";
import { instanceOf, peerOf, type MetricSeries } from "./fleet-metrics.js";
import { graphMayLag, metricTooOld, type Freshness } from "./freshness.js";

export type TierOneFlagKind = "missing" | "failed" | "drift" | "orphan" | "powerState" | "bgp" | "routes" | "stale" | "noData" | "status";

/** Why tier 1 sends a deployment to tier 2. */
export interface TierOneFlag {
  kind: TierOneFlagKind;
  resource: string;
  detail: string;
}

export interface TierOneInput {
  plan: Plan;
  subscriptionId: string;
  /** The deployment's resources as Resource Graph returned them (SDK models), keyed by lower-case id. */
  inventory: Inventory;
  /** VM id (lower-case) -> power state ("running", ...), from the same rows; absent when Resource Graph had none. */
  powerStates: Record<string, string>;
  metrics: MetricSeries[];
  /** When Bowtie last wrote to the deployment (its registry record), or null. */
  lastWrittenAt: string | null;
  /** When the Resource Graph query ran. */
  queriedAt: string;
  /** When the metrics were read. */
  now: string;
  freshness: Freshness;
}

export interface TierOneVerdict {
  deployment: string;
  /** True only when every check passed on fresh data. */
  healthy: boolean;
  flags: TierOneFlag[];
}

const idOf = (plan: Plan, type: string, subscriptionId: string) =>
  plan.resources.find((r) => r.type === type)?.id.replace("{{subscriptionId}}", subscriptionId).toLowerCase();

/** The newest value of the series of `metric` on `resource` for (peer, instance), judged for presence and age. */
function reading(input: TierOneInput, resource: string, metric: string, peer: string, instance: number): { value: number } | TierOneFlag {
  const series = input.metrics.filter((s) => s.resourceId === resource && s.metric.toLowerCase() === metric.toLowerCase() && peerOf(s) === peer && instanceOf(s) === instance);
  const points = series.map((s) => s.latest).filter((p): p is NonNullable<typeof p> => p !== null);
  const where = `${resource} ${metric} peer ${peer} instance ${instance}`;
  if (points.length === 0) return { kind: "noData", resource, detail: `no ${metric} value for peer ${peer} instance ${instance}` };
  const newest = points.reduce((a, b) => (Date.parse(b.at) > Date.parse(a.at) ? b : a));
  if (metricTooOld(newest.at, input.now, input.freshness)) return { kind: "stale", resource, detail: `${where}: newest value is from ${newest.at}` };
  return { value: newest.value };
}

export function judgeTierOne(input: TierOneInput): TierOneVerdict {
  const { plan, subscriptionId, inventory } = input;
  const t = plan.topology;
  const flags: TierOneFlag[] = [];

  if (graphMayLag(input.lastWrittenAt, input.queriedAt, input.freshness)) {
    flags.push({ kind: "stale", resource: plan.deployment, detail: `written at ${input.lastWrittenAt}, within Resource Graph's lag of the query at ${input.queriedAt}` });
  }
  for (const d of detectDrift(plan, inventory, subscriptionId)) {
    flags.push({ kind: d.kind, resource: d.resource, detail: d.path ? `${d.path}: ${JSON.stringify(d.actual)} (planned ${JSON.stringify(d.expected)})` : d.kind });
  }
  for (const o of ownedOutsidePlan(plan, inventory, subscriptionId)) flags.push({ kind: "orphan", resource: o.id, detail: `${o.type} owned but not planned` });
  for (const r of plan.resources.filter((x) => x.type === "Microsoft.Compute/virtualMachines")) {
    const id = r.id.replace("{{subscriptionId}}", subscriptionId).toLowerCase();
    if (!inventory.has(id)) continue; // already flagged missing
    const power = input.powerStates[id];
    if (power === undefined) flags.push({ kind: "noData", resource: id, detail: "Resource Graph holds no power state" });
    else if (power !== "running") flags.push({ kind: "powerState", resource: id, detail: power });
  }

  const judge = (resource: string, metric: string, peer: string, instance: number, atLeast: number, kind: "bgp" | "routes") => {
    const r = reading(input, resource, metric, peer, instance);
    if ("kind" in r) flags.push(r);
    else if (r.value < atLeast) flags.push({ kind, resource, detail: `${metric} peer ${peer} instance ${instance} = ${r.value} (expected at least ${atLeast})` });
  };

  const gateway = idOf(plan, "Microsoft.Network/virtualNetworkGateways", subscriptionId);
  if (gateway && inventory.has(gateway)) {
    for (const row of plan.apipa) {
      judge(gateway, "BgpPeerStatus", row.nvaBgpIp, row.gatewayInstance, 1, "bgp");
      if (t.advertise.provider.length) judge(gateway, "BgpRoutesLearned", row.nvaBgpIp, row.gatewayInstance, t.advertise.provider.length, "routes");
    }
  }
  const hub = idOf(plan, "Microsoft.Network/virtualHubs", subscriptionId);
  if (t.routeServer && hub && inventory.has(hub)) {
    // Route Server always runs two instances; its router IPs only name them.
    const instances = Math.max(2, (inventory.get(hub)!.virtualRouterIps ?? []).length);
    for (const nva of t.nvas) {
      for (let i = 0; i < instances; i++) {
        judge(hub, "BgpPeerStatus", nva.insideIp, i, 1, "bgp");
        if (t.advertise.client.length) judge(hub, "CountOfRoutesLearnedFromPeer", nva.insideIp, i, t.advertise.client.length, "routes");
      }
    }
  }
  return { deployment: plan.deployment, healthy: flags.length === 0, flags };
}
