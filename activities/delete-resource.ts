// deleteResource: start deleting one resource, but only if this deployment
// owns it: a top-level resource carries the ownership tag; a hub child is
// owned when its hub is. Anything else (an adopted resource included: it was
// someone else's first) is left alone and reported. Each
// attempt's outcome is one ResourceDeleted telemetry line. An owned VM's
// OS disk is set to go with it first (arm/os-disk-goes-with-vm.ts).
import type { InvocationContext } from "@azure/functions";
import type { ApplyOutcome, DeleteResourceInput } from "./contracts.js";
import { mayDelete } from "../shared/plan/ownership.js";
import { azureTarget } from "./azure-target.js";
import { armFailure, isNotFound, isTransient } from "./arm/arm-errors.js";
import { opsFor } from "./arm/resource-ops.js";
import { releaseAdopted } from "./arm/release-adopted.js";
import { osDiskGoesWithVm } from "./arm/os-disk-goes-with-vm.js";
import { activityInstanceId, invocationTelemetry } from "../shared/telemetry/index.js";

export async function deleteResource(input: DeleteResourceInput, context?: InvocationContext): Promise<ApplyOutcome> {
  const telemetry = invocationTelemetry(context, { deploymentId: input.deployment, instanceId: activityInstanceId(context) });
  const about = { resourceId: input.resource.id, resourceType: input.resource.type };
  try {
    const result = await remove(input);
    const detail = result.outcome === "failed" ? { errorCode: result.error.code } : "note" in result && result.note ? { note: result.note } : {};
    telemetry.emit("ResourceDeleted", { ...about, outcome: result.outcome, ...detail });
    return result;
  } catch (e) {
    telemetry.emit("ResourceDeleted", { ...about, outcome: "transient", errorCode: armFailure(e).code });
    throw e;
  }
}

async function remove(input: DeleteResourceInput): Promise<ApplyOutcome> {
  const target = azureTarget();
  const ops = opsFor(input.resource, target.subscriptionId);
  try {
    const isHubChild = input.resource.type.startsWith("Microsoft.Network/virtualHubs/");
    const owner = isHubChild
      ? await target.network.virtualHubs.get(ops.parts.resourceGroup, ops.parts.name).catch((e) => (isNotFound(e) ? null : Promise.reject(e)))
      : await ops.get(target).catch((e) => (isNotFound(e) ? null : Promise.reject(e)));
    if (!owner) return { outcome: "unchanged", note: "already absent" };
    const verdict = mayDelete(input.deployment, owner.tags);
    if (!verdict.delete && verdict.adopted) return { outcome: "unchanged", note: await releaseAdopted(target, input.resource, ops.parts, owner.tags ?? {}) };
    if (!verdict.delete) return { outcome: "unchanged", note: verdict.note };
    // An owned VM's OS disk is never left behind, untagged, for nobody to delete.
    if (input.resource.type === "Microsoft.Compute/virtualMachines") await osDiskGoesWithVm(target, ops.parts, owner);
    await ops.remove(target);
    return { outcome: "started" };
  } catch (e) {
    if (isNotFound(e)) return { outcome: "unchanged", note: "already absent" };
    if (isTransient(e)) throw e;
    return { outcome: "failed", error: armFailure(e) };
  }
}
