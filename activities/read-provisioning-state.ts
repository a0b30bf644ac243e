// readProvisioningState: one cheap GET; the orchestration calls it on its
// durable-timer schedule. A resource that is gone reads as "Deleted" (what
// teardown waits for; a deploy re-applies it).
import type { ProvisioningRead, ReadProvisioningStateInput } from "./contracts.js";
import { azureTarget } from "./azure-target.js";
import { isNotFound } from "./arm/arm-errors.js";
import { opsFor } from "./arm/resource-ops.js";

export async function readProvisioningState(input: ReadProvisioningStateInput): Promise<ProvisioningRead> {
  const target = azureTarget();
  try {
    const r = await opsFor(input, target.subscriptionId).get(target);
    return { provisioningState: String(r.provisioningState ?? "Unknown") };
  } catch (e) {
    if (isNotFound(e)) return { provisioningState: "Deleted" };
    throw e;
  }
}
