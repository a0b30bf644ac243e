// VMs as Azure keeps them: customData fixed at creation, an OS disk resource
// made with the VM and deleted with it only when its deleteOption says so,
// a guest that boots after provisioning, and a resize that restarts it. Real SDK clients over HTTPS.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import type { VirtualMachine } from "@azure/arm-compute";
import type { Emulator } from "../../emulator/index.js";
import type { VirtualClock } from "../../emulator/clock.js";
import type { AzureClients } from "../../shared/azure/clients.js";
import { armError, emulatorWithClients, LOCATION, RG } from "../helpers/emulator-clients.js";

let emulator: Emulator;
let clients: AzureClients;
let clock: VirtualClock;

before(async () => {
  ({ emulator, clients, clock } = await emulatorWithClients({ vmBootSeconds: 120 }));
});
after(async () => emulator.close());

const day0 = (text: string) => Buffer.from(text).toString("base64");

function vm(customData: string | undefined, osDisk: Record<string, unknown> = {}): VirtualMachine {
  return {
    location: LOCATION,
    hardwareProfile: { vmSize: "Standard_D2s_v5" },
    storageProfile: {
      imageReference: { publisher: "cisco", offer: "cisco-c8000v-byol", sku: "17_15_01a-byol", version: "latest" },
      osDisk: { createOption: "FromImage", managedDisk: { storageAccountType: "Premium_LRS" }, ...osDisk },
    },
    osProfile: { computerName: "r1", adminUsername: "azureuser", ...(customData !== undefined ? { customData } : {}) },
  };
}

const disks = async () => {
  const out: { name: string; managedBy?: string; diskState?: string }[] = [];
  for await (const d of clients.compute.disks.listByResourceGroup(RG)) out.push({ name: d.name!, ...(d.managedBy ? { managedBy: d.managedBy } : {}), ...(d.diskState ? { diskState: d.diskState } : {}) });
  return out;
};

test("a PUT that changes an existing VM's customData is refused with 409 PropertyChangeNotAllowed; the same customData, or none, is accepted", async () => {
  await clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-custom", vm(day0("hostname r1")));
  const e = await armError(clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-custom", vm(day0("hostname r1\ncrypto ikev2 proposal p2"))));
  assert.equal(e.statusCode, 409);
  assert.equal(e.code, "PropertyChangeNotAllowed");
  assert.equal(e.message, "Changing property 'customData' is not allowed.");

  const same = await clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-custom", { ...vm(day0("hostname r1")), hardwareProfile: { vmSize: "Standard_D4s_v5" } });
  assert.equal(same.provisioningState, "Succeeded");
  assert.equal(same.hardwareProfile?.vmSize, "Standard_D4s_v5", "an in-place change alongside an unchanged customData goes through");
  // A body without customData (a read-modify-write: GET never returns it) keeps the one the VM has.
  await clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-custom", vm(undefined));
  const again = await armError(clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-custom", vm(day0("hostname other"))));
  assert.equal(again.code, "PropertyChangeNotAllowed", "the stored customData was kept");
});

test("the OS disk is a resource named by Azure (or by osDisk.name), deleted with the VM only when deleteOption is Delete", async () => {
  const created = await clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-keep", vm(day0("hostname a")));
  const generated = created.storageProfile?.osDisk?.name ?? "";
  assert.match(generated, /^r-keep_OsDisk_1_[0-9a-f]{32}$/);
  assert.equal(created.storageProfile?.osDisk?.managedDisk?.id?.toLowerCase(), `${created.id!.split("/providers/")[0]}/providers/Microsoft.Compute/disks/${generated}`.toLowerCase());
  const disk = await clients.compute.disks.get(RG, generated);
  assert.equal(disk.managedBy?.toLowerCase(), created.id!.toLowerCase());

  await clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-delete", vm(day0("hostname b"), { name: "r-delete-os", deleteOption: "Delete" }));
  assert.ok((await disks()).some((d) => d.name === "r-delete-os" && d.diskState === "Attached"));
  // An update whose body does not name the disk (the plan cannot know a generated name) keeps it.
  await clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-keep", vm(undefined));

  await clients.compute.virtualMachines.beginDeleteAndWait(RG, "r-keep");
  await clients.compute.virtualMachines.beginDeleteAndWait(RG, "r-delete");
  const left = await disks();
  assert.ok(!left.some((d) => d.name === "r-delete-os"), "deleteOption Delete: the disk went with its VM");
  const kept = left.find((d) => d.name === generated);
  assert.deepEqual(kept, { name: generated, diskState: "Unattached" }, "no deleteOption (Detach): the disk stays, unattached, listed and readable");
  assert.equal((await clients.compute.disks.get(RG, generated)).name, generated);
});

test("a created (or re-created) VM is starting until its guest has booted, then running", async () => {
  const powerState = async (name: string) => (await clients.compute.virtualMachines.instanceView(RG, name)).statuses?.find((s) => s.code?.startsWith("PowerState/"))?.code;
  const body = vm(day0("hostname boot"), { deleteOption: "Delete" });
  await clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-boot", body);
  assert.equal(await powerState("r-boot"), "PowerState/starting");
  clock.advanceBy(119_000);
  assert.equal(await powerState("r-boot"), "PowerState/starting");
  clock.advanceBy(1_000);
  assert.equal(await powerState("r-boot"), "PowerState/running");

  await clients.compute.virtualMachines.beginDeleteAndWait(RG, "r-boot");
  await clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-boot", { ...body, osProfile: { ...body.osProfile, customData: day0("hostname boot v2") } });
  assert.equal(await powerState("r-boot"), "PowerState/starting", "re-created: a new guest boots again, with its new customData accepted");
  clock.advanceBy(120_000);
  assert.equal(await powerState("r-boot"), "PowerState/running");
});

test("a running VM resized in place restarts: starting from the resize until its guest has booted again; an update that keeps the size does not", async () => {
  const powerState = async (name: string) => (await clients.compute.virtualMachines.instanceView(RG, name)).statuses?.find((s) => s.code?.startsWith("PowerState/"))?.code;
  const body = vm(day0("hostname resize"), { deleteOption: "Delete" });
  await clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-resize", body);
  clock.advanceBy(120_000);
  assert.equal(await powerState("r-resize"), "PowerState/running");

  await clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-resize", { ...body, tags: { note: "same size" } });
  assert.equal(await powerState("r-resize"), "PowerState/running", "a tag change does not restart the VM");

  const resized = await clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-resize", { ...body, hardwareProfile: { vmSize: "Standard_D4s_v5" } });
  assert.equal(resized.hardwareProfile?.vmSize, "Standard_D4s_v5");
  assert.equal(await powerState("r-resize"), "PowerState/starting", "resized: the guest boots again on its new size");
  clock.advanceBy(119_000);
  assert.equal(await powerState("r-resize"), "PowerState/starting");
  clock.advanceBy(1_000);
  assert.equal(await powerState("r-resize"), "PowerState/running");
  await clients.compute.virtualMachines.beginDeleteAndWait(RG, "r-resize");
});

test("an existing VM's OS disk deleteOption can be changed by an update (PATCH): set to Delete, the disk goes with the VM", async () => {
  const created = await clients.compute.virtualMachines.beginCreateOrUpdateAndWait(RG, "r-later", vm(day0("hostname later")));
  const disk = created.storageProfile!.osDisk!.name!;
  const updated = await clients.compute.virtualMachines.update(RG, "r-later", { storageProfile: { osDisk: { createOption: "FromImage", deleteOption: "Delete" } } });
  assert.equal(updated.storageProfile?.osDisk?.deleteOption, "Delete");
  assert.equal(updated.storageProfile?.osDisk?.name, disk, "the rest of the VM is as it was");
  await clients.compute.virtualMachines.beginDeleteAndWait(RG, "r-later");
  assert.ok(!(await disks()).some((d) => d.name === disk));
});
