// A local stack (emulator, Azurite, the durable driver) with one spec
// deployed through the real deployTopology orchestration: where the health,
// remediation and alert tests begin. A deploy that does not succeed fails
// the test here, not in some later assertion about health.
import assert from "node:assert/strict";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import type { TopologySpec } from "../../shared/spec/schema.js";

export async function deployedStack(spec: TopologySpec, options: Parameters<typeof startLocalStack>[0] = {}): Promise<LocalStack> {
  const stack = await startLocalStack(options);
  await stack.seedSecrets(spec);
  const out = (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(spec.name), input: { spec } }))).output as { status: string };
  assert.equal(out.status, "Succeeded", `the deploy of ${spec.name} succeeded`);
  return stack;
}
