// Azure Monitor's metrics:getBatch on the emulator, through the real
// MetricsClient, over the seed lab deployed by Bowtie: BGP session status and
// route counts per peer and instance from the session timeline, visible only
// after the ingestion delay; one subscription/region/type and 50 ids a call;
// the backend's own throttling answered with 529.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { RestError } from "@azure/core-rest-pipeline";
import type { MetricsQueryResult } from "@azure/monitor-query-metrics";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { metricsClient } from "../helpers/metrics-client.js";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
let stack: LocalStack;
let gatewayId: string;
let hubId: string;

const GATEWAYS = "Microsoft.Network/virtualNetworkGateways";
const HUBS = "Microsoft.Network/virtualHubs";
const MINUTE = 60_000;

before(async () => {
  stack = await startLocalStack();
  await stack.seedSecrets(spec);
  const out = (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { input: { spec } }))).output as { status: string };
  assert.equal(out.status, "Succeeded");
  const base = `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers`;
  gatewayId = `${base}/Microsoft.Network/virtualNetworkGateways/${spec.gateway.name}`;
  hubId = `${base}/Microsoft.Network/virtualHubs/${spec.routeServer.name}`;
  stack.clock.advanceBy(15 * MINUTE); // sessions up, and their minutes ingested
});
after(async () => stack.close());

async function metricsError(p: Promise<unknown>): Promise<RestError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RestError) return e;
    throw e;
  }
  assert.fail("expected a metrics error");
}

/** A metric of the answer by its REST name: the SDK's `name` is Azure's localized name ("BGP Peer Status"), the id ends in the REST name. */
const metricOf = (result: MetricsQueryResult, metric: string) => result.metrics.find((m) => m.id.endsWith(`/metrics/${metric}`));

/** The last value of each series of one metric, keyed by its dimension values. */
function lastValues(result: MetricsQueryResult, metric: string, aggregation: "average" | "maximum" | "total"): Record<string, number | undefined> {
  const m = metricOf(result, metric);
  assert.ok(m, `metric ${metric} in the answer`);
  const out: Record<string, number | undefined> = {};
  for (const s of m.timeseries) {
    const key = (s.metadatavalues ?? []).map((d) => d.value).join("|");
    const withValue = (s.data ?? []).filter((p) => p[aggregation] !== undefined);
    out[key] = withValue.at(-1)?.[aggregation];
  }
  return out;
}

test("gateway BgpPeerStatus and route counts per peer and instance; a powered-off NVA's sessions read 0 only after the hold timer and the ingestion delay", async () => {
  const client = metricsClient(stack.emulator);
  const query = (names: string[], aggregation: string, minutes = 30) =>
    client.queryResources([gatewayId], names, GATEWAYS, {
      filter: "BgpPeerAddress eq '*' and Instance eq '*'",
      interval: "PT1M",
      aggregation,
      startTime: new Date(stack.clock.now() - minutes * MINUTE),
      endTime: new Date(stack.clock.now()),
    });
  const [before_] = await query(["BgpPeerStatus", "BgpRoutesLearned", "BgpRoutesAdvertised"], "Average");
  assert.equal(before_!.resourceId, gatewayId);
  const peers = spec.nvas.flatMap((n) => [0, 1].map((i) => `${n.loopbackIp}|GatewayTenantWorker_IN_${i}`)).sort();
  const status = lastValues(before_!, "BgpPeerStatus", "average");
  assert.deepEqual(Object.keys(status).sort(), peers, "one series per NVA loopback and gateway instance");
  assert.ok(Object.values(status).every((v) => v === 1), `all sessions up: ${JSON.stringify(status)}`);
  const learned = lastValues(before_!, "BgpRoutesLearned", "average");
  assert.ok(Object.values(learned).every((v) => v !== undefined && v > 0), `each peer delivers prefixes: ${JSON.stringify(learned)}`);
  assert.ok(Object.values(lastValues(before_!, "BgpRoutesAdvertised", "average")).every((v) => v !== undefined && v > 0));
  // The newest minutes have no value yet: they are not ingested (default delay 3 minutes).
  const newest = metricOf(before_!, "BgpPeerStatus")!.timeseries[0]!.data!.at(-1)!;
  assert.equal(newest.average, undefined, "the current minute is not ingested yet");

  const vm10 = `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${spec.nvas[0]!.name}`;
  stack.emulator.outOfBand.powerOff(vm10);
  stack.clock.advanceBy(2 * MINUTE);
  const soon = lastValues((await query(["BgpPeerStatus"], "Average"))[0]!, "BgpPeerStatus", "average");
  assert.ok(Object.values(soon).every((v) => v === 1), `two minutes after power-off the metrics still say up (hold timer, ingestion delay): ${JSON.stringify(soon)}`);
  stack.clock.advanceBy(10 * MINUTE);
  const [later] = await query(["BgpPeerStatus", "BgpRoutesLearned"], "Average");
  const down = lastValues(later!, "BgpPeerStatus", "average");
  const routes = lastValues(later!, "BgpRoutesLearned", "average");
  for (const key of peers) {
    const ofVm10 = key.startsWith(`${spec.nvas[0]!.loopbackIp}|`);
    assert.equal(down[key], ofVm10 ? 0 : 1, `${key}: ${JSON.stringify(down)}`);
    if (ofVm10) assert.equal(routes[key], 0, "a down session delivers no routes");
  }
  // Not split: one series, the average over the four sessions (two of them down for a whole 5-minute bin).
  stack.clock.advanceBy(10 * MINUTE);
  const [whole] = await client.queryResources([gatewayId], ["BgpPeerStatus"], GATEWAYS, { interval: "PT5M", aggregation: "Average", startTime: new Date(stack.clock.now() - 30 * MINUTE), endTime: new Date(stack.clock.now()) });
  const series = metricOf(whole!, "BgpPeerStatus")!.timeseries;
  assert.equal(series.length, 1);
  assert.equal(series[0]!.data!.filter((p) => p.average !== undefined).at(-1)!.average, 0.5);
});

test("Route Server BgpPeerStatus and route counts per peer IP and instance, at 5-minute grain", async () => {
  const client = metricsClient(stack.emulator);
  const [hub] = await client.queryResources([hubId], ["BgpPeerStatus", "CountOfRoutesLearnedFromPeer"], HUBS, {
    filter: "bgppeerip eq '*' and routeserviceinstance eq '*'",
    interval: "PT5M",
    aggregation: "Maximum",
    startTime: new Date(stack.clock.now() - 60 * MINUTE),
    endTime: new Date(stack.clock.now()),
  });
  const status = lastValues(hub!, "BgpPeerStatus", "maximum");
  const expected = spec.nvas.flatMap((n) => ["RouteServiceRole_IN_0", "RouteServiceRole_IN_1"].map((role) => `${role}|${n.insideIp}`)).sort();
  assert.deepEqual(Object.keys(status).sort(), expected);
  assert.equal(hub!.granularity, "PT5M");
  const learned = lastValues(hub!, "CountOfRoutesLearnedFromPeer", "maximum");
  assert.ok(Object.keys(learned).length === 4);
});

test("a batch holds at most 50 ids of one type and subscription; an unknown metric or filter dimension is a 400", async () => {
  const client = metricsClient(stack.emulator);
  const many = Array.from({ length: 51 }, () => gatewayId);
  assert.equal((await metricsError(client.queryResources(many, ["BgpPeerStatus"], GATEWAYS))).statusCode, 400);
  const mixed = await metricsError(client.queryResources([gatewayId, hubId], ["BgpPeerStatus"], GATEWAYS));
  assert.equal(mixed.statusCode, 400);
  assert.match(mixed.message, /one resource type/);
  assert.match((await metricsError(client.queryResources([gatewayId], ["TunnelNope"], GATEWAYS))).message, /TunnelNope/);
  assert.match((await metricsError(client.queryResources([gatewayId], ["BgpPeerStatus"], GATEWAYS, { filter: "Peer eq '*'" }))).message, /'Peer' is not a dimension/);
});

test("the metrics backend's own throttling: over its per-subscription rate a call is a 529, outside ARM's buckets", async () => {
  const client = metricsClient(stack.emulator);
  stack.emulator.metrics.setThrottle({ burst: 2, perSecond: 1 });
  const armBefore = [...stack.emulator.counters.values()].reduce((a, b) => a + b, 0);
  try {
    await client.queryResources([gatewayId], ["BgpPeerStatus"], GATEWAYS);
    await client.queryResources([gatewayId], ["BgpPeerStatus"], GATEWAYS);
    const e = await metricsError(client.queryResources([gatewayId], ["BgpPeerStatus"], GATEWAYS));
    assert.equal(e.statusCode, 529);
    assert.equal(stack.emulator.metrics.stats.throttled, 1);
    stack.clock.advanceBy(1000);
    await client.queryResources([gatewayId], ["BgpPeerStatus"], GATEWAYS);
    assert.equal([...stack.emulator.counters.values()].reduce((a, b) => a + b, 0), armBefore, "no ARM request was made");
  } finally {
    stack.emulator.metrics.setThrottle({ burst: 100, perSecond: 100 });
  }
});
