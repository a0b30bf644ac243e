// Whether the operation holding a deployment's lock is still running. The
// lock is reclaimable once its orchestration is terminal (it ended without
// releasing: terminated, or its last record failed) or gone (purged, or its
// starter died between taking the lock and starting it).
import { isActive, statusOrNull, type StarterClient } from "../../shared/durable/starter-client.js";
import type { OperationLease } from "../../shared/storage/deployment-registry.js";

/**
 * A starter takes the lock, then starts the instance: between the two the
 * instance does not exist yet (or an earlier run under the same id still
 * shows). That gap lasts one startNew call; a lock older than this with no
 * run of its own behind it belongs to a starter that died.
 */
export const START_GRACE_MS = 5 * 60_000;

/** The lock token an operation's input carries (see OperationInput). */
export const tokenOf = (input: unknown): string => {
  const token = (input as { operation?: { token?: unknown } } | null)?.operation?.token;
  return typeof token === "string" ? token : "";
};

export async function leaseIsLive(client: StarterClient, lease: OperationLease, now: Date): Promise<boolean> {
  const status = await statusOrNull(client, lease.instanceId);
  // The lease's own run: the instance carries its token (a run that took the lock itself carries none).
  if (status && tokenOf(status.input) === lease.token) return isActive(status);
  return Math.abs(now.getTime() - Date.parse(lease.since)) < START_GRACE_MS;
}
