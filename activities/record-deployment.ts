// recordDeployment: the registry row for a deployment, written at the start
// and end of each orchestration (orchestrators cannot do I/O themselves).
import type { RecordDeploymentInput } from "./contracts.js";
import { azureTarget } from "./azure-target.js";

export async function recordDeployment(input: RecordDeploymentInput): Promise<void> {
  const { registry, now } = azureTarget();
  const previous = await registry.get(input.spec.name);
  await registry.put({
    remediations: previous?.remediations ?? [],
    name: input.spec.name,
    resourceGroup: input.spec.resourceGroup,
    subscriptionId: input.spec.subscriptionId ?? null,
    spec: input.spec,
    status: input.status,
    instanceId: input.instanceId,
    lastResult: input.result,
    reason: input.reason,
    updatedAt: now().toISOString(),
  });
}
