// Deploys and teardowns whose long operations take longer than Azure's
// typical times, on the real durable driver and the emulator. Real gateways
// take 25–45+ minutes; the poll schedule backs off in fractional steps, and the
// durable timer (whole milliseconds on the wire) must still wake the loop when
// a poll is due, however long the operation runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";
import type { TopologySpec } from "../../shared/spec/schema.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const spec = ((): TopologySpec => {
  const r = validateSpec(seed);
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  return r.spec;
})();

const MIN = 60;
const GATEWAY = "Microsoft.Network/virtualNetworkGateways";

async function run(stack: LocalStack, name: string): Promise<any> {
  const s = await stack.host.waitForCompletion(stack.host.start(name, { input: { spec } }));
  assert.equal(s.runtimeStatus, "Completed", `the ${name} orchestration ended ${s.runtimeStatus}: ${String(s.output)}`);
  return s.output;
}

/** Deploy with these provisioning times (seconds per type), then tear down with these delete times. */
async function deployThenTearDown(durations: Record<string, number>, deleteDurations: Record<string, number>) {
  const stack = await startLocalStack({ durations, deleteDurations });
  try {
    await stack.seedSecrets(spec);
    const started = stack.clock.now();
    const deployed = await run(stack, ORCHESTRATION.deployTopology);
    assert.equal(deployed.status, "Succeeded", JSON.stringify(deployed.failures));
    const longest = Math.max(0, ...Object.values(durations)) * 1000;
    assert.ok(stack.clock.now() - started >= longest, "the deploy waited for the slowest operation");
    const torn = await run(stack, ORCHESTRATION.teardownTopology);
    assert.equal(torn.status, "Succeeded", JSON.stringify(torn.failures));
    stack.emulator.settle();
    assert.deepEqual(stack.emulator.storeIds(), [], "every owned resource is gone");
  } finally {
    await stack.close();
  }
}

test("a 45-minute gateway, a 5-minute connection and a 30-minute Route Server: deploy and teardown succeed", async () => {
  const slow = { [GATEWAY]: 45 * MIN, "Microsoft.Network/connections": 5 * MIN, "Microsoft.Network/virtualHubs/ipConfigurations": 30 * MIN };
  await deployThenTearDown(slow, slow);
});

test("a 36-minute gateway: deploy and teardown succeed", async () => {
  await deployThenTearDown({ [GATEWAY]: 36 * MIN }, { [GATEWAY]: 36 * MIN });
});

test("a 5-minute connection and a 60-second local network gateway: deploy and teardown succeed", async () => {
  const slow = { "Microsoft.Network/connections": 5 * MIN, "Microsoft.Network/localNetworkGateways": 60 };
  await deployThenTearDown(slow, slow);
});

test("a slow Route Server (the hub 10 minutes, its IP configuration 25): deploy and teardown succeed", async () => {
  const slow = { "Microsoft.Network/virtualHubs": 10 * MIN, "Microsoft.Network/virtualHubs/ipConfigurations": 25 * MIN };
  await deployThenTearDown(slow, slow);
});

test("teardown alone: a gateway whose delete takes 45 minutes is waited for", async () => {
  await deployThenTearDown({}, { [GATEWAY]: 45 * MIN });
});
