// Every way an operation ends is recorded and frees the deployment, end to
// end on the emulator with the durable driver: a deploy that throws past its
// retries leaves the registry at Failed with its reason, and the next health
// pass checks (and heals) it; a terminated one is treated as finished. The
// circuit breaker counts only remediations that acted and did not help, and
// a healthy check closes it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import functions from "@azure/functions";
import { BOWTIE_PRINCIPAL } from "../../emulator/identity.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { onResourceEvent } from "../../functions/events/on-resource-event.js";
import { startDeployment } from "../../functions/http/start-deployment.js";
import { runHealthChecks } from "../../functions/timer/health-timer.js";
import type { FleetResult } from "../../orchestrations/health/check-fleet-health.js";
import { expectChecked } from "../../orchestrations/health/check-health.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const r = validateSpec(seed);
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
const context = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
const self = { oids: [BOWTIE_PRINCIPAL.oid], appids: [BOWTIE_PRINCIPAL.appid!] };
const post = (stack: LocalStack) =>
  startDeployment(new functions.HttpRequest({ method: "POST", url: "http://localhost/api/deployments", body: { string: JSON.stringify(seed) } }), stack.client, context, stack.registry);
const armId = (stack: LocalStack, path: string) => `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/${path}`;

async function freshStack(options: Parameters<typeof startLocalStack>[0] = {}): Promise<LocalStack> {
  const stack = await startLocalStack(options);
  await stack.seedSecrets(spec);
  return stack;
}

async function deployedStack(options: Parameters<typeof startLocalStack>[0] = {}): Promise<LocalStack> {
  const stack = await freshStack(options);
  assert.equal((await post(stack)).status, 202);
  assert.equal(((await stack.host.waitForCompletion(instanceId.deploy(spec.name))).output as { status: string }).status, "Succeeded");
  return stack;
}

/** An out-of-band change, delivered to the Event Grid handler; the remediation it starts, run to its end. */
async function remediateAfter(stack: LocalStack, change: () => void): Promise<{ outcomes: string[]; result: { status: string; writes: number } | null }> {
  const before = stack.emulator.events.log.length;
  change();
  const outcomes = await onResourceEvent(stack.emulator.events.log.slice(before), stack.client, context, { registry: stack.registry, self, subscriptions: [stack.emulator.subscriptionId] });
  if (!outcomes.some((o) => o.startsWith("remediating"))) return { outcomes, result: null };
  return { outcomes, result: (await stack.host.waitForCompletion(instanceId.remediate(spec.name))).output as { status: string; writes: number } };
}

test("a deploy that throws past its retries leaves Failed with its reason and a free lock; the next health pass checks and heals it", async () => {
  const stack = await freshStack();
  try {
    // Every connection PUT answers 409 (transient): the apply activity throws until the host's retries run out.
    stack.emulator.faults.inject({ method: "PUT", type: "Microsoft.Network/connections" }, { kind: "conflict" }, 10_000);
    assert.equal((await post(stack)).status, 202);
    const deploy = await stack.host.waitForCompletion(instanceId.deploy(spec.name));
    assert.equal(deploy.runtimeStatus, "Failed", "the orchestration itself threw");
    const record = await stack.registry.get(spec.name);
    assert.equal(record?.status, "Failed");
    assert.match(record?.reason ?? "", /applyResource|conflict|AnotherOperationInProgress/i);
    assert.equal(record?.lease, undefined, "the lock was released");

    stack.emulator.faults.clear();
    assert.deepEqual(await runHealthChecks(stack.client, context), { instanceId: instanceId.healthFleet, started: true });
    const pass = (await stack.host.waitForCompletion(instanceId.healthFleet)).output as FleetResult;
    assert.deepEqual([pass.deployments, pass.checked, pass.skipped], [1, 1, 0], "the failed deployment is checked");
    const check = expectChecked(stack.host.status(instanceId.health(spec.name))!.output as never);
    assert.notEqual(check.report.status, "healthy");
    assert.equal(check.remediation, "started");
    const healed = (await stack.host.waitForCompletion(instanceId.remediate(spec.name))).output as { status: string; writes: number };
    assert.equal(healed.status, "Succeeded");
    assert.ok(healed.writes >= 2, "the connections were written");
    assert.equal((await stack.registry.get(spec.name))?.status, "Succeeded");
  } finally {
    await stack.close();
  }
});

test("a terminated deploy holds a lock no one keeps: the health check treats it as finished and its remediation takes the lock", async () => {
  const stack = await freshStack();
  try {
    assert.equal((await post(stack)).status, 202);
    await stack.host.runUntilIdle({ until: stack.clock.now() + 5 * 60_000 });
    stack.host.terminate(instanceId.deploy(spec.name), "an operator stopped it");
    const stale = await stack.registry.get(spec.name);
    assert.deepEqual([stale?.status, stale?.lease?.instanceId], ["Deploying", instanceId.deploy(spec.name)], "nothing ran to record its end");

    const check = expectChecked((await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { deployment: spec.name } }))).output as never);
    assert.notEqual(check.report.status, "healthy");
    assert.equal(check.remediation, "started", "the terminated deploy's lock was reclaimed");
    const healed = (await stack.host.waitForCompletion(instanceId.remediate(spec.name))).output as { status: string };
    assert.equal(healed.status, "Succeeded");
    assert.equal((await post(stack)).status, 202, "and a deploy may start again");
    await stack.host.waitForCompletion(instanceId.deploy(spec.name));
  } finally {
    await stack.close();
  }
});

test("four harmless writes by someone else start four no-op remediations and do not open the breaker; a real delete afterwards is repaired", async () => {
  const stack = await deployedStack();
  try {
    const lng = armId(stack, "Microsoft.Network/localNetworkGateways/lng-c8k-10");
    for (let i = 0; i < 4; i++) {
      const { outcomes, result } = await remediateAfter(stack, () => stack.emulator.outOfBand.edit(lng, {}));
      assert.deepEqual([result?.status, result?.writes], ["Succeeded", 0], `no-op remediation ${i + 1}: ${outcomes.join("\n")}`);
    }
    const record = await stack.registry.get(spec.name);
    assert.equal(record?.status, "Succeeded");
    assert.deepEqual(record?.remediations, [], "no strikes");

    const { outcomes, result } = await remediateAfter(stack, () => stack.emulator.outOfBand.delete(armId(stack, "Microsoft.Network/connections/con-c8k-20")));
    assert.deepEqual([result?.status, result?.writes], ["Succeeded", 1], outcomes.join("\n"));
  } finally {
    await stack.close();
  }
});

test("an open breaker is closed by a healthy check (the fault passed): NeedsAttention cleared, remediation resumes", async () => {
  const stack = await deployedStack({ maxRemediationsPerHour: 1 });
  try {
    // The state a tripped breaker leaves (test/e2e/health-and-remediation.test.ts trips it for real), on a deployment healthy again.
    const at = new Date(stack.clock.now()).toISOString();
    await stack.registry.update(spec.name, { status: "NeedsAttention", reason: "1 remediations in the last hour ...", remediations: [at] });
    const con = armId(stack, "Microsoft.Network/connections/con-c8k-10");
    const refused = await remediateAfter(stack, () => stack.emulator.outOfBand.edit(con, {}));
    assert.match(refused.outcomes.join(" "), /needs attention/, "while open, nothing is remediated");

    const check = expectChecked((await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { deployment: spec.name } }))).output as never);
    assert.equal(check.report.status, "healthy");
    const closed = await stack.registry.get(spec.name);
    assert.deepEqual([closed?.status, closed?.reason, closed?.remediations], ["Succeeded", null, []]);
    const { result } = await remediateAfter(stack, () => stack.emulator.outOfBand.delete(con));
    assert.deepEqual([result?.status, result?.writes], ["Succeeded", 1], "remediation works again");
  } finally {
    await stack.close();
  }
});
