// A long-running operation that ends Failed, end to end on the durable driver
// and the emulator: Azure's code and message (from the operation's status
// monitor, or a VM's instance view) reach the deploy result and the registry;
// Azure's transient codes are re-applied a bounded number of times.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { readProvisioningState } from "../../activities/read-provisioning-state.js";
import { ORCHESTRATION } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { validateSpec } from "../../shared/spec/validate.js";
import type { TopologySpec } from "../../shared/spec/schema.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const spec = ((): TopologySpec => {
  const r = validateSpec(seed);
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  return r.spec;
})();
const CONNECTION = "Microsoft.Network/connections";
const QUOTA = { code: "OperationNotAllowed", message: "Operation results in exceeding quota limits of Connections. Maximum allowed: 1, Current in use: 1." };

async function deployWith(prepare: (stack: LocalStack) => void) {
  const stack = await startLocalStack();
  await stack.seedSecrets(spec);
  prepare(stack);
  const status = await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { input: { spec } }));
  assert.equal(status.runtimeStatus, "Completed", String(status.output));
  return { stack, out: status.output as any };
}

const puts = (stack: LocalStack, type: string) => stack.emulator.counters.get(`PUT ${type}`) ?? 0;

test("a failed operation keeps Azure's code and message, in the deploy result and the registry's reason", async () => {
  const { stack, out } = await deployWith((s) => s.emulator.faults.inject({ method: "PUT", type: CONNECTION, name: "con-c8k-10" }, { kind: "failProvisioning", ...QUOTA }));
  try {
    assert.equal(out.status, "Failed");
    assert.deepEqual(
      out.failures.map((f: any) => [f.id.split("/").pop(), f.error]),
      [["con-c8k-10", QUOTA]],
    );
    const row = await stack.registry.get(spec.name);
    assert.equal(row?.status, "Failed");
    assert.match(row?.reason ?? "", /con-c8k-10: OperationNotAllowed: Operation results in exceeding quota limits of Connections/);
    assert.equal(puts(stack, CONNECTION), spec.nvas.length, "a quota failure is not re-applied");
  } finally {
    await stack.close();
  }
});

test("an InternalServerError failure is re-applied and the deploy converges", async () => {
  const { stack, out } = await deployWith((s) =>
    s.emulator.faults.inject({ method: "PUT", type: CONNECTION, name: "con-c8k-10" }, { kind: "failProvisioning", code: "InternalServerError", message: "An error occurred." }, 2),
  );
  try {
    assert.equal(out.status, "Succeeded", JSON.stringify(out.failures));
    assert.equal(puts(stack, CONNECTION), spec.nvas.length + 2, "two failed operations, two fresh PUTs");
    assert.equal((await stack.registry.get(spec.name))?.status, "Succeeded");
  } finally {
    await stack.close();
  }
});

test("re-applying is bounded: a resource that keeps failing with InternalServerError ends the deploy with Azure's code", async () => {
  const { stack, out } = await deployWith((s) =>
    s.emulator.faults.inject({ method: "PUT", type: CONNECTION, name: "con-c8k-10" }, { kind: "failProvisioning", code: "InternalServerError", message: "An error occurred." }, 10),
  );
  try {
    assert.equal(out.status, "Failed");
    assert.deepEqual(out.failures.map((f: any) => f.error), [{ code: "InternalServerError", message: "An error occurred." }]);
    assert.equal(puts(stack, CONNECTION), spec.nvas.length + 3, "three re-applies, then it stops");
  } finally {
    await stack.close();
  }
});

test("a failed VM: the operation's monitor names Azure's error, and without it the VM's instance view does", async () => {
  const vmError = { code: "OSProvisioningTimedOut", message: "OS Provisioning for VM 'c8k-10' did not finish in the allotted time." };
  const { stack, out } = await deployWith((s) =>
    s.emulator.faults.inject({ method: "PUT", type: "Microsoft.Compute/virtualMachines", name: "c8k-10" }, { kind: "failProvisioning", ...vmError }),
  );
  try {
    assert.equal(out.status, "Failed");
    assert.deepEqual(out.failures.map((f: any) => [f.id.split("/").pop(), f.error]), [["c8k-10", vmError]]);
    // An operation this run did not start (someone else's, or one from before a restart) has no monitor URL to ask.
    const vm = planFromSpec(spec).resources.find((r) => r.type === "Microsoft.Compute/virtualMachines" && r.name === "c8k-10")!;
    assert.deepEqual(await readProvisioningState({ id: vm.id, type: vm.type, apiVersion: vm.apiVersion }), { provisioningState: "Failed", error: vmError });
  } finally {
    await stack.close();
  }
});
