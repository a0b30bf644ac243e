// How a change is carried out, from the what-if of the seed lab as deployed:
// which NVAs are rolled and with what, what goes first (never a resource of
// an NVA being replaced, never a dependency on one), when the change is
// refused as an outage; the gateway's APIPA union; the deployed generation
// kept so a SKU resize stays in place.
import { test } from "node:test";
import assert from "node:assert/strict";
import { deployedApipa, withApipaUnion } from "../../shared/changes/apipa-union.js";
import { changeSteps, isChange, outageMessage } from "../../shared/changes/change-steps.js";
import { generationOf, withDeployedGeneration } from "../../shared/changes/deployed-generation.js";
import { whatIf } from "../../shared/changes/what-if.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { PlannedResource } from "../../shared/plan/types.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { deployedInventory, SUB } from "../helpers/deployed-inventory.js";
import { seedSpec } from "../helpers/seed-spec.js";

const names = (rs: Array<{ name: string }>) => rs.map((r) => r.name).sort();
const stepsFor = (from: TopologySpec, to: TopologySpec) => {
  const plan = planFromSpec(to);
  return { plan, changes: whatIf(plan, deployedInventory(planFromSpec(from)), SUB) };
};

test("an NVA ASN change rolls that NVA alone, with all its resources; the rest goes first, depending on nothing rolled", () => {
  const { plan, changes } = stepsFor(seedSpec(), seedSpec((s) => (s.nvas[1].asn = 65020)));
  assert.ok(isChange(changes));
  const steps = changeSteps(plan, changes);
  assert.deepEqual(steps.rolls.map((r) => r.nva), ["c8k-20"]);
  const byId = new Map(plan.resources.map((r) => [r.id, r]));
  assert.deepEqual(names(steps.rolls[0]!.resources.map((id) => byId.get(id)!)), ["bgp-c8k-20", "c8k-2-pip", "c8k-20", "c8k-20-inside-nic", "c8k-20-outside-nic", "con-c8k-20", "lng-c8k-20"]);
  assert.deepEqual(names(steps.rolls[0]!.replace.map((id) => byId.get(id)!)), ["c8k-20"]);
  assert.equal(steps.rolls[0]!.kind, "replace");
  const first = new Set(steps.first.map((r) => r.id));
  assert.equal(steps.first.length, plan.resources.length - 7);
  for (const r of steps.first) for (const d of r.dependsOn) assert.ok(first.has(d), `${r.name} depends on ${d}, not in the first step`);
  assert.equal(steps.outage, null);
  assert.deepEqual(steps.deletes, []);
});

test("a VM resize restarts the VM: that NVA is rolled (drained, resized in place, back) with nothing deleted; two resized go one at a time", () => {
  const one = stepsFor(seedSpec(), seedSpec((s) => (s.nvas[1].vmSize = "Standard_D4as_v5")));
  const steps = changeSteps(one.plan, one.changes);
  assert.deepEqual(steps.rolls.map((r) => `${r.kind} ${r.nva} ${r.replace.length}`), ["resize c8k-20 0"]);
  assert.equal(steps.rolls[0]!.resources.length, 7, "its peering and connection are drained and written back with it");
  assert.ok(!steps.first.some((r) => steps.rolls[0]!.resources.includes(r.id)), "nothing of the resized NVA goes in the first step");
  assert.equal(steps.outage, null);
  const both = stepsFor(seedSpec(), seedSpec((s) => s.nvas.forEach((n: { vmSize?: string }) => (n.vmSize = "Standard_D4as_v5"))));
  assert.deepEqual(changeSteps(both.plan, both.changes).rolls.map((r) => `${r.kind} ${r.nva}`), ["resize c8k-10", "resize c8k-20"]);
  // A change of tags alone restarts nothing: no roll.
  const tagged = stepsFor(seedSpec(), seedSpec((s) => (s.tags = { ...s.tags, team: "netops" })));
  assert.deepEqual(changeSteps(tagged.plan, tagged.changes).rolls, []);
});

test("an IPsec policy change rolls every NVA, in spec order; dropping an NVA is a delete, not a roll", () => {
  const ipsec = stepsFor(seedSpec(), seedSpec((s) => Object.assign(s.ipsec, { ikeEncryption: "GCMAES256", ikeIntegrity: "SHA384", dhGroup: "DHGroup24", pfsGroup: "PFS24" })));
  assert.deepEqual(changeSteps(ipsec.plan, ipsec.changes).rolls.map((r) => r.nva), ["c8k-10", "c8k-20"]);
  const dropped = stepsFor(seedSpec(), seedSpec((s) => (s.nvas = s.nvas.slice(0, 1))));
  const steps = changeSteps(dropped.plan, dropped.changes);
  assert.deepEqual(steps.rolls, []);
  assert.equal(steps.deletes.length, 7);
  assert.equal(steps.outage, null);
  // Nothing to do at all is no change.
  const same = stepsFor(seedSpec(), seedSpec());
  assert.equal(isChange(same.changes), false);
});

test("a 1-NVA replacement is an outage: the refusal names the prefixes and the rough seconds", () => {
  const one = (edit: (s: any) => void = () => {}) => seedSpec((s) => ((s.nvas = s.nvas.slice(0, 1)), edit(s)));
  const { plan, changes } = stepsFor(one(), one((s) => (s.nvas[0].asn = 65040)));
  const outage = changeSteps(plan, changes).outage;
  assert.ok(outage);
  assert.deepEqual(outage.prefixes, [...plan.topology.advertise.client, ...plan.topology.advertise.provider]);
  assert.ok(outage.seconds > 0);
  assert.ok(outage.causes.includes("replace virtualMachines/c8k-10"), outage.causes.join(", "));
  assert.match(outageMessage(outage), /without any path for about \d+ s .*--allow-outage/);
});

test("the gateway keeps every deployed APIPA address until prune shrinks it; unchanged when none is missing", () => {
  const plan = planFromSpec(seedSpec((s) => (s.nvas = s.nvas.slice(0, 1))));
  const gw = plan.resources.find((r) => r.type === "Microsoft.Network/virtualNetworkGateways")!;
  const ipConfigs = plan.topology.gateway.instances.map((i) => i.ipConfigName);
  const deployed = deployedApipa(deployedInventory(planFromSpec(seedSpec())).get(gw.id.replace("{{subscriptionId}}", SUB).toLowerCase()));
  assert.deepEqual(deployed, { vnetgwconfig: ["169.254.21.2", "169.254.22.2"], vnetgwconfig2: ["169.254.21.6", "169.254.22.6"] });
  const lists = (r: PlannedResource) => (r.body as any).properties.bgpSettings.bgpPeeringAddresses.map((a: any) => a.customBgpIpAddresses);
  assert.deepEqual(lists(gw), [["169.254.21.2"], ["169.254.21.6"]]);
  assert.deepEqual(lists(withApipaUnion(gw, ipConfigs, deployed)), [["169.254.21.2", "169.254.22.2"], ["169.254.21.6", "169.254.22.6"]]);
  assert.equal(withApipaUnion(gw, ipConfigs, { vnetgwconfig: ["169.254.21.2"] }), gw);
  assert.deepEqual(lists(gw), [["169.254.21.2"], ["169.254.21.6"]], "the plan itself is not touched");
});

test("VpnGw1AZ -> VpnGw2AZ keeps the deployed Generation1 (an in-place update); a generation the spec sets, or one the SKU lacks, is not overridden", () => {
  const deployed = deployedInventory(planFromSpec(seedSpec()));
  const gwId = [...deployed.keys()].find((id) => id.endsWith("/virtualnetworkgateways/client-vnet-gw"))!;
  assert.equal(generationOf(deployed.get(gwId)), "Generation1");
  const resized = seedSpec((s) => (s.gateway.sku = "VpnGw2AZ"));
  // The planner's default alone would read as a generation change: a replace.
  assert.deepEqual(whatIf(planFromSpec(resized), deployed, SUB).filter((c) => c.action !== "none").map((c) => `${c.action} ${c.name}`), ["replace client-Vnet-gw"]);
  const kept = withDeployedGeneration(resized, "Generation1");
  assert.equal(kept.gateway.generation, "Generation1");
  assert.deepEqual(whatIf(planFromSpec(kept), deployed, SUB).filter((c) => c.action !== "none").map((c) => `${c.action} ${c.name}`), ["update client-Vnet-gw"]);
  const chosen = seedSpec((s) => ((s.gateway.sku = "VpnGw2AZ"), (s.gateway.generation = "Generation2")));
  assert.equal(withDeployedGeneration(chosen, "Generation1"), chosen);
  assert.equal(withDeployedGeneration(seedSpec(), "Generation2").gateway.generation, undefined, "VpnGw1AZ exists as Generation1 only");
});
