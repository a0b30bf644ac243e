// The what-if classifier over the change matrix, from the seed lab as
// deployed: each spec change gives exactly the expected actions, reasons and impact.
import { test } from "node:test";
import assert from "node:assert/strict";
import { allCreates, changeSummary, whatIf, type Change } from "../../shared/changes/what-if.js";
import { needsReplace } from "../../shared/changes/immutable-properties.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { deployedInventory, SUB } from "../helpers/deployed-inventory.js";
import { acted, ADD_C8K_30_CREATES, REMOVE_C8K_20, seedSpec, THIRD_NVA } from "../helpers/seed-spec.js";

const planOf = (edit?: (spec: any) => void) => planFromSpec(seedSpec(edit));

const deployed = deployedInventory(planOf());
const find = (changes: Change[], name: string) => changes.find((c) => c.name === name)!;


test("the unchanged seed lab: every resource is none", () => {
  const changes = whatIf(planOf(), deployed, SUB);
  assert.deepEqual(acted(changes), []);
  assert.equal(changes.length, planOf().resources.length);
  assert.equal(changeSummary(changes), "Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy.");
});

test("nothing deployed: every planned resource is a create", () => {
  const plan = planOf();
  assert.deepEqual(acted(whatIf(plan, new Map(), SUB)), acted(allCreates(plan)));
  assert.equal(allCreates(plan).length, plan.resources.length);
});

test("IPsec policy change: both connections update, both NVA VMs replace (their day-0 config changed), one NVA at a time keeps a path", () => {
  const changes = whatIf(
    planOf((s) => (s.ipsec = { ...s.ipsec, ikeEncryption: "GCMAES256", ikeIntegrity: "SHA384", dhGroup: "DHGroup24", pfsGroup: "PFS24" })),
    deployed,
    SUB,
  );
  assert.deepEqual(acted(changes), ["replace virtualMachines/c8k-10", "replace virtualMachines/c8k-20", "update connections/con-c8k-10", "update connections/con-c8k-20"]);
  const vm = find(changes, "c8k-10");
  assert.deepEqual(vm.paths, ["tags.bowtie-config-sha256"]);
  assert.match(vm.reason, /bowtie-config-sha256 cannot change in place/);
  // Its 2 tunnels' sessions and its 2 Route Server sessions.
  assert.equal(vm.impact.sessionsDown.length, 4);
  assert.equal(vm.impact.tunnelsDown.length, 2);
  assert.ok(vm.impact.seconds > 0);
  assert.deepEqual(vm.impact.prefixesWithoutPath, []);
  const con = find(changes, "con-c8k-20");
  assert.ok(con.paths.every((p) => p.startsWith("ipsecPolicies")), con.paths.join());
  assert.deepEqual(con.impact.sessionsDown.length, 2);
  assert.equal(changeSummary(changes), "Plan: 0 to add, 2 to change, 2 to replace, 0 to destroy.");
});

test("remove an NVA: its VM, 2 NICs, public IP, LNG, connection and Route Server peering are deleted; the gateway drops its APIPA addresses", () => {
  const changes = whatIf(planOf((s) => (s.nvas = s.nvas.slice(0, 1))), deployed, SUB);
  assert.deepEqual(acted(changes), REMOVE_C8K_20);
  const con = find(changes, "con-c8k-20");
  assert.equal(con.reason, "owned by this deployment, no longer planned");
  assert.deepEqual(con.impact.tunnelsDown.length, 2);
  const gw = changes.find((c) => c.type.endsWith("virtualNetworkGateways"))!;
  assert.match(gw.reason, /customBgpIpAddresses/);
  assert.deepEqual(gw.impact.prefixesWithoutPath, []);
});

test("add an NVA: its resources are created, the gateway updates with its APIPA addresses", () => {
  const changes = whatIf(planOf((s) => s.nvas.push(structuredClone(THIRD_NVA))), deployed, SUB);
  const created = acted(changes).filter((a) => a.startsWith("create"));
  assert.deepEqual(created, ADD_C8K_30_CREATES);
  assert.ok(acted(changes).includes("update virtualNetworkGateways/client-Vnet-gw"));
  assert.ok(!acted(changes).some((a) => a.startsWith("replace") || a.startsWith("delete")), acted(changes).join());
  for (const c of changes.filter((x) => x.action === "create")) assert.deepEqual(c.impact.sessionsDown, []);
});

test("change an NVA's ASN: its LNG and Route Server peering update, its VM replaces", () => {
  const changes = whatIf(planOf((s) => (s.nvas[1].asn = 65003)), deployed, SUB);
  assert.deepEqual(acted(changes), ["replace virtualMachines/c8k-20", "update bgpConnections/bgp-c8k-20", "update localNetworkGateways/lng-c8k-20"]);
  assert.ok(find(changes, "lng-c8k-20").paths.includes("bgpSettings.asn"));
  assert.ok(find(changes, "c8k-20").paths.includes("tags.bowtie-config-sha256"));
  const peering = changes.find((c) => c.type.endsWith("bgpConnections") && c.name === "bgp-c8k-20")!;
  assert.deepEqual(peering.paths, ["peerAsn"]);
  assert.equal(peering.impact.sessionsDown.length, 2);
});

test("change advertised prefixes: both NVA VMs replace (the prefixes are in their day-0 config)", () => {
  const changes = whatIf(planOf((s) => s.advertise.provider.push("10.20.0.0/16")), deployed, SUB);
  assert.deepEqual(acted(changes).filter((a) => a.includes("virtualMachines")), ["replace virtualMachines/c8k-10", "replace virtualMachines/c8k-20"]);
});

test("change an NVA's VM size: an in-place update (resize), the VM restarts", () => {
  const changes = whatIf(planOf((s) => (s.nvas[0].vmSize = "Standard_D4as_v5")), deployed, SUB);
  assert.deepEqual(acted(changes), ["update virtualMachines/c8k-10"]);
  const vm = find(changes, "c8k-10");
  assert.deepEqual(vm.paths, ["hardwareProfile.vmSize"]);
  assert.match(vm.impact.note ?? "", /restarts/);
  assert.equal(vm.impact.sessionsDown.length, 4);
  assert.deepEqual(vm.impact.prefixesWithoutPath, []);
  // Boot diagnostics switched back on in place: no restart, nothing goes down.
  const inv = deployedInventory(planOf());
  [...inv.values()].find((r) => r.name === "c8k-10")!.diagnosticsProfile = { bootDiagnostics: { enabled: false } };
  const diag = find(whatIf(planOf(), inv, SUB), "c8k-10");
  assert.deepEqual([diag.action, diag.paths, diag.impact.sessionsDown], ["update", ["diagnosticsProfile.bootDiagnostics.enabled"], []]);
});

test("gateway SKU VpnGw1AZ -> VpnGw2AZ in its generation: an in-place update, one instance at a time", () => {
  const gen1 = (s: any) => (s.gateway.generation = "Generation1");
  const changes = whatIf(planOf((s) => { gen1(s); s.gateway.sku = "VpnGw2AZ"; }), deployedInventory(planOf(gen1)), SUB);
  assert.deepEqual(acted(changes), ["update virtualNetworkGateways/client-Vnet-gw"]);
  const gw = changes.find((c) => c.action === "update")!;
  assert.deepEqual(gw.paths.sort(), ["sku.name", "sku.tier"]);
  assert.equal(gw.impact.sessionsDown.length, 4);
  assert.match(gw.impact.note ?? "", /one gateway instance at a time/);
  assert.deepEqual(gw.impact.prefixesWithoutPath, []);
});

test("a gateway change Azure refuses in place is a replace: another generation (the default for VpnGw2AZ), or a non-AZ SKU", () => {
  // The spec's default generation follows the SKU (Generation1 only for VpnGw1AZ).
  const byDefault = whatIf(planOf((s) => (s.gateway.sku = "VpnGw2AZ")), deployed, SUB);
  assert.deepEqual(acted(byDefault), ["replace virtualNetworkGateways/client-Vnet-gw"]);
  assert.match(byDefault.find((c) => c.action === "replace")!.reason, /^vpnGatewayGeneration cannot change in place/);
  const gw = byDefault.find((c) => c.action === "replace")!;
  // Every gateway session down at once: no prefix keeps a path.
  assert.deepEqual(gw.impact.prefixesWithoutPath, ["10.0.0.0/16", "10.10.0.0/16"]);
  // Across SKU families (the spec allows AZ SKUs only; a gateway found on another family).
  assert.equal(needsReplace("Microsoft.Network/virtualNetworkGateways", "sku.name", "VpnGw2AZ", "VpnGw2"), true);
  assert.equal(needsReplace("Microsoft.Network/virtualNetworkGateways", "sku.name", "VpnGw3AZ", "VpnGw1AZ"), false);
});

test("other properties Azure will not change in place: a public IP's SKU or zones, a NIC moved to another VNet, a VM's zone or image", () => {
  const sub = (vnet: string) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/inside`;
  assert.equal(needsReplace("Microsoft.Network/publicIPAddresses", "sku.name", "Standard", "Basic"), true);
  assert.equal(needsReplace("Microsoft.Network/publicIPAddresses", "zones", ["1"], ["2"]), true);
  assert.equal(needsReplace("Microsoft.Network/publicIPAddresses", "tags.lab", "a", "b"), false);
  assert.equal(needsReplace("Microsoft.Network/networkInterfaces", "ipConfigurations[ipconfig1].subnet.id", sub("a"), sub("b")), true);
  assert.equal(needsReplace("Microsoft.Network/networkInterfaces", "ipConfigurations[ipconfig1].subnet.id", sub("a"), sub("a").replace("inside", "other")), false);
  assert.equal(needsReplace("Microsoft.Network/networkInterfaces", "ipConfigurations[ipconfig1].privateIPAddress", "10.0.0.5", "10.0.0.4"), false);
  assert.equal(needsReplace("Microsoft.Compute/virtualMachines", "zones", ["1"], ["2"]), true);
  assert.equal(needsReplace("Microsoft.Compute/virtualMachines", "storageProfile.imageReference.sku", "a", "b"), true);
  assert.equal(needsReplace("Microsoft.Compute/virtualMachines", "hardwareProfile.vmSize", "a", "b"), false);
  assert.equal(needsReplace("Microsoft.Network/connections", "localNetworkGateway2.id", "a", "b"), true);
  assert.equal(needsReplace("Microsoft.Network/localNetworkGateways", "gatewayIpAddress", "a", "b"), false);
  assert.equal(needsReplace("Microsoft.Network/localNetworkGateways", "location", "a", "b"), true);
});

test("a 1-NVA topology whose NVA is replaced: every prefix loses its last path", () => {
  const one = (s: any) => (s.nvas = s.nvas.slice(0, 1));
  const changes = whatIf(planOf((s) => { one(s); s.ipsec.dhGroup = "DHGroup24"; }), deployedInventory(planOf(one)), SUB);
  const vm = find(changes, "c8k-10");
  assert.equal(vm.action, "replace");
  assert.deepEqual(vm.impact.prefixesWithoutPath, ["10.0.0.0/16", "10.10.0.0/16"]);
});

test("a tag edit is an update without impact; a resource of another deployment is never a delete", () => {
  const inv = deployedInventory(planOf());
  const foreign = { ...[...inv.values()].find((r) => r.name === "lng-c8k-20")! };
  foreign.tags = { "bowtie-deployment": "other" };
  foreign.id = String(foreign.id).replace("lng-c8k-20", "lng-other");
  foreign.name = "lng-other";
  inv.set(String(foreign.id).toLowerCase(), foreign);
  const changes = whatIf(planOf((s) => (s.tags.lab = "changed")), inv, SUB);
  assert.ok(!changes.some((c) => c.name === "lng-other"));
  const updates = changes.filter((c) => c.action === "update");
  assert.ok(updates.length > 5);
  for (const u of updates) assert.deepEqual(u.impact.sessionsDown, [], u.name);
});
