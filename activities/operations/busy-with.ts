// What a health check needs to know of the lock: which operation, if any,
// is running on a deployment now. A lease whose orchestration is gone or
// terminal is not "running": the deployment is checked as finished.
import type { RunningOperation } from "../../shared/health/changing.js";
import type { DeploymentRecord } from "../../shared/storage/deployment-registry.js";
import { leaseIsLive } from "./lease-liveness.js";
import type { LockDeps } from "./take-operation.js";

/** The live holder of the deployment's lock, or null. */
export async function runningOperation(deps: Pick<LockDeps, "client" | "now">, record: DeploymentRecord): Promise<RunningOperation | null> {
  const lease = record.lease;
  if (!lease) return null;
  return (await leaseIsLive(deps.client, lease, deps.now())) ? { kind: lease.kind, instanceId: lease.instanceId } : null;
}

export async function busyWith(deps: Pick<LockDeps, "client" | "now">, record: DeploymentRecord): Promise<string | null> {
  const running = await runningOperation(deps, record);
  return running ? `${running.kind} ${running.instanceId}` : null;
}
