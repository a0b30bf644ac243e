// A fleet of N registered deployments on one local stack: the seed lab
// deployed for real by deployTopology, then copied into N-1 more resource
// groups (the emulator's clone fixture) and registered under their own names.
import type { LocalStack } from "./local-stack.js";
import { ORCHESTRATION } from "../shared/names.js";
import { OWNERSHIP_TAG } from "../shared/plan/types.js";
import type { TopologySpec } from "../shared/spec/schema.js";

export const fleetMember = (seed: TopologySpec, i: number): TopologySpec =>
  i === 0 ? seed : { ...structuredClone(seed), name: `${seed.name}-${String(i).padStart(4, "0")}`, resourceGroup: `${seed.resourceGroup}-${String(i).padStart(4, "0")}` };

export async function buildFleet(stack: LocalStack, seed: TopologySpec, size: number): Promise<TopologySpec[]> {
  await stack.seedSecrets(seed);
  const deployed = await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { input: { spec: seed } }));
  const status = (deployed.output as { status?: string } | null)?.status;
  if (status !== "Succeeded") throw new Error(`the seed deploy ended ${deployed.runtimeStatus}/${status}`);
  const template = await stack.registry.get(seed.name);
  if (!template) throw new Error("the seed deploy did not register the deployment");
  const members = [seed];
  for (let i = 1; i < size; i++) {
    const spec = fleetMember(seed, i);
    stack.emulator.cloneResourceGroup(seed.resourceGroup, spec.resourceGroup, { key: OWNERSHIP_TAG, from: seed.name, to: spec.name });
    await stack.registry.put({ ...template, name: spec.name, resourceGroup: spec.resourceGroup, spec, instanceId: `clone-of-${seed.name}` });
    members.push(spec);
  }
  return members;
}
