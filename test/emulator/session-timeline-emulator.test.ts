// The session timeline on the running emulator: the seed lab deployed by
// Bowtie, then an NVA powered off or deleted and put back. Read through the
// control API (as the CLI will) and in-process; disruption computed from it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import https from "node:https";
import { readFileSync } from "node:fs";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { computeDisruption } from "../../emulator/network/disruption.js";
import type { ResourceGroupTimeline } from "../../emulator/network/timeline.js";
import { expectChecked } from "../../orchestrations/health/check-health.js";
import { createAzureClients, type AzureClients } from "../../shared/azure/clients.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
let stack: LocalStack;
let vm10: string;
let azure: AzureClients;

function control(path: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const q = https.request(`${stack.emulator.endpoint}${path}`, { method: path.includes("power-off") ? "POST" : "GET", ca: stack.emulator.caCertPem, headers: { "content-type": "application/json" } }, (res) => {
      let t = "";
      res.on("data", (c) => (t += c));
      res.on("end", () => resolve({ status: res.statusCode!, body: t ? JSON.parse(t) : null }));
    });
    q.on("error", reject);
    q.end(path.includes("power-off") ? JSON.stringify({ resourceId: vm10 }) : undefined);
  });
}

/** Let simulated time pass, looking at the network every `step` seconds (as pollers would). */
function watch(seconds: number, step = 5): void {
  for (let s = 0; s < seconds; s += step) {
    stack.clock.advanceBy(step * 1000);
    stack.emulator.networkState();
  }
}

before(async () => {
  stack = await startLocalStack({ maxRemediationsPerHour: 1000 });
  await stack.seedSecrets(spec);
  const out = (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(spec.name), input: { spec } }))).output as { status: string };
  assert.equal(out.status, "Succeeded");
  vm10 = `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Compute/virtualMachines/c8k-10`;
  azure = createAzureClients(stack.emulator.azureConfig());
  watch(600);
});
after(async () => stack.close());

test("c8k-10 powered off after the seed deploy: the timeline shows its sessions held to the hold timer; 180 s blackholed, no prefix without a path", async () => {
  const { body: clock } = await control("/_bowtie/clock");
  assert.equal(clock.now, stack.clock.now());
  const offAt = stack.clock.now();
  assert.equal((await control("/_bowtie/out-of-band/power-off")).status, 204);
  // One jump of the clock, nobody looking in between: the timeline still has each change at its moment.
  stack.clock.advanceBy(400_000);

  const { status, body } = await control(`/_bowtie/timeline/${encodeURIComponent(spec.resourceGroup)}`);
  assert.equal(status, 200);
  const timeline = body as ResourceGroupTimeline;
  assert.deepEqual(timeline, JSON.parse(JSON.stringify(stack.emulator.timeline(spec.resourceGroup))), "the control API and the Emulator object read the same timeline");
  const d = computeDisruption(timeline, { from: offAt, to: stack.clock.now() });
  assert.equal(d.secondsBlackholed, 180);
  assert.equal(d.secondsWithoutPath, 0);
  assert.equal(d.minGatewaySessionsUp, 2);
  const dropped = timeline.changes.filter((c) => c.at > offAt && c.kind === "gateway" && c.from === "Connected");
  assert.deepEqual([...new Set(dropped.map((c) => (c.at - offAt) / 1000))], [180]);
  assert.ok(dropped.every((c) => c.vmId?.toLowerCase() === vm10.toLowerCase()));
  assert.ok((await control("/_bowtie/timeline")).body.some((t: ResourceGroupTimeline) => t.resourceGroup === spec.resourceGroup.toLowerCase()));

  // Put it back for the next test.
  await azure.compute.virtualMachines.beginStartAndWait(spec.resourceGroup, "c8k-10");
  watch(120);
});

test("c8k-10 deleted: its OS disk goes with it (deleteOption Delete); re-created by remediation, its sessions come up only after its guest has booted", async () => {
  const disks = async () => {
    const out: string[] = [];
    for await (const d of azure.compute.disks.listByResourceGroup(spec.resourceGroup)) out.push(d.name!);
    return out.sort();
  };
  const before = await disks();
  assert.equal(before.filter((n) => n.startsWith("c8k-10_OsDisk_1_")).length, 1);
  const deletedAt = stack.clock.now();
  await azure.compute.virtualMachines.beginDeleteAndWait(spec.resourceGroup, "c8k-10");
  assert.deepEqual((await disks()).filter((n) => n.startsWith("c8k-10_")), [], "the OS disk went with the VM");

  const check = expectChecked((await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { spec, remediate: true } }))).output as never);
  assert.equal(check.remediation, "started");
  await stack.host.waitForCompletion(instanceId.remediate(spec.name));
  watch(600);

  const created = stack.emulator.events.log.find((e) => e.subject.toLowerCase() === vm10.toLowerCase() && e.eventType === "Microsoft.Resources.ResourceWriteSuccess" && Date.parse(e.eventTime) > deletedAt);
  assert.ok(created, "remediation re-created the VM");
  const provisionedAt = Date.parse(created.eventTime);
  const timeline = stack.emulator.timeline(spec.resourceGroup);
  const backUp = timeline.changes.filter((c) => c.at > provisionedAt && c.state === "Connected" && c.vmId?.toLowerCase() === vm10.toLowerCase());
  assert.equal(backUp.length, 6, "its 2 tunnels, 2 gateway and 2 Route Server sessions came back");
  const seconds = (kind: string) => [...new Set(backUp.filter((c) => c.kind === kind).map((c) => (c.at - provisionedAt) / 1000))];
  // Boot 90 s, then IKE 10 s; Route Server BGP 30 s after boot; gateway BGP 30 s after its tunnel.
  assert.deepEqual([seconds("tunnel"), seconds("routeServer"), seconds("gateway")], [[100], [120], [130]]);
  const d = computeDisruption(timeline, { from: deletedAt, to: stack.clock.now() });
  assert.equal(d.secondsWithoutPath, 0, "c8k-20 carried everything meanwhile");
  assert.ok(d.secondsBlackholed > 0, "the deleted VM was silent: Azure routed into it until the hold timer");
});
