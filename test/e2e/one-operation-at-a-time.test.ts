// One operation per deployment at a time, end to end on the emulator with the
// durable driver: deploy, remediation (Event Grid and health-check paths) and
// teardown refuse each other in every order with 409 naming the running one,
// and nothing is left half-done; two POSTs at the same instant get one 202
// and one 409; names shaped like internal instance ids collide with nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import functions, { type HttpResponseInit } from "@azure/functions";
import { startRemediation } from "../../activities/start-remediation.js";
import { BOWTIE_PRINCIPAL } from "../../emulator/identity.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { onResourceEvent } from "../../functions/events/on-resource-event.js";
import { startDeployment } from "../../functions/http/start-deployment.js";
import { teardownDeployment } from "../../functions/http/teardown-deployment.js";
import { runHealthChecks } from "../../functions/timer/health-timer.js";
import type { FleetResult } from "../../orchestrations/health/check-fleet-health.js";
import { expectChecked } from "../../orchestrations/health/check-health.js";
import { instanceId } from "../../shared/names.js";
import { OWNERSHIP_TAG } from "../../shared/plan/types.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { validateSpec } from "../../shared/spec/validate.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const r = validateSpec(seed);
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
const planned = planFromSpec(spec).resources.length;
const context = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
const self = { oids: [BOWTIE_PRINCIPAL.oid], appids: [BOWTIE_PRINCIPAL.appid!] };
const request = (method: string, url: string, body?: unknown, params: Record<string, string> = {}) =>
  new functions.HttpRequest({ method, url, body: body === undefined ? undefined : { string: JSON.stringify(body) }, params });

const post = (stack: LocalStack) => startDeployment(request("POST", "http://localhost/api/deployments", seed), stack.client, context, stack.registry);
const del = (stack: LocalStack) =>
  teardownDeployment(request("DELETE", `http://localhost/api/deployments/${spec.name}`, undefined, { name: spec.name }), stack.client, context, stack.registry);
const conflictOf = (res: HttpResponseInit) => [res.status, (res.jsonBody as { operation?: string }).operation, (res.jsonBody as { instanceId?: string }).instanceId];
const rgPrefix = (stack: LocalStack) => `/subscriptions/${stack.emulator.subscriptionId}/resourcegroups/${spec.resourceGroup}/`.toLowerCase();
// Bowtie's resources: the OS disks Azure makes with each VM are not among them.
const owned = (stack: LocalStack) => stack.emulator.storeIds().filter((id) => id.startsWith(rgPrefix(stack)) && !id.includes("/microsoft.compute/disks/")).length;
const runFor = (stack: LocalStack, ms: number) => stack.host.runUntilIdle({ until: stack.clock.now() + ms });

async function freshStack(): Promise<LocalStack> {
  const stack = await startLocalStack();
  await stack.seedSecrets(spec);
  return stack;
}

test("two POSTs at the same instant: one 202, one 409 naming the deploy that runs (never a 500)", async () => {
  const stack = await freshStack();
  try {
    const answers = await Promise.all([post(stack), post(stack)]);
    assert.deepEqual(answers.map((a) => a.status).sort(), [202, 409]);
    const refused = answers.find((a) => a.status === 409)!;
    assert.deepEqual(conflictOf(refused), [409, "deploy", instanceId.deploy(spec.name)]);
    assert.match((refused.jsonBody as { error: { message: string } }).error.message, /a deploy \(instance deploy:vpn-bgp-apipa-lab\) is running/);
    const done = await stack.host.waitForCompletion(instanceId.deploy(spec.name));
    assert.equal((done.output as { status: string }).status, "Succeeded");
    const record = await stack.registry.get(spec.name);
    assert.equal(record?.status, "Succeeded");
    assert.equal(record?.lease, undefined, "the deploy released the lock at its end");
  } finally {
    await stack.close();
  }
});

test("deploy running: DELETE is 409 naming it, no remediation starts (health-check or event path), and the deploy completes whole", async () => {
  const stack = await freshStack();
  try {
    assert.equal((await post(stack)).status, 202);
    await runFor(stack, 5 * 60_000);
    assert.equal(stack.host.status(instanceId.deploy(spec.name))?.runtimeStatus, "Running");
    assert.deepEqual(conflictOf(await del(stack)), [409, "deploy", instanceId.deploy(spec.name)]);
    const remediation = await startRemediation({ spec });
    assert.deepEqual(remediation, { started: false, reason: `a deploy (instance ${instanceId.deploy(spec.name)}) is already running` });
    await stack.host.waitForCompletion(instanceId.deploy(spec.name));
    assert.equal(stack.host.status(instanceId.teardown(spec.name)), null, "no teardown ever started");
    assert.equal(stack.host.status(instanceId.remediate(spec.name)), null, "no remediation ever started");
    stack.emulator.settle();
    assert.equal(owned(stack), planned);
  } finally {
    await stack.close();
  }
});

test("remediation running: DELETE and POST are 409 naming it; the remediation ends with everything in place", async () => {
  const stack = await freshStack();
  try {
    assert.equal((await post(stack)).status, 202);
    await stack.host.waitForCompletion(instanceId.deploy(spec.name));
    const before = stack.emulator.events.log.length;
    stack.emulator.outOfBand.delete(`/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/connections/con-c8k-20`);
    const outcomes = await onResourceEvent(stack.emulator.events.log.slice(before), stack.client, context, { registry: stack.registry, self, subscriptions: [stack.emulator.subscriptionId] });
    assert.ok(outcomes.some((o) => o.startsWith("remediating")), outcomes.join("\n"));
    assert.equal(stack.host.status(instanceId.remediate(spec.name))?.runtimeStatus, "Pending");

    const remediating = instanceId.remediate(spec.name);
    assert.deepEqual(conflictOf(await del(stack)), [409, "remediate", remediating]);
    assert.deepEqual(conflictOf(await post(stack)), [409, "remediate", remediating]);
    const done = (await stack.host.waitForCompletion(remediating)).output as { status: string; writes: number };
    assert.deepEqual([done.status, done.writes], ["Succeeded", 1]);
    assert.equal(stack.host.status(instanceId.teardown(spec.name)), null, "the teardown never started: nothing half-deleted");
    stack.emulator.settle();
    assert.equal(owned(stack), planned);
    assert.equal((await stack.registry.get(spec.name))?.status, "Succeeded");
  } finally {
    await stack.close();
  }
});

test("teardown running: POST is 409 naming it, no remediation starts under it (event or health path), none after it, nothing re-created", async () => {
  const stack = await freshStack();
  try {
    assert.equal((await post(stack)).status, 202);
    await stack.host.waitForCompletion(instanceId.deploy(spec.name));
    assert.equal((await del(stack)).status, 202);
    await runFor(stack, 2 * 60_000);
    const tearing = instanceId.teardown(spec.name);
    assert.equal(stack.host.status(tearing)?.runtimeStatus, "Running");
    assert.deepEqual(conflictOf(await post(stack)), [409, "teardown", tearing]);
    assert.deepEqual(await startRemediation({ spec }), { started: false, reason: `a teardown (instance ${tearing}) is already running` });
    // Someone deletes a resource the teardown has not reached yet: the event finds the teardown running.
    const before = stack.emulator.events.log.length;
    stack.emulator.outOfBand.delete(`/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/virtualNetworks/client-Vnet`);
    const outcomes = await onResourceEvent(stack.emulator.events.log.slice(before), stack.client, context, { registry: stack.registry, self, subscriptions: [stack.emulator.subscriptionId] });
    assert.ok(!outcomes.some((o) => o.startsWith("remediating")), outcomes.join("\n"));

    const out = (await stack.host.waitForCompletion(tearing)).output as { status: string };
    assert.equal(out.status, "Succeeded");
    assert.equal(stack.host.status(instanceId.remediate(spec.name)), null, "no remediation ever ran");
    stack.emulator.settle();
    assert.equal(owned(stack), 0, "nothing was re-created");
    assert.equal((await stack.registry.get(spec.name))?.status, "TornDown");
    assert.match((await startRemediation({ spec })).started ? "" : "refused", /refused/, "nor after it: a torn-down deployment is not rebuilt");
  } finally {
    await stack.close();
  }
});

test("deployments named like internal instance ids (fleet, health-fleet, ...) collide with nothing: one health pass checks them all", async () => {
  const stack = await freshStack();
  try {
    assert.equal((await post(stack)).status, 202);
    await stack.host.waitForCompletion(instanceId.deploy(spec.name));
    const template = (await stack.registry.get(spec.name))!;
    const names = ["fleet", "health-fleet", "fleet-health", "deploy-fleet", "remediate-fleet", "teardown-fleet", "health-vpn-bgp-apipa-lab"];
    for (const name of names) {
      const rg = `${spec.resourceGroup}-${name}`;
      stack.emulator.cloneResourceGroup(spec.resourceGroup, rg, { key: OWNERSHIP_TAG, from: spec.name, to: name });
      await stack.registry.put({ ...template, name, resourceGroup: rg, spec: { ...structuredClone(spec), name, resourceGroup: rg } });
    }
    for (let tick = 0; tick < 2; tick++) {
      assert.deepEqual(await runHealthChecks(stack.client, context), { instanceId: instanceId.healthFleet, started: true });
      const pass = await stack.host.waitForCompletion(instanceId.healthFleet);
      assert.equal(pass.runtimeStatus, "Completed", JSON.stringify(pass.output));
      const result = pass.output as FleetResult;
      assert.deepEqual([result.deployments, result.checked, result.failedCount], [names.length + 1, names.length + 1, 0], JSON.stringify(result.failed));
    }
    for (const name of names) assert.equal(expectChecked(stack.host.status(instanceId.health(name))!.output as never).report.status, "healthy", name);
  } finally {
    await stack.close();
  }
});
