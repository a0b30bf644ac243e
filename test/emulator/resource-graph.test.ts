// The emulator's Resource Graph through the real @azure/arm-resourcegraph
// client: the KQL subset's answers, a 400 naming what the subset lacks,
// $skipToken paging, the index's lag behind ARM, and the per-user quota.
import { test } from "node:test";
import assert from "node:assert/strict";
import { RestError } from "@azure/core-rest-pipeline";
import type { QueryRequest, QueryResponse } from "@azure/arm-resourcegraph";
import { emulatorWithClients, RG, vnetModel } from "../helpers/emulator-clients.js";
import { graphClient } from "../helpers/graph-client.js";

async function graphError(p: Promise<unknown>): Promise<RestError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RestError) return e;
    throw e;
  }
  assert.fail("expected a Resource Graph error");
}

const vnetId = (sub: string, name: string, rg = RG) => `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`;

test("KQL subset: where/project/extend/mv-expand/summarize/join/order over ARM's resources, tags and properties", async () => {
  const { emulator, clients, clock } = await emulatorWithClients({ resourceGraph: { lagSeconds: 0 } });
  try {
    const net = clients.network.virtualNetworks;
    await net.createOrUpdate(RG, "alpha", { ...vnetModel("10.1.0.0/16", [["a", "10.1.0.0/24"], ["b", "10.1.1.0/24"]]), tags: { "bowtie-deployment": "lab-a", role: "hub" } });
    await net.createOrUpdate(RG, "beta", { ...vnetModel("10.2.0.0/16", [["a", "10.2.0.0/24"]]), tags: { "bowtie-deployment": "lab-b" } });
    await net.createOrUpdate(RG, "gamma", { ...vnetModel("10.3.0.0/16", [["a", "10.3.0.0/24"]]), tags: { "bowtie-deployment": "LAB-A" } });
    await clients.network.publicIPAddresses.createOrUpdate(RG, "pip", { location: "swedencentral", sku: { name: "Standard" }, publicIPAllocationMethod: "Static", tags: { "bowtie-deployment": "lab-a" } });
    clock.advanceBy(1000);
    const graph = graphClient(emulator);
    const q = async (query: string) => (await graph.resources({ query, subscriptions: [emulator.subscriptionId] })).data as Record<string, unknown>[];

    assert.deepEqual(
      await q(`resources | where type =~ 'Microsoft.Network/virtualNetworks' and tags['bowtie-deployment'] =~ 'lab-a' | project name, prefix = properties.addressSpace.addressPrefixes[0], rg = resourceGroup | order by name asc`),
      [
        { name: "alpha", prefix: "10.1.0.0/16", rg: RG.toLowerCase() },
        { name: "gamma", prefix: "10.3.0.0/16", rg: RG.toLowerCase() },
      ],
    );
    assert.deepEqual(await q(`resources | where tags['bowtie-deployment'] == 'lab-a' | project name, type | order by name asc`), [
      { name: "alpha", type: "microsoft.network/virtualnetworks" },
      { name: "pip", type: "microsoft.network/publicipaddresses" },
    ], "== is case-sensitive; types are lower-case as Resource Graph keeps them");
    assert.deepEqual(await q(`resources | where tags['bowtie-deployment'] in~ ('LAB-B', 'nothing') | project name`), [{ name: "beta" }]);
    assert.deepEqual(await q(`resources | where id has 'virtualNetworks' and name !has 'alp' and tags.role == '' | project name | order by name asc`), [{ name: "beta" }, { name: "gamma" }]);
    assert.deepEqual(
      await q(`resources | where type == 'microsoft.network/virtualnetworks' | mv-expand subnet = properties.subnets | extend prefix = tostring(subnet.properties.addressPrefix) | project name, subnet = tostring(subnet.name), prefix | order by prefix asc`),
      [
        { name: "alpha", subnet: "a", prefix: "10.1.0.0/24" },
        { name: "alpha", subnet: "b", prefix: "10.1.1.0/24" },
        { name: "beta", subnet: "a", prefix: "10.2.0.0/24" },
        { name: "gamma", subnet: "a", prefix: "10.3.0.0/24" },
      ],
    );
    assert.deepEqual(
      await q(`resources | extend deployment = tolower(tostring(tags['bowtie-deployment'])) | summarize count(), names = make_list(name) by deployment | order by deployment asc`),
      [
        { deployment: "lab-a", count_: 3, names: ["alpha", "gamma", "pip"] },
        { deployment: "lab-b", count_: 1, names: ["beta"] },
      ],
    );
    assert.deepEqual(
      await q(`resources | where type =~ 'microsoft.network/virtualnetworks' | project id, name | join kind=leftouter (resources | where tags.role == 'hub' | project id, role = tostring(tags.role)) on id | project name, role | order by name asc`),
      [
        { name: "alpha", role: "hub" },
        { name: "beta", role: null },
        { name: "gamma", role: null },
      ],
    );
    assert.deepEqual(await q(`resources | where name startswith 'g' or name endswith 'ta' | count`), [{ Count: 2 }]);
    const ids = await q(`resources | where type =~ 'microsoft.network/virtualnetworks' | project id | order by id asc`);
    assert.deepEqual(ids.map((r) => r.id), ["alpha", "beta", "gamma"].map((n) => vnetId(emulator.subscriptionId, n)));
    assert.deepEqual(await graph.resources({ query: "resources | count", subscriptions: ["00000000-0000-4000-8000-00000000dead"] }).then((r) => r.data), [{ Count: 0 }], "scoped to the subscriptions asked for");
  } finally {
    await emulator.close();
  }
});

test("an operator, function or table outside the subset is a 400 naming it, and a misspelt column is refused, never an empty answer", async () => {
  const { emulator, clients } = await emulatorWithClients({ resourceGraph: { lagSeconds: 0 } });
  try {
    await clients.network.virtualNetworks.createOrUpdate(RG, "alpha", vnetModel());
    const graph = graphClient(emulator);
    for (const [query, named] of [
      ["resources | top 5 by name", "'top'"],
      ["resources | parse name with a '-' b", "'parse'"],
      ["resources | where name matches regex 'a.*'", "'matches'"],
      ["resources | extend x = extract('a', 0, name)", "'extract'"],
      ["resources | join kind=fullouter (resources) on id", "'join kind=fullouter'"],
      ["advisorresources | count", "'advisorresources'"],
      ["resources | where nmae == 'alpha'", "'nmae'"],
    ]) {
      const e = await graphError(graph.resources({ query: query! }));
      assert.equal(e.statusCode, 400, query);
      assert.match(e.message, new RegExp(named!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")), `${query} -> ${e.message}`);
    }
  } finally {
    await emulator.close();
  }
});

test("paging: $top pages with $skipToken until resultTruncated is false and no token is left; $skip starts later; limit gives no token", async () => {
  const { emulator, clients, clock } = await emulatorWithClients({ resourceGraph: { lagSeconds: 0 } });
  try {
    for (let i = 0; i < 25; i++) await clients.network.publicIPAddresses.createOrUpdate(RG, `pip-${String(i).padStart(2, "0")}`, { location: "swedencentral", sku: { name: "Standard" }, publicIPAllocationMethod: "Static" });
    clock.advanceBy(1000);
    const graph = graphClient(emulator);
    const request: QueryRequest = { query: "resources | project name | order by name asc", options: { top: 10 } };
    const pages: QueryResponse[] = [];
    let page = await graph.resources(request);
    pages.push(page);
    while (page.skipToken) {
      page = await graph.resources({ ...request, options: { ...request.options, skipToken: page.skipToken } });
      pages.push(page);
    }
    assert.deepEqual(pages.map((p) => [p.totalRecords, p.count, p.resultTruncated]), [[25, 10, "false"], [25, 10, "false"], [25, 5, "false"]]);
    assert.deepEqual(pages.flatMap((p) => (p.data as { name: string }[]).map((r) => r.name)), Array.from({ length: 25 }, (_, i) => `pip-${String(i).padStart(2, "0")}`));
    const skipped = await graph.resources({ query: request.query, options: { skip: 20 } });
    assert.deepEqual((skipped.data as { name: string }[]).map((r) => r.name), ["pip-20", "pip-21", "pip-22", "pip-23", "pip-24"]);
    const limited = await graph.resources({ query: "resources | project name | order by name asc | limit 15", options: { top: 10 } });
    assert.equal(limited.count, 10);
    assert.equal(limited.resultTruncated, "true");
    assert.equal(limited.skipToken, undefined);
    assert.equal((await graphError(graph.resources({ query: "resources", options: { top: 1001 } }))).statusCode, 400);
  } finally {
    await emulator.close();
  }
});

test("lag: a change shows only after the configured lag; until then the previous version, or nothing for a new resource", async () => {
  const { emulator, clients, clock } = await emulatorWithClients();
  try {
    const graph = graphClient(emulator);
    const prefixes = async () =>
      ((await graph.resources({ query: "resources | where name == 'alpha' | project prefix = tostring(properties.addressSpace.addressPrefixes[0])" })).data as { prefix: string }[]).map((r) => r.prefix);
    await clients.network.virtualNetworks.createOrUpdate(RG, "alpha", vnetModel("10.1.0.0/16", [["a", "10.1.0.0/24"]]));
    assert.deepEqual(await prefixes(), [], "created this instant: not in Resource Graph yet");
    clock.advanceBy(29_000);
    assert.deepEqual(await prefixes(), [], "29 s later: still not");
    clock.advanceBy(2_000);
    assert.deepEqual(await prefixes(), ["10.1.0.0/16"], "past the default 30 s lag");

    emulator.outOfBand.edit(vnetId(emulator.subscriptionId, "alpha"), { addressSpace: { addressPrefixes: ["10.9.0.0/16"] } });
    clock.advanceBy(10_000);
    assert.deepEqual(await prefixes(), ["10.1.0.0/16"], "an edit 10 s ago: the previous version");
    clock.advanceBy(25_000);
    assert.deepEqual(await prefixes(), ["10.9.0.0/16"]);

    emulator.resourceGraph.setLagSeconds(120);
    emulator.outOfBand.delete(vnetId(emulator.subscriptionId, "alpha"));
    clock.advanceBy(60_000);
    assert.deepEqual(await prefixes(), ["10.9.0.0/16"], "deleted a minute ago with a 120 s lag: still listed");
    clock.advanceBy(61_000);
    assert.deepEqual(await prefixes(), []);
  } finally {
    await emulator.close();
  }
});

test("quota: 15 queries per user per 5 s with the quota headers, then 429 with Retry-After until the window resets", async () => {
  const { emulator, clock } = await emulatorWithClients();
  try {
    const graph = graphClient(emulator);
    const remaining: string[] = [];
    for (let i = 0; i < 15; i++) {
      await graph.resources({ query: "resources | count" }, { onResponse: (r) => remaining.push(`${r.headers.get("x-ms-user-quota-remaining")}@${r.headers.get("x-ms-user-quota-resets-after")}`) });
      clock.advanceBy(100);
    }
    assert.equal(remaining[0], "14@00:00:05");
    assert.equal(remaining[14], "0@00:00:04");
    const e = await graphError(graph.resources({ query: "resources | count" }));
    assert.equal(e.statusCode, 429);
    assert.equal((e.details as { error?: { code?: string } } | undefined)?.error?.code, "RateLimiting");
    assert.equal(e.response?.headers.get("x-ms-user-quota-remaining"), "0");
    assert.equal(e.response?.headers.get("retry-after"), "4");
    assert.equal(emulator.resourceGraph.stats.throttled, 1);
    clock.advanceBy(4_000);
    assert.equal((await graph.resources({ query: "resources | count" })).count, 1, "a new window");
  } finally {
    await emulator.close();
  }
});
