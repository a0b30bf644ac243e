// Tier 1's verdict on one deployment from Resource Graph rows and platform
// metrics: healthy only when everything checks out on fresh data; a missing
// or too-old row or series sends the deployment to tier 2, never "healthy".
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Inventory } from "../../shared/health/drift.js";
import type { MetricSeries } from "../../shared/health/fleet-metrics.js";
import { DEFAULT_FRESHNESS } from "../../shared/health/freshness.js";
import { judgeTierOne, type TierOneInput } from "../../shared/health/tier-one.js";
import { toSdkModel } from "../../shared/plan/arm/sdk-models.js";
import { fillPlaceholders } from "../../shared/plan/placeholders.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { validateSpec } from "../../shared/spec/validate.js";

const SUB = "00000000-0000-4000-8000-000000000001";
const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const plan = planFromSpec(r.spec);
const ROUTER_IPS = ["10.10.4.4", "10.10.4.5"];
const NOW = "2030-01-01T01:00:00.000Z";
const ago = (s: number) => new Date(Date.parse(NOW) - s * 1000).toISOString();
const idOf = (type: string) => plan.resources.find((x) => x.type === type)!.id.replace("{{subscriptionId}}", SUB).toLowerCase();
const GW = idOf("Microsoft.Network/virtualNetworkGateways");
const HUB = idOf("Microsoft.Network/virtualHubs");
const VM = idOf("Microsoft.Compute/virtualMachines");

/** What Resource Graph shows of a healthy deployment: every planned body, filled, plus what ARM adds. */
function rows(): Inventory {
  const ips: Record<string, string> = {};
  let n = 4;
  for (const res of plan.resources) if (res.type === "Microsoft.Network/publicIPAddresses") ips[res.name] = `198.51.100.${n++}`;
  const inv: Inventory = new Map();
  for (const res of plan.resources) {
    const body = fillPlaceholders(res.body, (p) => (p.kind === "publicIp" ? ips[p.arg]! : p.kind === "routeServerIp" ? ROUTER_IPS[Number(p.arg)]! : p.kind === "subscriptionId" ? SUB : "secret-or-data")) as any;
    const props = { ...(body.properties ?? {}), provisioningState: "Succeeded" };
    delete props.sharedKey;
    if (res.type === "Microsoft.Network/publicIPAddresses") props.ipAddress = ips[res.name];
    if (res.type === "Microsoft.Network/virtualHubs") props.virtualRouterIps = ROUTER_IPS;
    inv.set(res.id.replace("{{subscriptionId}}", SUB).toLowerCase(), { ...toSdkModel({ type: res.type, body: { ...body, properties: props } }), name: res.name, type: res.type });
  }
  return inv;
}

/** Every session up and every route counted, as Azure Monitor would report them a couple of minutes late. */
function metrics(at = ago(180)): MetricSeries[] {
  const t = plan.topology;
  const out: MetricSeries[] = [];
  for (const row of plan.apipa) {
    const dimensions = { bgppeeraddress: row.nvaBgpIp, instance: `GatewayTenantWorker_IN_${row.gatewayInstance}` };
    out.push({ resourceId: GW, metric: "BgpPeerStatus", dimensions, latest: { at, value: 1 } });
    out.push({ resourceId: GW, metric: "BgpRoutesLearned", dimensions, latest: { at, value: t.advertise.provider.length } });
  }
  for (const nva of t.nvas) {
    ROUTER_IPS.forEach((_, i) => {
      const dimensions = { bgppeerip: nva.insideIp, routeserviceinstance: `IN_${i}` };
      out.push({ resourceId: HUB, metric: "BgpPeerStatus", dimensions, latest: { at, value: 1 } });
      out.push({ resourceId: HUB, metric: "CountOfRoutesLearnedFromPeer", dimensions, latest: { at, value: t.advertise.client.length } });
    });
  }
  return out;
}

function healthy(): TierOneInput {
  const inventory = rows();
  const powerStates = Object.fromEntries([...inventory.keys()].filter((k) => k.includes("/virtualmachines/")).map((k) => [k, "running"]));
  return { plan, subscriptionId: SUB, inventory, powerStates, metrics: metrics(), lastWrittenAt: ago(3600), queriedAt: NOW, now: NOW, freshness: DEFAULT_FRESHNESS };
}

const kinds = (i: TierOneInput) => judgeTierOne(i).flags.map((f) => f.kind);

test("a deployment whose rows match the plan and whose sessions and routes are all up on fresh metrics is healthy at tier 1", () => {
  const v = judgeTierOne(healthy());
  assert.deepEqual(v.flags, []);
  assert.equal(v.healthy, true);
});

test("a missing metric series is no evidence of health: tier 2 decides", () => {
  const i = healthy();
  const peer = plan.apipa[0]!.nvaBgpIp;
  i.metrics = i.metrics.filter((s) => !(s.metric === "BgpPeerStatus" && s.dimensions.bgppeeraddress === peer && s.dimensions.instance!.endsWith("_0")));
  assert.deepEqual(kinds(i), ["noData"]);
  assert.equal(judgeTierOne(i).healthy, false);
});

test("a series with no value in the window is missing data too", () => {
  const i = healthy();
  i.metrics[0] = { ...i.metrics[0]!, latest: null };
  assert.deepEqual(kinds(i), ["noData"]);
});

test("a metric whose newest value is older than the allowance is stale: tier 2 decides", () => {
  const i = healthy();
  i.metrics = metrics(ago(DEFAULT_FRESHNESS.maxMetricAgeSeconds + 60));
  assert.ok(kinds(i).length > 0 && kinds(i).every((k) => k === "stale"));
  assert.equal(judgeTierOne(i).healthy, false);
});

test("rows of a deployment written within Resource Graph's lag may be its previous version: tier 2 decides", () => {
  const i = healthy();
  i.lastWrittenAt = ago(DEFAULT_FRESHNESS.graphLagSeconds / 2);
  assert.deepEqual(kinds(i), ["stale"]);
});

test("a missing row (a deleted connection, a deleted Route Server peering) is flagged, and the row's absence never reads as healthy", () => {
  const i = healthy();
  const conn = idOf("Microsoft.Network/connections");
  const peering = idOf("Microsoft.Network/virtualHubs/bgpConnections");
  i.inventory.delete(conn);
  i.inventory.delete(peering);
  const v = judgeTierOne(i);
  assert.deepEqual(v.flags.filter((f) => f.kind === "missing").map((f) => f.resource.toLowerCase()).sort(), [conn, peering].sort());
});

test("an edited custom APIPA address on the gateway is drift", () => {
  const i = healthy();
  const gw = i.inventory.get(GW)!;
  gw.bgpSettings.bgpPeeringAddresses[0].customBgpIpAddresses = ["169.254.21.99"];
  assert.ok(judgeTierOne(i).flags.some((f) => f.kind === "drift" && f.resource.toLowerCase() === GW && /customBgpIpAddresses/.test(f.detail)));
});

test("an NVA powered off, or a VM row without a power state, is flagged", () => {
  const off = healthy();
  off.powerStates[VM] = "deallocated";
  assert.deepEqual(kinds(off), ["powerState"]);
  const unknown = healthy();
  delete unknown.powerStates[VM];
  assert.deepEqual(kinds(unknown), ["noData"]);
});

test("a session below 1 and a peer that sends too few routes are flagged (bgp, routes)", () => {
  const i = healthy();
  const down = i.metrics.find((s) => s.resourceId === GW && s.metric === "BgpPeerStatus")!;
  down.latest = { ...down.latest!, value: 0 };
  const few = i.metrics.find((s) => s.resourceId === HUB && s.metric === "CountOfRoutesLearnedFromPeer")!;
  few.latest = { ...few.latest!, value: 0 };
  assert.deepEqual(kinds(i).sort(), ["bgp", "routes"]);
});
