import { test } from "node:test";
import assert from "node:assert/strict";
import { GraphScheduler } from "../../orchestrations/graph/scheduler.js";
import type { PlannedResource, ResourceType } from "../../shared/plan/types.js";

const res = (name: string, type: ResourceType, dependsOn: string[] = []): PlannedResource =>
  ({ id: `/x/${name}`, type, name, apiVersion: "v", dependsOn: dependsOn.map((d) => `/x/${d}`), body: {} });

const plan = () => [
  res("vnet", "Microsoft.Network/virtualNetworks"),
  res("pip", "Microsoft.Network/publicIPAddresses"),
  res("gw", "Microsoft.Network/virtualNetworkGateways", ["vnet", "pip"]),
  res("lng", "Microsoft.Network/localNetworkGateways", ["pip"]),
];

test("a resource becomes ready only when every dependency has Succeeded", () => {
  const s = new GraphScheduler(plan());
  assert.deepEqual(s.takeReady().map((r) => r.name), ["vnet", "pip"]);
  assert.deepEqual(s.takeReady(), [], "nothing is handed out twice");
  s.recordApply("/x/pip", { outcome: "completed" }, 0);
  assert.deepEqual(s.takeReady().map((r) => r.name), ["lng"], "the gateway still waits for the VNet");
  s.recordApply("/x/vnet", { outcome: "unchanged" }, 0);
  assert.deepEqual(s.takeReady().map((r) => r.name), ["gw"]);
  assert.equal(s.writes(), 1, "an unchanged resource is not a write");
});

test("a long operation is first polled shortly before its typical end, then with growing intervals", () => {
  const s = new GraphScheduler([res("gw", "Microsoft.Network/virtualNetworkGateways")]);
  s.takeReady();
  s.recordApply("/x/gw", { outcome: "started" }, 0);
  const first = s.nextPollAt()!;
  assert.equal(first, 0.9 * 35 * 60 * 1000);
  assert.deepEqual(s.duePolls(first - 1), []);
  assert.equal(s.duePolls(first).length, 1);
  s.recordPoll("/x/gw", { provisioningState: "Updating" }, first);
  const second = s.nextPollAt()! - first;
  s.recordPoll("/x/gw", { provisioningState: "Updating" }, first + second);
  const third = s.nextPollAt()! - (first + second);
  assert.ok(third > second, `backoff: ${third} > ${second}`);
  s.recordPoll("/x/gw", { provisioningState: "Succeeded" }, first + second + third);
  assert.ok(s.allSucceeded());
});

test("AnotherOperationInProgress sends the resource back for a fresh PUT; a validation failure is final", () => {
  const s = new GraphScheduler([res("con", "Microsoft.Network/connections"), res("nic", "Microsoft.Network/networkInterfaces")]);
  s.takeReady();
  s.recordApply("/x/con", { outcome: "started" }, 0);
  s.recordPoll("/x/con", { provisioningState: "Failed", error: { code: "AnotherOperationInProgress", message: "busy" } }, 1000);
  assert.deepEqual(s.takeReady().map((r) => r.name), ["con"]);
  s.recordApply("/x/nic", { outcome: "failed", error: { code: "InvalidResourceReference", message: "subnet missing" } }, 0);
  assert.deepEqual(s.failures(), [{ id: "/x/nic", error: { code: "InvalidResourceReference", message: "subnet missing" } }]);
});

test("a resource past its type's deadline is reported overdue", () => {
  const s = new GraphScheduler([res("vm", "Microsoft.Compute/virtualMachines")]);
  s.takeReady();
  s.recordApply("/x/vm", { outcome: "started" }, 0);
  assert.deepEqual(s.overdue(15 * 60 * 1000), []);
  assert.deepEqual(s.overdue(15 * 60 * 1000 + 1).map((r) => r.name), ["vm"]);
});

test("teardown runs the reversed graph: a resource is deleted once its dependents are gone", async () => {
  const { reverseDependencies } = await import("../../shared/plan/reverse-graph.js");
  const s = new GraphScheduler(reverseDependencies(plan()), "Deleted");
  assert.deepEqual(s.takeReady().map((r) => r.name).sort(), ["gw", "lng"]);
  s.recordApply("/x/gw", { outcome: "started" }, 0);
  s.recordApply("/x/lng", { outcome: "unchanged", note: "not owned by this deployment" }, 0);
  assert.deepEqual(s.takeReady().map((r) => r.name), [], "pip waits for the gateway; vnet too");
  s.recordPoll("/x/gw", { provisioningState: "Deleting" }, s.nextPollAt()!);
  s.recordPoll("/x/gw", { provisioningState: "Deleted" }, s.nextPollAt()!);
  assert.deepEqual(s.takeReady().map((r) => r.name).sort(), ["pip", "vnet"]);
  assert.deepEqual(s.skipped(), [{ id: "/x/lng", note: "not owned by this deployment" }]);
});

test("busy: an operation already running is waited for, then the resource is applied again", () => {
  const s = new GraphScheduler([res("gw", "Microsoft.Network/virtualNetworkGateways")]);
  s.takeReady();
  s.recordApply("/x/gw", { outcome: "busy" }, 0);
  assert.equal(s.writes(), 0);
  s.recordPoll("/x/gw", { provisioningState: "Succeeded" }, s.nextPollAt()!);
  assert.deepEqual(s.takeReady().map((r) => r.name), ["gw"], "applied again once the other operation ended");
  s.recordApply("/x/gw", { outcome: "unchanged" }, 1);
  assert.ok(s.allSucceeded());
});

test("a failed operation with Azure's transient code is re-applied a bounded number of times, then ends with Azure's code and message", () => {
  const s = new GraphScheduler([res("con", "Microsoft.Network/connections")]);
  const error = { code: "InternalServerError", message: "An error occurred." };
  for (let attempt = 1; attempt <= 4; attempt++) {
    assert.deepEqual(s.takeReady().map((r) => r.name), ["con"], `attempt ${attempt} is handed out`);
    s.recordApply("/x/con", { outcome: "started", operation: `https://arm/op/${attempt}` }, 0);
    assert.equal(s.operationUrl("/x/con"), `https://arm/op/${attempt}`, "the poll asks the latest operation's monitor");
    s.recordPoll("/x/con", { provisioningState: "Failed", error }, s.nextPollAt()!);
  }
  assert.deepEqual(s.takeReady(), []);
  assert.deepEqual(s.failures(), [{ id: "/x/con", error }]);
  assert.equal(s.writes(), 4, "the first PUT and three re-applies");
});

test("a failed operation with no error to read ends as ProvisioningFailed, never re-applied", () => {
  const s = new GraphScheduler([res("con", "Microsoft.Network/connections")]);
  s.takeReady();
  s.recordApply("/x/con", { outcome: "started" }, 0);
  assert.equal(s.operationUrl("/x/con"), undefined);
  s.recordPoll("/x/con", { provisioningState: "Failed" }, s.nextPollAt()!);
  assert.deepEqual(s.failures(), [{ id: "/x/con", error: { code: "ProvisioningFailed", message: "con ended Failed" } }]);
});
