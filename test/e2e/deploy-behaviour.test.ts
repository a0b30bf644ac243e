// How a deploy behaves beyond the happy path, end to end on the emulator.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startLocalStack } from "../../emulator/local-stack.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";
import type { TopologySpec } from "../../shared/spec/schema.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const specOf = (json: unknown): TopologySpec => {
  const r = validateSpec(json);
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  return r.spec;
};

async function deploy(stackSpec: TopologySpec, prepare?: (s: Awaited<ReturnType<typeof startLocalStack>>) => void) {
  const stack = await startLocalStack();
  await stack.seedSecrets(stackSpec);
  prepare?.(stack);
  const run = async () => (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { input: { spec: stackSpec } }))).output as any;
  return { stack, run };
}

test("a 3-NVA topology with every APIPA address allocated deploys: 6 gateway and 6 Route Server sessions Connected", async () => {
  const spec = structuredClone(seed);
  spec.nvas = [0, 1, 2].map((i) => ({ name: `nva-${i}`, asn: 65002, outsideIp: `10.10.0.${10 + i}`, insideIp: `10.10.1.${10 + i}` }));
  const { stack, run } = await deploy(specOf(spec));
  try {
    const out = await run();
    assert.equal(out.status, "Succeeded", JSON.stringify(out.problems));
    assert.equal(out.sessions.gateway.filter((s: any) => s.state === "Connected").length, 6);
    assert.equal(out.sessions.routeServer.filter((s: any) => s.state === "Connected").length, 6);
  } finally {
    await stack.close();
  }
});

test("transient ARM failures (503s, 409 conflicts) are retried by the host and the deploy still succeeds", async () => {
  const spec = specOf(seed);
  const { stack, run } = await deploy(spec, (s) => {
    s.emulator.faults.inject({ method: "PUT", type: "Microsoft.Network/connections" }, { kind: "serverError", status: 503 }, 3);
    s.emulator.faults.inject({ method: "PUT", type: "Microsoft.Network/localNetworkGateways" }, { kind: "conflict" }, 2);
  });
  try {
    const out = await run();
    assert.equal(out.status, "Succeeded", JSON.stringify(out.failures));
  } finally {
    await stack.close();
  }
});

test("a permanent failure stops the deploy with Azure's code; running it again converges with no duplicate or orphan", async () => {
  const spec = specOf(seed);
  const { stack, run } = await deploy(spec, (s) =>
    s.emulator.faults.inject({ method: "PUT", type: "Microsoft.Network/localNetworkGateways", name: "lng-c8k-20" }, { kind: "serverError", status: 400 }, 1),
  );
  try {
    const first = await run();
    assert.equal(first.status, "Failed");
    assert.deepEqual(first.failures.map((f: any) => f.id.split("/").pop()), ["lng-c8k-20"]);
    assert.equal(first.failures[0].error.code, "InternalServerError");
    assert.equal((await stack.registry.get(spec.name))?.status, "Failed");

    const second = await run();
    assert.equal(second.status, "Succeeded");
    assert.ok(second.writes < planFromSpec(spec).resources.length, "the second run only writes what the first did not finish");
    const planned = planFromSpec(spec).resources.map((r) => r.id.replace("{{subscriptionId}}", stack.emulator.subscriptionId).toLowerCase()).sort();
    const stored = [...(await listStored(stack))].sort();
    assert.deepEqual(stored, planned, "exactly the planned resources exist");
  } finally {
    await stack.close();
  }
});

/** What the deploy wrote: every stored resource but the OS disks Azure makes with each VM (deleted with it). */
async function listStored(stack: Awaited<ReturnType<typeof startLocalStack>>): Promise<string[]> {
  stack.emulator.settle();
  return stack.emulator.storeIds().filter((id) => !id.includes("/providers/microsoft.compute/disks/"));
}

test("marketplace terms not accepted: the deploy stops at the VMs and says how to accept them", async () => {
  const spec = specOf(seed);
  const { stack, run } = await deploy(spec, (s) => s.emulator.declineMarketplaceTerms({ publisher: "cisco", product: "cisco-c8000v-byol", name: "17_15_01a-byol" }));
  try {
    const out = await run();
    assert.equal(out.status, "Failed");
    const vm = out.failures.find((f: any) => f.id.includes("/virtualMachines/"));
    assert.equal(vm.error.code, "ResourcePurchaseValidationFailed");
    assert.match(vm.error.message, /az vm image terms accept --publisher cisco --offer cisco-c8000v-byol --plan 17_15_01a-byol/);
  } finally {
    await stack.close();
  }
});

test("a process restart mid-deploy: a new run over the same Azure state converges to exactly the plan", async () => {
  const { mkdtempSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const { join } = await import("node:path");
  const stateDir = mkdtempSync(join(tmpdir(), "bowtie-restart-"));
  const spec = specOf(seed);
  const first = await startLocalStack({ stateDir });
  await first.seedSecrets(spec);
  first.host.start(ORCHESTRATION.deployTopology, { input: { spec } });
  await first.host.runUntilIdle({ until: first.clock.now() + 12 * 60_000 }); // the gateway and Route Server are mid-provisioning
  const midway = first.emulator.storeIds().length;
  await first.close(); // the process dies; Azure (the emulator's state folder) keeps what was created

  const second = await startLocalStack({ stateDir });
  try {
    await second.seedSecrets(spec);
    const out = (await second.host.waitForCompletion(second.host.start(ORCHESTRATION.deployTopology, { input: { spec } }))).output as any;
    assert.ok(midway > 0 && midway < planFromSpec(spec).resources.length, `some but not all resources existed at the restart (${midway})`);
    assert.equal(out.status, "Succeeded", JSON.stringify(out.failures));
    const planned = planFromSpec(spec).resources.map((r) => r.id.replace("{{subscriptionId}}", second.emulator.subscriptionId).toLowerCase()).sort();
    assert.deepEqual((await listStored(second)).sort(), planned);
  } finally {
    await second.close();
  }
});
