// Which deployments a health check looks at, and which it may remediate.
// Whether an operation is running is the operation lock's business (the
// registry row's lease, judged live by activities/operations/): the status
// is only what the last operation reported, so a stale "Deploying" left by
// an orchestration that is gone no longer hides a deployment from checks.
import type { OperationKind } from "../names.js";
import { beingChanged, changingReason } from "./changing.js";
import type { DeploymentStatus } from "../storage/deployment-registry.js";

export interface Eligibility {
  status: DeploymentStatus;
  lastOperation?: OperationKind | null;
  /** The operation running on it now, or null. */
  busyWith: string | null;
}

/** Torn down: nothing is left to check. */
export const isRegisteredLive = (status: DeploymentStatus): boolean => status !== "TornDown";

/** Checked unless torn down or an operation is running on it (the check would judge a moving target). */
export const isCheckable = (d: Eligibility): boolean => isRegisteredLive(d.status) && d.busyWith === null;

/** NeedsAttention: the circuit breaker tripped; a person decides. A teardown was asked for: nothing is rebuilt, even if it failed half-way. */
export const mayRemediate = (d: Eligibility): boolean => isCheckable(d) && remediationRefusal(d) === null;

/** Why a remediation may not start on this deployment (whatever runs on it), or null. */
export function remediationRefusal(d: { status: DeploymentStatus; lastOperation?: OperationKind | null; reason?: string | null }): string | null {
  if (d.status === "TornDown" || d.lastOperation === "teardown") return "it was torn down (or is being torn down)";
  const changing = changingReason({ status: d.status, running: null });
  if (changing) return beingChanged(changing);
  if (d.status === "NeedsAttention") return `it needs attention${d.reason ? ` (${d.reason})` : ""}`;
  return null;
}
