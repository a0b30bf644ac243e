// readDeployment: a registered deployment's spec and status, for a health
// check started by name (the fleet passes names, not specs, to keep its
// history small). Null when the deployment is no longer registered.
import type { ReadDeploymentOutput } from "./contracts.js";
import { azureTarget } from "./azure-target.js";

export async function readDeployment(input: { deployment: string }): Promise<ReadDeploymentOutput | null> {
  const record = await azureTarget().registry.get(input.deployment);
  return record ? { spec: record.spec, status: record.status } : null;
}
