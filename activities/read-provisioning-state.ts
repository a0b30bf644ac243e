// readProvisioningState: one cheap GET; the orchestration calls it on its
// durable-timer schedule. A resource that is gone reads as "Deleted" (what
// teardown waits for; a deploy re-applies it). A resource that ended Failed
// (or Canceled) comes with Azure's code and message: from the operation's
// status monitor when the run started that operation, else from whatever the
// resource itself tells (a VM's instance view). Without them the scheduler
// could neither tell a retryable failure (InternalServerError: re-apply) from
// a final one, nor report Azure's words.
import type { ProvisioningRead, ReadProvisioningStateInput } from "./contracts.js";
import { azureTarget, type AzureTarget } from "./azure-target.js";
import { isNotFound, isTransient, type ArmFailure } from "./arm/arm-errors.js";
import { readOperationError } from "./arm/lro-operation.js";
import { opsFor } from "./arm/resource-ops.js";

export async function readProvisioningState(input: ReadProvisioningStateInput): Promise<ProvisioningRead> {
  const target = azureTarget();
  const ops = opsFor(input, target.subscriptionId);
  let provisioningState: string;
  try {
    provisioningState = String((await ops.get(target)).provisioningState ?? "Unknown");
  } catch (e) {
    if (isNotFound(e)) return { provisioningState: "Deleted" };
    throw e;
  }
  if (!["failed", "canceled"].includes(provisioningState.toLowerCase())) return { provisioningState };
  const error = (await fromOperation(target, input)) ?? (await fromResource(target, input, ops.parts));
  return error ? { provisioningState, error } : { provisioningState };
}

async function fromOperation(target: AzureTarget, input: ReadProvisioningStateInput): Promise<ArmFailure | null> {
  if (!input.operation) return null;
  const client = input.type.startsWith("Microsoft.Compute/") ? target.compute : target.network;
  try {
    return await readOperationError(client, input.operation, target.subscriptionId, input.apiVersion);
  } catch (e) {
    if (isTransient(e)) throw e; // retried by the host, like the GET above
    return null; // the monitor could not say: the resource may
  }
}

/** A VM's instance view names a provisioning failure: ProvisioningState/failed/<code>, with Azure's message. */
async function fromResource(target: AzureTarget, input: ReadProvisioningStateInput, parts: { resourceGroup: string; name: string }): Promise<ArmFailure | null> {
  if (input.type !== "Microsoft.Compute/virtualMachines") return null;
  const view = await target.compute.virtualMachines.instanceView(parts.resourceGroup, parts.name).catch((e) => (isTransient(e) ? Promise.reject(e) : null));
  const status = (view?.statuses ?? []).find((s) => /^ProvisioningState\/failed\/./i.test(s.code ?? ""));
  if (!status) return null;
  const code = status.code!.split("/").slice(2).join("/");
  return { code, message: status.message ?? status.displayStatus ?? code };
}
