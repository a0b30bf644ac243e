// Tier 1's Resource Graph side: the chunk's query, and rows turned into the
// same SDK-model inventory the ARM lists give, per deployment.
import { test } from "node:test";
import assert from "node:assert/strict";
import { fleetResourcesQuery, kqlString, modelOf, powerStateOf, viewsOfGroups, type GraphRow } from "../../shared/health/graph-inventory.js";

const SUB = "00000000-0000-4000-8000-000000000001";
const row = (rg: string, type: string, name: string, tags: Record<string, string> | null, properties: Record<string, unknown> = {}): GraphRow => ({
  id: `/subscriptions/${SUB}/resourceGroups/${rg}/providers/${type}/${name}`,
  name,
  type: type.toLowerCase(),
  location: "westeurope",
  resourceGroup: rg.toLowerCase(),
  subscriptionId: SUB,
  tags,
  properties,
});

test("KQL string literals escape quotes and backslashes", () => {
  assert.equal(kqlString("a'b\\c"), "'a\\'b\\\\c'");
});

test("one query for the fleet: filtered by the ownership and adoption tags plus Route Server's untagged children, one result row per resource group", () => {
  const q = fleetResourcesQuery();
  assert.match(q, /^resources\n\| where /);
  assert.match(q, /isnotempty\(tags\['bowtie-deployment'\]\) or isnotempty\(tags\['bowtie-adopted-by'\]\)/);
  assert.match(q, /type in~ \('microsoft\.network\/virtualhubs\/bgpconnections', 'microsoft\.network\/virtualhubs\/ipconfigurations'\)/);
  assert.match(q, /\| summarize resources = make_list\(bag_pack\('id', id, .*'sku', sku, 'plan', plan, 'zones', zones.*\)\) by subscriptionId, resourceGroup/, "a page never splits a resource group");
});

test("rows go to the deployment their tag names; a hub's untagged children to the hub's deployment; others nowhere", () => {
  const hub = row("rg-1", "Microsoft.Network/virtualHubs", "rs", { "bowtie-deployment": "lab-1" }, { virtualRouterIps: ["10.0.0.4"] });
  const rows = [
    row("rg-1", "Microsoft.Network/virtualNetworkGateways", "gw", { "bowtie-deployment": "lab-1" }, { activeActive: true, bgpSettings: { asn: 65010 } }),
    { ...row("rg-1", "Microsoft.Network/virtualHubs/bgpConnections", "x", null, { peerIp: "10.0.0.4" }), id: `${hub.id}/bgpConnections/c8k-10` },
    hub,
    row("rg-1", "Microsoft.Compute/virtualMachines", "c8k-10", { "bowtie-deployment": "lab-1" }, { extended: { instanceView: { powerState: { code: "PowerState/deallocated" } } }, hardwareProfile: { vmSize: "x" } }),
  ];
  const other = [
    row("rg-2", "Microsoft.Network/virtualNetworks", "shared-vnet", { "bowtie-adopted-by": "lab-2" }),
    { ...row("rg-2", "Microsoft.Network/virtualHubs/bgpConnections", "y", null), id: `/subscriptions/${SUB}/resourceGroups/rg-2/providers/Microsoft.Network/virtualHubs/someone-elses/bgpConnections/p` },
  ];
  const strip = (r: GraphRow) => ({ ...r, resourceGroup: undefined, subscriptionId: undefined });
  const views = viewsOfGroups([
    { subscriptionId: SUB, resourceGroup: "rg-1", resources: rows.map(strip) },
    { subscriptionId: SUB, resourceGroup: "rg-2", resources: other.map(strip) },
  ]);
  assert.deepEqual([...views.keys()].sort(), ["lab-1", "lab-2"]);
  assert.deepEqual([...views.get("lab-1")!.inventory.keys()].map((k) => k.split("/").slice(-2).join("/")).sort(), ["bgpconnections/c8k-10", "virtualhubs/rs", "virtualmachines/c8k-10", "virtualnetworkgateways/gw"]);
  assert.deepEqual([...views.get("lab-2")!.inventory.values()].map((m) => m.name), ["shared-vnet"], "a peering of a hub no deployment owns goes nowhere");
  const gw = views.get("lab-1")!.inventory.get(rows[0]!.id.toLowerCase())!;
  assert.equal(gw.type, "Microsoft.Network/virtualNetworkGateways", "the canonical type, as the ARM lists give it");
  assert.equal(gw.active, true, "flattened with the SDK's rename (activeActive -> active)");
  assert.equal(gw.bgpSettings.asn, 65010);
  const vmId = rows[3]!.id.toLowerCase();
  assert.deepEqual(views.get("lab-1")!.powerStates, { [vmId]: "deallocated" });
  assert.equal(views.get("lab-1")!.inventory.get(vmId)!.extended, undefined, "Resource Graph's extension is not part of the resource");
});

test("a VM row without Resource Graph's instance view has no power state (never assumed running)", () => {
  assert.equal(powerStateOf(row("rg", "Microsoft.Compute/virtualMachines", "vm", {}, {})), undefined);
  assert.equal(modelOf(row("rg", "Microsoft.Compute/virtualMachines", "vm", null)).tags, undefined);
});
