// Tier 1's Resource Graph side: the chunk's query, and rows turned into the
// same SDK-model inventory the ARM lists give, per deployment.
import { test } from "node:test";
import assert from "node:assert/strict";
import { groupRows, kqlString, modelOf, ownedResourcesQuery, powerStateOf, type GraphRow } from "../../shared/health/graph-inventory.js";

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

test("the query filters by the ownership and adoption tags, and finds Route Server's untagged children by resource group", () => {
  const q = ownedResourcesQuery([{ name: "lab-1", resourceGroup: "RG-1" }, { name: "lab-2", resourceGroup: "rg-2" }]);
  assert.match(q, /^resources\n\| where /);
  assert.match(q, /tags\['bowtie-deployment'\] in~ \('lab-1', 'lab-2'\)/);
  assert.match(q, /tags\['bowtie-adopted-by'\] in~ \('lab-1', 'lab-2'\)/);
  assert.match(q, /type in~ \('microsoft\.network\/virtualhubs\/bgpconnections', 'microsoft\.network\/virtualhubs\/ipconfigurations'\) and resourceGroup in~ \('rg-1', 'rg-2'\)/);
});

test("rows go to the deployment named by their tag; untagged hub children to the deployment of their resource group; others nowhere", () => {
  const rows = [
    row("rg-1", "Microsoft.Network/virtualNetworkGateways", "gw", { "bowtie-deployment": "lab-1" }, { activeActive: true, bgpSettings: { asn: 65010 } }),
    row("rg-1", "Microsoft.Network/virtualHubs/bgpConnections", "rs/c8k-10", null, { peerIp: "10.0.0.4" }),
    row("rg-2", "Microsoft.Network/virtualNetworks", "shared-vnet", { "bowtie-adopted-by": "LAB-2" }),
    row("rg-9", "Microsoft.Network/virtualNetworks", "someone-else", { owner: "x" }),
    row("rg-1", "Microsoft.Compute/virtualMachines", "c8k-10", { "bowtie-deployment": "lab-1" }, { extended: { instanceView: { powerState: { code: "PowerState/deallocated" } } }, hardwareProfile: { vmSize: "x" } }),
  ];
  const views = groupRows(rows, [{ name: "lab-1", resourceGroup: "rg-1" }, { name: "lab-2", resourceGroup: "rg-2" }]);
  assert.deepEqual([...views.get("lab-1")!.inventory.keys()].map((k) => k.split("/").slice(-1)[0]), ["gw", "c8k-10", "c8k-10"]);
  assert.deepEqual([...views.get("lab-2")!.inventory.values()].map((m) => m.name), ["shared-vnet"]);
  const gw = views.get("lab-1")!.inventory.get(rows[0]!.id.toLowerCase())!;
  assert.equal(gw.type, "Microsoft.Network/virtualNetworkGateways", "the canonical type, as the ARM lists give it");
  assert.equal(gw.active, true, "flattened with the SDK's rename (activeActive -> active)");
  assert.equal(gw.bgpSettings.asn, 65010);
  const vmId = rows[4]!.id.toLowerCase();
  assert.deepEqual(views.get("lab-1")!.powerStates, { [vmId]: "deallocated" });
  assert.equal(views.get("lab-1")!.inventory.get(vmId)!.extended, undefined, "Resource Graph's extension is not part of the resource");
});

test("a VM row without Resource Graph's instance view has no power state (never assumed running)", () => {
  assert.equal(powerStateOf(row("rg", "Microsoft.Compute/virtualMachines", "vm", {}, {})), undefined);
  assert.equal(modelOf(row("rg", "Microsoft.Compute/virtualMachines", "vm", null)).tags, undefined);
});
