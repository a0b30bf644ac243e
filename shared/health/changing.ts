// A deployment in the middle of a change (a new spec being applied, a PSK
// being rolled) is a moving target: between its first write and its last,
// Azure holds half the old plan and half the new one on purpose (an NVA
// drained, a connection on the next key before its NVA). Judged as drift,
// that half-way state would look broken, and a remediation would "repair"
// it back into the middle of the roll. So while it changes, a deployment is
// reported `changing`: not checked for drift, not remediated, and events for
// its resources are dropped with that reason, until the change ends.
import type { OperationKind } from "../names.js";
import type { DeploymentStatus } from "../storage/deployment-registry.js";

/** The operations that change a running topology on purpose. */
export const CHANGE_KINDS: readonly OperationKind[] = ["change", "rotate"];

/** The statuses such an operation records while it runs (it sets another at its end). */
const CHANGE_STATUSES: readonly DeploymentStatus[] = ["Changing", "Rotating"];

export interface RunningOperation {
  kind: OperationKind;
  instanceId: string;
}

/**
 * Why the deployment counts as being changed now, or null: its lock is held
 * by a live change or rotation, or its status says one began and has not
 * recorded its end (it stopped half-way: a person re-runs it, or it resumes;
 * remediating the half-changed topology meanwhile would undo part of it).
 */
export function changingReason(d: { status: DeploymentStatus; running: RunningOperation | null }): string | null {
  const byLock = changeRunning(d.running);
  if (byLock || !CHANGE_STATUSES.includes(d.status)) return byLock;
  // A deploy that found the deployment differs runs as a change under its own lock (status Changing).
  if (d.running) return `a ${d.status === "Rotating" ? "rotate" : "change"} is running (instance ${d.running.instanceId})`;
  return `its status is ${d.status}: a change began and has not ended`;
}

/** Whether the lock's live holder is a change or a rotation (the reason, or null). */
export function changeRunning(running: RunningOperation | null): string | null {
  return running && CHANGE_KINDS.includes(running.kind) ? `a ${running.kind} is running (instance ${running.instanceId})` : null;
}

const BEING_CHANGED = "it is being changed: ";
/** How a remediation refused for a change says so (the start, the Event Grid handler's dropped event). */
export const beingChanged = (reason: string) => `${BEING_CHANGED}${reason}`;
export const isChangingRefusal = (refusal: string) => refusal.startsWith(BEING_CHANGED);

/** What GET /api/deployments/{name}/health answers while a change runs (no drift is judged, so no findings). */
export interface ChangingHealth {
  deployment: string;
  status: "changing";
  /** When this was answered. */
  checkedAt: string;
  reason: string;
  findings: [];
}

export const changingHealth = (deployment: string, reason: string, at: Date): ChangingHealth => ({ deployment, status: "changing", checkedAt: at.toISOString(), reason, findings: [] });
