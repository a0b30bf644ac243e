// An active-active gateway updated in place keeps serving, one instance at a
// time (a SKU resize within its generation, a custom APIPA list changed): on
// the emulator, instance 0's tunnels go down for the first half of the
// update and instance 1's for the second, so every NVA keeps a tunnel and no
// prefix loses its path. Before, "Updating" took both instances down for the
// whole ~35 minutes, and a gateway SKU change cut every prefix.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { computeDisruption } from "../../emulator/network/disruption.js";
import { createAzureClients } from "../../shared/azure/clients.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
let stack: LocalStack;

before(async () => {
  stack = await startLocalStack();
  await stack.seedSecrets(spec);
  const out = (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(spec.name), input: { spec } }))).output as { status: string };
  assert.equal(out.status, "Succeeded");
  stack.clock.advanceBy(600_000);
  stack.emulator.networkState();
});
after(async () => stack.close());

const tunnelsUp = () => {
  const up = stack.emulator.networkState().tunnels.filter((t) => t.state === "Connected");
  return [0, 1].map((i) => up.filter((t) => t.instance === i).length);
};

test("a gateway SKU resize in place: instance 0 then instance 1 down, every NVA keeps a tunnel, no prefix without a path", async () => {
  const { network } = createAzureClients(stack.emulator.azureConfig());
  const gateway = await network.virtualNetworkGateways.get(spec.resourceGroup, spec.gateway.name);
  assert.deepEqual(tunnelsUp(), [2, 2]);
  const from = stack.clock.now();
  const poller = await network.virtualNetworkGateways.beginCreateOrUpdate(spec.resourceGroup, spec.gateway.name, { ...gateway, sku: { name: "VpnGw2AZ", tier: "VpnGw2AZ" } });
  assert.equal((await network.virtualNetworkGateways.get(spec.resourceGroup, spec.gateway.name)).provisioningState, "Updating");
  stack.clock.advanceBy(60_000);
  assert.deepEqual(tunnelsUp(), [0, 2], "instance 0 is updated first; instance 1 carries both NVAs");
  const down = stack.emulator.networkState().tunnels.find((t) => t.instance === 0)!;
  assert.match(down.reasons.join("; "), /Updating \(instance 0; the other instance keeps its tunnels\)/);
  // One jump past the half-way point and the end: the timeline still sees the switch at its moment.
  stack.clock.advanceBy(3600_000);
  await poller.pollUntilDone();
  stack.clock.advanceBy(600_000);
  assert.deepEqual(tunnelsUp(), [2, 2]);
  const timeline = stack.emulator.timeline(spec.resourceGroup);
  const d = computeDisruption(timeline, { from, to: stack.clock.now() });
  assert.equal(d.secondsWithoutPath, 0, JSON.stringify(d));
  assert.equal(d.secondsBlackholed, 0, JSON.stringify(d));
  assert.ok(d.secondsDegraded > 0, "one instance's sessions were down at a time");
  assert.equal(d.minGatewaySessionsUp, 2, "each NVA kept its session on the other instance");
  const downs = timeline.changes.filter((c) => c.at >= from && c.kind === "tunnel" && c.from === "Connected").map((c) => c.key.split("|")[1]);
  assert.deepEqual([...new Set(downs)], ["0", "1"], "instance 0's tunnels went down first, then instance 1's");
});

test("an in-place gateway update nobody reads until it ends: the timeline still has instance 0 going down at its start", async () => {
  const { network } = createAzureClients(stack.emulator.azureConfig());
  const gateway = await network.virtualNetworkGateways.get(spec.resourceGroup, spec.gateway.name);
  stack.emulator.networkState();
  const from = stack.clock.now();
  const poller = await network.virtualNetworkGateways.beginCreateOrUpdate(spec.resourceGroup, spec.gateway.name, { ...gateway, sku: { name: "VpnGw1AZ", tier: "VpnGw1AZ" } });
  // One jump past the whole update, the network read only at the end (a change whose other steps read nothing meanwhile).
  stack.clock.advanceBy(3600_000);
  await poller.pollUntilDone();
  stack.clock.advanceBy(600_000);
  const timeline = stack.emulator.timeline(spec.resourceGroup);
  const downs = timeline.changes.filter((c) => c.at >= from && c.kind === "gateway" && c.from === "Connected").map((c) => `${c.key.split("|")[1]} +${Math.round((c.at - from) / 1000)}s`);
  assert.ok(downs.includes("0 +0s"), `instance 0's sessions go down as the update starts: ${downs.join(", ")}`);
  assert.ok(downs.some((d) => d.startsWith("1 ")), `then instance 1's: ${downs.join(", ")}`);
});
