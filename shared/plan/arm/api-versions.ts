// The api-version each resource type is written with: the one the installed
// SDK hard-codes in its operation URLs (a client-level apiVersion option does
// not change it). test/plan/arm-api-versions.test.ts reads the SDKs'
// operations.js to keep these in step after an SDK upgrade.
import type { ResourceType } from "../types.js";

/** @azure/arm-network 39.0.0 (every Microsoft.Network operation Bowtie uses). */
export const NETWORK_API_VERSION = "2026-01-01";
/** @azure/arm-compute 25.1.1 (virtualMachines operations). */
export const COMPUTE_API_VERSION = "2026-04-01";

export function apiVersionOf(type: ResourceType): string {
  return type.startsWith("Microsoft.Compute/") ? COMPUTE_API_VERSION : NETWORK_API_VERSION;
}
