// Which deployments a health check looks at, and which it may remediate.
import type { DeploymentStatus } from "../storage/deployment-registry.js";

/** Being deployed, remediated or torn down: the check would judge a moving target (or nothing). */
const NOT_CHECKED: ReadonlySet<DeploymentStatus> = new Set(["Deploying", "Remediating", "TearingDown", "TornDown"]);

export const isCheckable = (status: DeploymentStatus): boolean => !NOT_CHECKED.has(status);

/** NeedsAttention: the circuit breaker tripped; a person decides what happens next. */
export const mayRemediate = (status: DeploymentStatus): boolean => isCheckable(status) && status !== "NeedsAttention";
