// Removing an NVA from a running 3-NVA bow-tie with pruneOwned (the change's
// last step), driven by a small orchestration on the local durable host over
// the emulator: everything the deployment owns that the 2-NVA plan no longer
// holds is deleted, drained first (Route Server peering, then connection,
// then VM; NICs, public IP and LNG after), the gateway's APIPA lists shrink,
// and the remaining NVAs carry every prefix throughout: no second without a
// path, none blackholed, no OS disk left (even of a VM whose disk was set to
// stay). A resource listed for deletion without the deployment's tag is
// left alone.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { OrchestrationContext } from "durable-functions";
import { activities } from "../../activities/index.js";
import { readWhatIf } from "../../activities/read-what-if.js";
import { LocalDurableHost } from "../../emulator/durable/index.js";
import type { ArmEvent } from "../../emulator/events.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { computeDisruption } from "../../emulator/network/disruption.js";
import { pruneOwned, type PruneOutcome } from "../../orchestrations/change/prune.js";
import { expectChecked, type CheckedHealth } from "../../orchestrations/health/check-health.js";
import { createAzureClients } from "../../shared/azure/clients.js";
import type { Change } from "../../shared/changes/what-if.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { acted, seedSpec } from "../helpers/seed-spec.js";

// The seed lab plus a third NVA; removing it leaves the seed lab itself.
const three = seedSpec((s) =>
  s.nvas.push({ name: "c8k-30", asn: 65002, loopbackIp: "169.254.21.9", gatewayBgpIps: ["169.254.21.10", "169.254.21.14"], outsideIp: "10.10.0.6", insideIp: "10.10.1.6", publicIpName: "c8k-3-pip" }),
);
const two = seedSpec();


/** The change path's call, until apply wires it: prune the given deletes against the spec's plan. */
function* pruneForTest(context: OrchestrationContext) {
  const { spec, deletes } = context.df.getInput<{ spec: TopologySpec; deletes: Change[] }>();
  return yield* pruneOwned(context, planFromSpec(spec), deletes);
}

let stack: LocalStack;
let pruneHost: LocalDurableHost;
const events: ArmEvent[] = [];

before(async () => {
  stack = await startLocalStack({ maxRemediationsPerHour: 1000 });
  await stack.seedSecrets(three);
  const out = (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(three.name), input: { spec: three } }))).output as { status: string };
  assert.equal(out.status, "Succeeded");
  pruneHost = new LocalDurableHost({ orchestrations: { pruneForTest }, activities, clock: stack.clock });
  stack.emulator.events.subscribe((e) => events.push(e));
  watch(600);
});
after(() => stack.close());

/** Let simulated time pass, looking at the network every `step` seconds. */
function watch(seconds: number, step = 5): void {
  for (let s = 0; s < seconds; s += step) {
    stack.clock.advanceBy(step * 1000);
    stack.emulator.networkState();
  }
}

async function prune(spec: TopologySpec, deletes: Change[]): Promise<PruneOutcome & { instance: string }> {
  const instance = pruneHost.start("pruneForTest", { input: { spec, deletes } });
  const status = await pruneHost.waitForCompletion(instance);
  assert.equal(status.runtimeStatus, "Completed", JSON.stringify(status.output));
  return { ...(status.output as PruneOutcome), instance };
}

/** When the orchestration asked for each resource's delete (or apply), by resource name, from its history. */
function startedAt(instance: string): (name: string) => number {
  const scheduled = pruneHost.history(instance).filter((e) => e.EventType === 4 && (e.Name === "deleteResource" || e.Name === "applyResource"));
  return (name) => {
    const e = scheduled.find((x) => (JSON.parse(String(x.Input)) as { resource: { name: string } }).resource.name === name);
    assert.ok(e, `${name} started`);
    return Date.parse(e.Timestamp);
  };
}

async function healthCheck(s: TopologySpec): Promise<CheckedHealth> {
  return expectChecked((await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { spec: s, remediate: false } }))).output as never);
}

test("3 -> 2 NVAs: every owned resource outside the new plan deleted, drained first, gateway shrunk, no OS disk left, all sessions Connected, no second without a path or blackholed", async () => {
  const plan = planFromSpec(two);
  const { changes } = await readWhatIf(plan);
  assert.deepEqual(acted(changes), [
    "delete bgpConnections/bgp-c8k-30",
    "delete connections/con-c8k-30",
    "delete localNetworkGateways/lng-c8k-30",
    "delete networkInterfaces/c8k-30-inside-nic",
    "delete networkInterfaces/c8k-30-outside-nic",
    "delete publicIPAddresses/c8k-3-pip",
    "delete virtualMachines/c8k-30",
    "update virtualNetworkGateways/client-Vnet-gw",
  ]);
  // c8k-30 as a VM made before the planner set its OS disk's deleteOption: deleted as it is, it would leave its disk behind, untagged.
  const vm30 = changes.find((c) => c.name === "c8k-30")!.id;
  stack.emulator.outOfBand.edit(vm30, { storageProfile: { osDisk: { deleteOption: "Detach" } } });
  assert.ok(stack.emulator.storeIds().some((id) => /\/disks\/c8k-30_osdisk/i.test(id)));
  // Someone else's public IP in the same resource group, listed for deletion by mistake.
  const { network } = createAzureClients(stack.emulator.azureConfig());
  const foreign = await network.publicIPAddresses.beginCreateOrUpdateAndWait(two.resourceGroup, "foreign-pip", { location: two.location, sku: { name: "Standard" }, publicIPAllocationMethod: "Static", tags: { team: "other" } });
  const listedByMistake: Change = { id: foreign.id!, type: foreign.type!, name: "foreign-pip", action: "delete", reason: "test", paths: [], impact: changes[0]!.impact };

  const from = stack.clock.now();
  events.length = 0;
  const outcome = await prune(two, [...changes, listedByMistake]);
  assert.equal(outcome.status, "Succeeded", JSON.stringify(outcome.failures));
  assert.equal(outcome.deletes, 7);
  assert.equal(outcome.writes, 1, "the gateway's APIPA lists shrank once the connection was gone");
  assert.deepEqual(outcome.skipped.map((s) => s.id), [foreign.id]);
  assert.match(outcome.skipped[0]!.note, /not owned by vpn-bgp-apipa-lab/);

  // The order Azure accepts and that drains the NVA first: each delete asked for only once what must go first is gone.
  const deletedAt = (name: string) => {
    const e = events.find((x) => x.eventType === "Microsoft.Resources.ResourceDeleteSuccess" && x.subject.toLowerCase().endsWith(`/${name}`));
    assert.ok(e, `${name} deleted`);
    return Date.parse(e.eventTime);
  };
  const started = startedAt(outcome.instance);
  const after = (later: string, earlier: string, why: string) => assert.ok(started(later) >= deletedAt(earlier), `${later} after ${earlier} is gone: ${why}`);
  after("con-c8k-30", "bgp-c8k-30", "Route Server stops routing into the NVA before its tunnels go");
  after("c8k-30", "bgp-c8k-30", "drained before the VM goes");
  after("c8k-30", "con-c8k-30", "drained before the VM goes");
  after("lng-c8k-30", "con-c8k-30", "a connection names its local network gateway");
  after("client-Vnet-gw", "con-c8k-30", "the connection used the gateway APIPA addresses that go");
  after("c8k-30-outside-nic", "c8k-30", "a NIC on a VM");
  after("c8k-30-inside-nic", "c8k-30", "a NIC on a VM");
  after("c8k-3-pip", "c8k-30-outside-nic", "a public IP on a NIC");

  // Exactly the new plan: nothing owned outside it, nothing to change.
  assert.deepEqual(acted((await readWhatIf(plan)).changes), []);
  const ids = stack.emulator.storeIds();
  assert.ok(!ids.some((id) => /\/disks\/c8k-30/i.test(id)), "no OS disk left behind");
  assert.ok(ids.some((id) => id.endsWith("/publicipaddresses/foreign-pip")), "the untagged resource is still there");

  watch(600); // past every DPD and hold timer the change could have started
  const report = (await healthCheck(two)).report;
  assert.equal(report.status, "healthy", JSON.stringify(report.findings));
  const d = computeDisruption(stack.emulator.timeline(two.resourceGroup), { from, to: stack.clock.now() });
  assert.equal(d.secondsWithoutPath, 0);
  assert.equal(d.secondsBlackholed, 0);
  // The APIPA shrink is an in-place gateway update: one instance at a time, so each remaining NVA keeps its session on the other.
  assert.equal(d.minGatewaySessionsUp, 2, "each remaining NVA kept a gateway session throughout");
});

test("pruning again (a resumed change) finds everything gone: no write, nothing failed", async () => {
  const { changes } = await readWhatIf(planFromSpec(three));
  // The 3-NVA plan's view is the other way round: what it would create. Replay the first run's deletes instead.
  assert.ok(changes.some((c) => c.action === "create"));
  const gone: Change[] = ["Microsoft.Network/connections/con-c8k-30", "Microsoft.Compute/virtualMachines/c8k-30"].map((tail) => ({
    id: `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${two.resourceGroup}/providers/${tail}`,
    type: tail.split("/").slice(0, 2).join("/"),
    name: tail.split("/").pop()!,
    action: "delete",
    reason: "test",
    paths: [],
    impact: changes[0]!.impact,
  }));
  const outcome = await prune(two, gone);
  assert.equal(outcome.status, "Succeeded");
  assert.equal(outcome.deletes + outcome.writes, 0);
  assert.deepEqual(outcome.skipped.map((s) => s.note), ["already absent", "already absent"]);
});

test("a delete for something the plan still holds is never carried out, whatever the caller passed", async () => {
  const plan = planFromSpec(two);
  const vm = plan.resources.find((r) => r.name === "c8k-10")!;
  const stale: Change = { id: vm.id.replace("{{subscriptionId}}", stack.emulator.subscriptionId), type: vm.type, name: vm.name, action: "delete", reason: "stale", paths: [], impact: (await readWhatIf(plan)).changes[0]!.impact };
  const outcome = await prune(two, [stale]);
  assert.equal(outcome.deletes, 0);
  assert.deepEqual(outcome.skipped, [{ id: stale.id, note: "still in the plan: not deleted" }]);
  assert.ok(stack.emulator.storeIds().some((id) => id.endsWith("/virtualmachines/c8k-10")));
});
