// What a health check needs to know of the lock: which operation, if any,
// is running on a deployment now. A lease whose orchestration is gone or
// terminal is not "running": the deployment is checked as finished.
import type { DeploymentRecord } from "../../shared/storage/deployment-registry.js";
import { leaseIsLive } from "./lease-liveness.js";
import type { LockDeps } from "./take-operation.js";

export async function busyWith(deps: Pick<LockDeps, "client" | "now">, record: DeploymentRecord): Promise<string | null> {
  const lease = record.lease;
  if (!lease) return null;
  return (await leaseIsLive(deps.client, lease, deps.now())) ? `${lease.kind} ${lease.instanceId}` : null;
}
