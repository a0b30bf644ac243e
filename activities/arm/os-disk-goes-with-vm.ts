// Before Bowtie deletes a VM it owns, the VM's OS disk is set to go with it.
// The planner writes osDisk.deleteOption "Delete", but a VM made before it
// did (or changed since) keeps the Azure default, "Detach": deleting it would
// leave an unattached disk behind that carries no ownership tag (Azure does
// not copy the VM's tags to the disk it makes), so nothing of Bowtie's could
// ever claim or delete it again. Azure lets an existing VM's deleteOption be
// changed by an update; it is a quick metadata change, awaited here.
import type { AzureTarget } from "../azure-target.js";
import type { ResourceIdParts } from "./resource-id.js";

/** True when it had to change the VM; false when the disk already goes with it (or the VM has no managed OS disk). */
export async function osDiskGoesWithVm(target: AzureTarget, parts: ResourceIdParts, vm: Record<string, any>): Promise<boolean> {
  const osDisk = vm.storageProfile?.osDisk;
  if (!osDisk?.managedDisk?.id) return false;
  if (String(osDisk.deleteOption ?? "").toLowerCase() === "delete") return false;
  await target.compute.virtualMachines.update(parts.resourceGroup, parts.name, {
    storageProfile: { osDisk: { createOption: osDisk.createOption ?? "FromImage", deleteOption: "Delete" } },
  });
  return true;
}
