// The one-operation-at-a-time lock of a deployment: an operation lease in
// its registry row, taken by a conditional write (Table Storage ETags, or
// insert-if-absent for a deployment not registered yet). Of two starters
// racing for a free deployment, both read the same version, one write lands
// and the other gets 412/409, reads again and finds the lock held.
import type { OperationKind } from "../../shared/names.js";
import type { StarterClient } from "../../shared/durable/starter-client.js";
import type { DeploymentRecord, DeploymentRegistry, OperationLease } from "../../shared/storage/deployment-registry.js";
import { leaseIsLive } from "./lease-liveness.js";

export interface LockDeps {
  registry: DeploymentRegistry;
  /** To ask whether the lock's holder still runs. */
  client: StarterClient;
  /** The clock leases are stamped with (the emulator's virtual clock locally). */
  now: () => Date;
}

export interface TakeRequest {
  kind: OperationKind;
  deployment: string;
  instanceId: string;
  token: string;
  /** The orchestration taking the lock for itself: a lease under its own instance id is its own, whatever the token. */
  selfRun?: boolean;
  /** The row of a deployment not registered yet; without it an unregistered deployment is not taken. */
  create?: () => DeploymentRecord;
  /** Why this operation may not run on the deployment as it stands (read under the same ETag as the lock), or null. */
  refuse?: (record: DeploymentRecord) => string | null;
  /** Changes written together with the lease (status, spec). */
  apply?: (record: DeploymentRecord) => DeploymentRecord;
}

export type TakeResult =
  | { taken: true; record: DeploymentRecord }
  | { taken: false; running: OperationLease }
  | { taken: false; absent: true }
  | { taken: false; refused: string };

const MAX_ATTEMPTS = 20;

const ownLease = (held: OperationLease, req: TakeRequest) => held.instanceId === req.instanceId && (req.selfRun === true || held.token === req.token);

export async function takeOperation(deps: LockDeps, req: TakeRequest): Promise<TakeResult> {
  const apply = req.apply ?? ((r: DeploymentRecord) => r);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const now = deps.now();
    const lease: OperationLease = { kind: req.kind, instanceId: req.instanceId, token: req.token, since: now.toISOString() };
    const current = await deps.registry.read(req.deployment);
    if (!current) {
      if (!req.create) return { taken: false, absent: true };
      const record = { ...apply(req.create()), lease };
      if (await deps.registry.create(record)) return { taken: true, record };
      continue; // someone registered it first: read their row
    }
    const held = current.record.lease;
    if (held && !ownLease(held, req) && (await leaseIsLive(deps.client, held, now))) return { taken: false, running: held };
    const refusal = req.refuse?.(current.record) ?? null;
    if (refusal) return { taken: false, refused: refusal };
    const record = { ...apply(current.record), lease };
    if (await deps.registry.replaceIfUnchanged(record, current.etag)) return { taken: true, record };
  }
  throw new Error(`the registry row of ${req.deployment} kept changing under ${MAX_ATTEMPTS} attempts to take its operation lock`);
}

/**
 * Write an operation's ending and release its lock, unless the lock now
 * belongs to another operation (this one was judged dead and superseded; its
 * ending must not overwrite the newer one's record).
 */
export async function finishOperation(
  registry: DeploymentRegistry,
  deployment: string,
  holder: { instanceId: string; token?: string },
  ending: (record: DeploymentRecord) => DeploymentRecord,
): Promise<"recorded" | "superseded" | "absent"> {
  let superseded = false;
  const written = await registry.mutate(deployment, (current) => {
    const held = current.lease;
    superseded = held !== undefined && (held.instanceId !== holder.instanceId || (holder.token !== undefined && held.token !== holder.token));
    if (superseded) return null;
    const { lease: _released, ...rest } = ending(current);
    return rest;
  });
  return written ? "recorded" : superseded ? "superseded" : "absent";
}

/** How a refusal names the operation in the way. */
export const describeRunning = (lease: OperationLease) => `a ${lease.kind} (instance ${lease.instanceId}) is already running`;
