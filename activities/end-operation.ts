// endOperation: an operation's last step, on every way it ends (the
// orchestrations call it from their catch too): its final status, reason and
// result in the registry, the circuit breaker's strike or reset, and the
// deployment's lock released.
import type { EndOperationInput } from "./contracts.js";
import { azureTarget } from "./azure-target.js";
import { freshRecord } from "./operations/fresh-record.js";
import { finishOperation } from "./operations/take-operation.js";

export async function endOperation(input: EndOperationInput): Promise<{ recorded: boolean }> {
  const { registry, now } = azureTarget();
  const at = now().toISOString();
  const deployment = input.spec.name;
  const outcome = await finishOperation(registry, deployment, { instanceId: input.instanceId }, (r) => ({
    ...r,
    ...(input.adoptSpec ? { spec: input.spec, resourceGroup: input.spec.resourceGroup, subscriptionId: input.spec.subscriptionId ?? null } : {}),
    status: input.status,
    instanceId: input.instanceId,
    lastResult: input.result,
    reason: input.reason,
    updatedAt: at,
    remediations: input.breaker === "reset" ? [] : input.breaker === "strike" ? [...(r.remediations ?? []), at] : (r.remediations ?? []),
  }));
  if (outcome === "absent") {
    // The row was removed under the operation: its ending is still recorded.
    await registry.create({ ...freshRecord(input.spec, input.instanceId, now()), status: input.status, lastResult: input.result, reason: input.reason, lastOperation: input.kind });
  }
  return { recorded: outcome !== "superseded" };
}
