// readDeployment: a registered deployment's spec, status and what runs on it
// now, for a health check started by name (the fleet passes names, not
// specs, to keep its history small). Null when it is no longer registered.
import type { InvocationContext } from "@azure/functions";
import type { ReadDeploymentOutput } from "./contracts.js";
import { azureTarget, lockDeps } from "./azure-target.js";
import { busyWith } from "./operations/busy-with.js";

export async function readDeployment(input: { deployment: string }, context?: InvocationContext): Promise<ReadDeploymentOutput | null> {
  const record = await azureTarget().registry.get(input.deployment);
  if (!record) return null;
  return { spec: record.spec, status: record.status, lastOperation: record.lastOperation ?? null, busyWith: await busyWith(lockDeps(context), record) };
}
