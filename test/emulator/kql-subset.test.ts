// The emulator's KQL subset on a small table, without a server: the KQL
// semantics a Resource Graph query relies on (terms for has, a missing tag
// compared as "", default column names, join kinds, mv-expand of an empty
// array) and the refusals, each naming what it refuses.
import { test } from "node:test";
import assert from "node:assert/strict";
import { KqlError } from "../../emulator/resource-graph/kql/errors.js";
import { parseQuery } from "../../emulator/resource-graph/kql/parser.js";
import { run, type Table } from "../../emulator/resource-graph/kql/run.js";

const resources: Table = {
  columns: ["id", "name", "type", "resourceGroup", "subscriptionId", "tags", "properties"],
  rows: [
    { id: "/s/a/rg1/gw", name: "client-Vnet-gw", type: "microsoft.network/virtualnetworkgateways", resourceGroup: "rg1", subscriptionId: "a", tags: { "bowtie-deployment": "lab1" }, properties: { bgpSettings: { asn: 65001 }, list: [1, 2] } },
    { id: "/s/a/rg1/c1", name: "con-c8k-10", type: "microsoft.network/connections", resourceGroup: "rg1", subscriptionId: "a", tags: { "bowtie-deployment": "lab1" }, properties: { list: [] } },
    { id: "/s/b/rg2/c1", name: "con-c8k-10", type: "microsoft.network/connections", resourceGroup: "rg2", subscriptionId: "b", tags: {}, properties: {} },
    { id: "/s/b/rg2/bgp", name: "bgp-c8k-10", type: "microsoft.network/virtualhubs/bgpconnections", resourceGroup: "rg2", subscriptionId: "b", tags: {}, properties: { peerIp: "10.10.1.4" } },
  ],
};
const q = (text: string) => run(parseQuery(text), (name) => (name === "resources" ? resources : null)).rows;

test("has matches whole terms only; contains any substring; both ignore case", () => {
  assert.deepEqual(q("resources | where name has 'c8k' | project name").map((r) => r.name), ["con-c8k-10", "con-c8k-10", "bgp-c8k-10"]);
  assert.deepEqual(q("resources | where name has 'c8' | project name"), [], "'c8' is not a term of con-c8k-10");
  assert.deepEqual(q("resources | where name contains 'C8' | count"), [{ Count: 3 }]);
});

test("a missing tag compares as an empty string; a missing number is not greater than anything", () => {
  assert.deepEqual(q("resources | where tags['bowtie-deployment'] != 'lab1' | project id").map((r) => r.id), ["/s/b/rg2/c1", "/s/b/rg2/bgp"]);
  assert.deepEqual(q("resources | where isempty(tags['bowtie-deployment']) | count"), [{ Count: 2 }]);
  assert.deepEqual(q("resources | where properties.bgpSettings.asn > 0 | project name"), [{ name: "client-Vnet-gw" }]);
});

test("summarize: default names, make_list of bags by two keys (the fleet query's shape), type in~ a list", () => {
  const rows = q(
    "resources | where isnotempty(tags['bowtie-deployment']) or type in~ ('Microsoft.Network/virtualHubs/bgpConnections') | summarize resources = make_list(bag_pack('name', name, 'type', type)), count() by subscriptionId, resourceGroup | order by subscriptionId asc, resourceGroup asc",
  );
  assert.deepEqual(rows, [
    { subscriptionId: "a", resourceGroup: "rg1", resources: [{ name: "client-Vnet-gw", type: "microsoft.network/virtualnetworkgateways" }, { name: "con-c8k-10", type: "microsoft.network/connections" }], count_: 2 },
    { subscriptionId: "b", resourceGroup: "rg2", resources: [{ name: "bgp-c8k-10", type: "microsoft.network/virtualhubs/bgpconnections" }], count_: 1 },
  ]);
  assert.deepEqual(q("resources | summarize make_set(resourceGroup), dcount(subscriptionId)"), [{ set_resourceGroup: ["rg1", "rg2"], dcount_subscriptionId: 2 }]);
  assert.deepEqual(q("resources | project properties.peerIp | where isnotempty(properties_peerIp)"), [{ properties_peerIp: "10.10.1.4" }], "an implicit name joins the path with _");
});

test("mv-expand: one row per element, none for an empty array, one null row for null (as KQL); join kinds", () => {
  assert.deepEqual(q("resources | mv-expand item = properties.list | project id, item"), [
    { id: "/s/a/rg1/gw", item: 1 },
    { id: "/s/a/rg1/gw", item: 2 },
    { id: "/s/b/rg2/c1", item: null },
    { id: "/s/b/rg2/bgp", item: null },
  ]);
  const left = "resources | where type =~ 'microsoft.network/connections' | project name, resourceGroup";
  const right = "(resources | where type =~ 'microsoft.network/virtualnetworkgateways' | project resourceGroup, gw = name)";
  assert.deepEqual(q(`${left} | join kind=inner ${right} on resourceGroup | project name, gw`), [{ name: "con-c8k-10", gw: "client-Vnet-gw" }]);
  assert.deepEqual(q(`${left} | join kind=leftouter ${right} on resourceGroup | project resourceGroup, gw`), [{ resourceGroup: "rg1", gw: "client-Vnet-gw" }, { resourceGroup: "rg2", gw: null }]);
  assert.deepEqual(q(`${left} | join ${right} on $left.resourceGroup == $right.resourceGroup | count`), [{ Count: 1 }], "innerunique by default");
});

test("refusals name what the subset lacks: operators, functions, arguments, columns", () => {
  const refused = (text: string, code: string, names: string) => {
    assert.throws(() => q(text), (e: unknown) => e instanceof KqlError && e.code === code && e.message.includes(names), text);
  };
  refused("resources | top 3 by name", "UnsupportedOperator", "'top'");
  refused("resources | make-series count() on name step 1", "UnsupportedOperator", "'make-series'");
  refused("resources | mv-expand kind=array properties.list", "UnsupportedOperator", "mv-expand");
  refused("resources | where name has_any ('a')", "UnsupportedOperator", "'has_any'");
  refused("resources | extend x = bin(1, 2)", "UnsupportedFunction", "'bin'");
  refused("resources | summarize percentile(1, 50)", "UnsupportedFunction", "'percentile'");
  refused("resources | where count() > 1", "InvalidQuery", "count() is an aggregation");
  refused("resources | project nam", "InvalidQuery", "'nam'");
  refused("resources | where name == 'a' and", "InvalidQuery", "position");
  refused("resources | where name == 'a", "InvalidQuery", "not closed");
});
