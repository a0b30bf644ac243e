// A fleet of N registered deployments on one local stack: the seed lab
// deployed for real by deployTopology, then copied into N-1 more resource
// groups (the emulator's clone fixture) and registered under their own names,
// spread round-robin over S subscriptions when asked (each subscription has
// its own ARM token buckets in the emulator). Resource group names stay
// unique across subscriptions: the emulator keys its model by resource group.
import type { LocalStack } from "./local-stack.js";
import { ORCHESTRATION } from "../shared/names.js";
import { OWNERSHIP_TAG } from "../shared/plan/types.js";
import type { TopologySpec } from "../shared/spec/schema.js";

export const fleetMember = (seed: TopologySpec, i: number): TopologySpec =>
  i === 0 ? seed : { ...structuredClone(seed), name: `${seed.name}-${String(i).padStart(4, "0")}`, resourceGroup: `${seed.resourceGroup}-${String(i).padStart(4, "0")}` };

/** S subscription ids: the emulator's own first, then made-up ones (…-4000-8000-0000000000NN style). */
export function fleetSubscriptions(first: string, count: number): string[] {
  return Array.from({ length: Math.max(1, count) }, (_, i) => (i === 0 ? first : `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`));
}

export interface FleetOptions {
  /** Spread the members round-robin over this many subscriptions (default 1: the emulator's own). */
  subscriptions?: number;
}

/** Copies made per call: the source is serialised and its network computed once per call. */
const CLONE_CHUNK = 250;

export async function buildFleet(stack: LocalStack, seed: TopologySpec, size: number, options: FleetOptions = {}): Promise<TopologySpec[]> {
  const subscriptions = fleetSubscriptions(stack.emulator.subscriptionId, options.subscriptions ?? 1);
  const spread = subscriptions.length > 1;
  const seedSpec = spread ? { ...seed, subscriptionId: subscriptions[0]! } : seed;
  await stack.seedSecrets(seedSpec);
  const deployed = await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { input: { spec: seedSpec } }));
  const status = (deployed.output as { status?: string } | null)?.status;
  if (status !== "Succeeded") throw new Error(`the seed deploy ended ${deployed.runtimeStatus}/${status}`);
  const template = await stack.registry.get(seed.name);
  if (!template) throw new Error("the seed deploy did not register the deployment");
  const members: TopologySpec[] = [seedSpec];
  for (let i = 1; i < size; i++) {
    const member = fleetMember(seed, i);
    members.push(spread ? { ...member, subscriptionId: subscriptions[i % subscriptions.length]! } : member);
  }
  for (let from = 1; from < members.length; from += CLONE_CHUNK) {
    const chunk = members.slice(from, from + CLONE_CHUNK);
    stack.emulator.cloneResourceGroups(
      seed.resourceGroup,
      chunk.map((spec) => ({ to: spec.resourceGroup, retag: { key: OWNERSHIP_TAG, from: seed.name, to: spec.name }, ...(spread ? { toSubscription: spec.subscriptionId! } : {}) })),
    );
    await stack.registry.putMany(
      chunk.map((spec) => ({ ...template, name: spec.name, resourceGroup: spec.resourceGroup, subscriptionId: spread ? spec.subscriptionId! : template.subscriptionId, spec, instanceId: `clone-of-${seed.name}` })),
    );
  }
  return members;
}
