// What Azure does with a VM body beyond storing it: customData is fixed at
// creation, and the OS disk is a resource of its own, made with the VM and
// deleted with it only when the VM's osDisk.deleteOption says Delete.
import { randomUUID } from "node:crypto";
import type { Principal } from "../identity.js";
import type { StoredResource } from "../network/types.js";
import { propertyChangeNotAllowed } from "./errors.js";
import type { ArmStore, Entry } from "./store.js";

const lower = (s: string) => s.toLowerCase();

/**
 * customData is set once, at creation: a PUT that changes it is refused; a PUT
 * that leaves it out keeps it (GET never returns it, so a read-modify-write
 * body has none). Mutates `properties` to carry the stored value.
 */
export function keepCustomData(existing: Entry, properties: Record<string, any>): void {
  const stored = existing.resource.properties.osProfile?.customData;
  const sent = properties.osProfile?.customData;
  if (sent === undefined) {
    // No osProfile at all: the VM keeps the one it has (it is fixed at creation anyway).
    if (!properties.osProfile && existing.resource.properties.osProfile) properties.osProfile = structuredClone(existing.resource.properties.osProfile);
    else if (stored !== undefined) properties.osProfile.customData = stored;
    return;
  }
  if (sent !== stored) throw propertyChangeNotAllowed("customData");
}

/**
 * Azure makes a VM's OS disk a resource of its own (Microsoft.Compute/disks),
 * named by storageProfile.osDisk.name or "<vm>_OsDisk_1_<32 hex>", and fills
 * the VM's osDisk name and managedDisk.id with it.
 */
export function createOsDisk(store: ArmStore, vm: StoredResource, caller: Principal): void {
  const osDisk = ((vm.properties.storageProfile ??= {}).osDisk ??= {});
  const name: string = typeof osDisk.name === "string" && osDisk.name ? osDisk.name : `${vm.name}_OsDisk_1_${randomUUID().replace(/-/g, "")}`;
  const id = `${vm.id.split("/providers/")[0]}/providers/Microsoft.Compute/disks/${name}`;
  osDisk.name = name;
  osDisk.managedDisk = { ...(osDisk.managedDisk ?? {}), id };
  const disk: StoredResource = {
    id,
    name,
    type: "Microsoft.Compute/disks",
    ...(vm.location ? { location: vm.location } : {}),
    ...(Array.isArray(vm.zones) ? { zones: vm.zones } : {}),
    managedBy: vm.id,
    sku: { name: osDisk.managedDisk.storageAccountType ?? "Premium_LRS" },
    properties: { osType: "Linux", creationData: { createOption: "FromImage" }, diskState: "Attached", provisioningState: "Succeeded" },
  };
  store.set({ resource: disk, phase: "Succeeded", readyAt: 0, failWith: null, operationId: null, caller });
}

/** An update names the OS disk the VM has (a body from the plan does not know its generated name). */
export function keepOsDisk(existing: Entry, properties: Record<string, any>): void {
  const stored = existing.resource.properties.storageProfile?.osDisk;
  if (!stored?.managedDisk?.id) return;
  const osDisk = ((properties.storageProfile ??= {}).osDisk ??= {});
  osDisk.name ??= stored.name;
  osDisk.managedDisk = { ...(osDisk.managedDisk ?? {}), id: stored.managedDisk.id };
}

/** A deleted VM's OS disk goes with it only when its deleteOption is Delete; otherwise it stays, unattached. */
export function releaseOsDisk(store: ArmStore, vm: StoredResource, deleted: (disk: Entry) => void): void {
  const osDisk = vm.properties.storageProfile?.osDisk;
  const diskId: unknown = osDisk?.managedDisk?.id;
  const disk = typeof diskId === "string" ? store.get(diskId) : undefined;
  if (!disk || typeof disk.resource.managedBy !== "string" || lower(disk.resource.managedBy) !== lower(vm.id)) return;
  if (lower(String(osDisk.deleteOption ?? "Detach")) === "delete") {
    store.remove(disk.resource.id);
    deleted(disk);
    return;
  }
  delete disk.resource.managedBy;
  disk.resource.properties.diskState = "Unattached";
}

/**
 * A VM PATCH (the update operation) may change what goes with the VM when it
 * is deleted: storageProfile.osDisk.deleteOption (Azure allows it on an
 * existing VM). Other properties a PATCH names are not modelled: kept as they are.
 */
export function patchDeleteOption(existing: Entry, properties: Record<string, any> | undefined): void {
  const wanted = properties?.storageProfile?.osDisk?.deleteOption;
  if (typeof wanted !== "string") return;
  ((existing.resource.properties.storageProfile ??= {}).osDisk ??= {}).deleteOption = wanted;
}

/**
 * Does this PUT resize the VM? Azure resizes a running VM by stopping it and
 * starting it again on the new size: its guest is down from the request
 * until it has booted again (a reboot on the same cluster; a move when the
 * size is not there, which takes longer).
 */
export function resizes(existing: Entry, properties: Record<string, any>): boolean {
  const was = existing.resource.properties.hardwareProfile?.vmSize;
  const now = properties.hardwareProfile?.vmSize;
  return typeof was === "string" && typeof now === "string" && was.toLowerCase() !== now.toLowerCase();
}
