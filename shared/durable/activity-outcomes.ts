// What activities report to the orchestrations that call them, and the
// deploy orchestration's input: types both layers read, so they live here and
// neither imports the other for them.
import type { TopologySpec } from "../spec/schema.js";

export interface ArmErrorInfo {
  code: string;
  message: string;
}

/**
 * What the apply (or delete) activity reports. `note` says why nothing was
 * done, e.g. not owned. "busy": another operation on the resource is still
 * running (after a restart, or someone else's); wait for it, then apply again.
 */
export type ApplyOutcome =
  | { outcome: "unchanged" | "completed"; note?: string }
  /** `operation`: the URL that monitors the operation (Azure-AsyncOperation), where Azure says why it failed. */
  | { outcome: "started"; operation?: string }
  | { outcome: "busy" }
  | { outcome: "failed"; error: ArmErrorInfo };

/** What the provisioning-state activity reports. */
export interface ProvisioningRead {
  provisioningState: string;
  error?: ArmErrorInfo;
}

/** Every operation's input carries the token of the lease its starter took (absent: the run takes the lease itself). */
export interface OperationInput {
  operation?: { token: string };
}

export interface DeployInput extends OperationInput {
  spec: TopologySpec;
  /** A remediation is the same walk over the plan: only what drifted is written. */
  purpose?: "deploy" | "remediate";
  /** A deploy that is a change may leave some prefix without any path for a while (a 1-NVA replacement): allowed only when set. */
  allowOutage?: boolean;
}
