// beginOperation: an operation's first step. It takes the deployment's lock
// for this instance (already taken by the starter when the run came through
// one; taken here when the CLI or a test started it directly) and records
// that the operation began. Refused when another operation holds the lock:
// the orchestration then ends without touching anything or the record.
import type { InvocationContext } from "@azure/functions";
import type { BeginOperationInput, BeginOperationOutput } from "./contracts.js";
import { azureTarget, lockDeps } from "./azure-target.js";
import { describeRunning, takeOperation } from "./operations/take-operation.js";
import { freshRecord } from "./operations/fresh-record.js";

export async function beginOperation(input: BeginOperationInput, context?: InvocationContext): Promise<BeginOperationOutput> {
  const { now } = azureTarget();
  const deployment = input.spec.name;
  const taken = await takeOperation(lockDeps(context), {
    kind: input.kind,
    deployment,
    instanceId: input.instanceId,
    token: input.token,
    selfRun: true,
    create: () => freshRecord(input.spec, input.instanceId, now()),
    apply: (r) => ({
      ...r,
      ...(input.keepSpec ? {} : { spec: input.spec, resourceGroup: input.spec.resourceGroup, subscriptionId: input.spec.subscriptionId ?? null }),
      status: input.status,
      instanceId: input.instanceId,
      lastResult: null,
      reason: null,
      lastOperation: input.kind,
      updatedAt: now().toISOString(),
    }),
  });
  if (taken.taken) return { begun: true };
  if (!("running" in taken)) throw new Error(`deployment ${deployment}: its ${input.kind} could not take the lock`);
  return { begun: false, running: { kind: taken.running.kind, instanceId: taken.running.instanceId }, reason: `${describeRunning(taken.running)} on ${deployment}` };
}
