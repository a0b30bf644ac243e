// Start an operation on a deployment, or say which one is in the way: take
// the lock, then start the orchestration with the lock's token in its input
// (so the lock's liveness check can tell this run from an earlier one under
// the same instance id). Used by the HTTP starters, the Event Grid handler
// and the health check's startRemediation.
import { randomUUID } from "node:crypto";
import { instanceId as instanceIdOf, type OperationKind } from "../../shared/names.js";
import { isActive, statusOrNull } from "../../shared/durable/starter-client.js";
import type { DeploymentRecord, OperationLease } from "../../shared/storage/deployment-registry.js";
import { finishOperation, takeOperation, type LockDeps } from "./take-operation.js";
import { tokenOf } from "./lease-liveness.js";

export interface StartOperationRequest {
  kind: OperationKind;
  deployment: string;
  orchestration: string;
  /** The orchestration's input; the lock's token is added as `operation`. */
  input: Record<string, unknown>;
  /** For a first deploy: the row to register. */
  create?: () => DeploymentRecord;
  /** Why this operation may not run on the deployment as registered (see TakeRequest.refuse). */
  refuse?: (record: DeploymentRecord) => string | null;
}

export type StartOutcome =
  | { started: true; instanceId: string }
  | { started: false; running: OperationLease }
  | { started: false; absent: true }
  | { started: false; refused: string };

export async function startOperation(deps: LockDeps, req: StartOperationRequest): Promise<StartOutcome> {
  const id = instanceIdOf.operation(req.kind, req.deployment);
  const token = randomUUID();
  const taken = await takeOperation(deps, { kind: req.kind, deployment: req.deployment, instanceId: id, token, create: req.create, refuse: req.refuse });
  if (!taken.taken) return { ...taken, started: false };
  try {
    await deps.client.startNew(req.orchestration, { instanceId: id, input: { ...req.input, operation: { token } } });
  } catch (e) {
    // Give the lock back; an instance of this id started outside the lock (the CLI) is the one in the way.
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0]!;
    await finishOperation(deps.registry, req.deployment, { instanceId: id, token }, (r) => ({ ...r, reason: `the ${req.kind} could not be started: ${why}` }));
    const status = await statusOrNull(deps.client, id);
    if (isActive(status)) return { started: false, running: { kind: req.kind, instanceId: id, token: tokenOf(status!.input), since: deps.now().toISOString() } };
    throw e;
  }
  return { started: true, instanceId: id };
}
