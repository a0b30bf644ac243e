// readDeployment: a registered deployment's spec, status and what runs on it
// now, for a health check started by name (the fleet passes names, not
// specs, to keep its history small). Null when it is no longer registered.
import type { InvocationContext } from "@azure/functions";
import type { ReadDeploymentOutput } from "./contracts.js";
import { azureTarget, lockDeps } from "./azure-target.js";
import { changingReason } from "../shared/health/changing.js";
import { runningOperation } from "./operations/busy-with.js";

export async function readDeployment(input: { deployment: string }, context?: InvocationContext): Promise<ReadDeploymentOutput | null> {
  const record = await azureTarget().registry.get(input.deployment);
  if (!record) return null;
  const running = await runningOperation(lockDeps(context), record);
  return {
    spec: record.spec,
    status: record.status,
    lastOperation: record.lastOperation ?? null,
    busyWith: running ? `${running.kind} ${running.instanceId}` : null,
    changing: changingReason({ status: record.status, running }),
  };
}
