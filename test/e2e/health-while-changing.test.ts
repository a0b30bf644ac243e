// A deployment being changed or rotated is reported `changing` by the health
// check, the fleet's pass and GET /api/deployments/{name}/health; it is not
// checked for drift nor remediated, and Event Grid events for its resources
// are dropped with that reason — until the change ends, when the next check
// judges it again (and a real problem is remediated as ever). The change is
// stood for by its lock (a starter took it a moment ago: live for the start
// grace) or by a status left by one that stopped half-way.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import functions from "@azure/functions";
import { BOWTIE_PRINCIPAL } from "../../emulator/identity.js";
import type { LocalStack } from "../../emulator/local-stack.js";
import { onResourceEvent } from "../../functions/events/on-resource-event.js";
import { getHealth } from "../../functions/http/get-health.js";
import { runHealthChecks } from "../../functions/timer/health-timer.js";
import type { FleetResult } from "../../orchestrations/health/check-fleet-health.js";
import { expectChecked, type CheckHealthResult } from "../../orchestrations/health/check-health.js";
import { instanceId, ORCHESTRATION, type OperationKind } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { deployedStack } from "../helpers/deployed-stack.js";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
const context = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
const self = { oids: [BOWTIE_PRINCIPAL.oid], appids: [BOWTIE_PRINCIPAL.appid!] };

/** A change's starter took the lock a moment ago (live for the start grace, as in the fleet test). */
async function holdLock(stack: LocalStack, kind: OperationKind): Promise<string> {
  const id = instanceId.operation(kind, spec.name);
  await stack.registry.update(spec.name, { status: kind === "rotate" ? "Rotating" : "Changing", lease: { kind, instanceId: id, token: "starting", since: new Date(stack.clock.now()).toISOString() } });
  return id;
}

const checkByName = async (stack: LocalStack): Promise<CheckHealthResult> =>
  (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { deployment: spec.name } }))).output as CheckHealthResult;
const checkBySpec = async (stack: LocalStack): Promise<CheckHealthResult> =>
  (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { spec, remediate: true } }))).output as CheckHealthResult;
const httpHealth = async (stack: LocalStack) =>
  (await getHealth(new functions.HttpRequest({ method: "GET", url: `http://localhost/api/deployments/${spec.name}/health`, params: { name: spec.name } }), stack.health, { registry: stack.registry, client: stack.client, now: () => new Date(stack.clock.now()) })).jsonBody as { status: string; reason?: string; findings: unknown[] };
const events = (stack: LocalStack, from: number) => onResourceEvent(stack.emulator.events.log.slice(from), stack.client, context, { registry: stack.registry, self, subscriptions: [stack.emulator.subscriptionId] });

test("a change holding the lock: check, fleet pass and GET health say changing; a deleted connection is neither judged nor remediated, its event dropped with that reason; after the change it is", async () => {
  const stack = await deployedStack(spec);
  try {
    assert.equal(expectChecked(await checkByName(stack)).report.status, "healthy");
    const reportBefore = await stack.health.latest(spec.name);
    const changeId = await holdLock(stack, "change");

    // Something breaks mid-change (here: out of band; in a real change, on purpose).
    const conId = `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/connections/con-c8k-20`;
    const from = stack.emulator.events.log.length;
    stack.emulator.outOfBand.delete(conId);

    const outcomes = await events(stack, from);
    assert.ok(outcomes.length > 0);
    for (const o of outcomes) assert.equal(o, `not remediating ${spec.name}: it is being changed: a change is running (instance ${changeId})`);

    for (const check of [await checkByName(stack), await checkBySpec(stack)]) {
      assert.equal(check.outcome, "changing", JSON.stringify(check));
      assert.equal((check as { reason: string }).reason, `a change is running (instance ${changeId})`);
      assert.deepEqual(check.requests, { reads: 0, writes: 0 }, "nothing of Azure is read");
    }
    assert.deepEqual(await stack.health.latest(spec.name), reportBefore, "no report is recorded over the last one");

    const tick = await runHealthChecks(stack.client, context);
    assert.equal(tick.started, true);
    const pass = (await stack.host.waitForCompletion(instanceId.healthFleet)).output as FleetResult;
    assert.deepEqual([pass.deployments, pass.checked, pass.changing, pass.changingNames, pass.remediationsStarted], [1, 0, 1, [spec.name], 0]);

    const during = await httpHealth(stack);
    assert.deepEqual([during.status, during.reason, during.findings], ["changing", `a change is running (instance ${changeId})`, []]);
    assert.equal(stack.host.status(instanceId.remediate(spec.name)), null, "no remediation ever started while it changed");

    // The change ends (its ending releases the lock and records its status): judged and remediated again.
    await stack.registry.update(spec.name, { status: "Succeeded", lease: undefined });
    const after = expectChecked(await checkBySpec(stack));
    assert.ok(after.report.findings.some((f) => f.kind === "missing" && f.resource.toLowerCase() === conId.toLowerCase()));
    assert.equal(after.remediation, "started");
    assert.equal(((await stack.host.waitForCompletion(instanceId.remediate(spec.name))).output as { status: string }).status, "Succeeded");
    assert.notEqual((await httpHealth(stack)).status, "changing");
  } finally {
    await stack.close();
  }
});

test("a rotation that stopped half-way (status Rotating, its lock gone) is still changing: no remediation starts from an event until it is finished", async () => {
  const stack = await deployedStack(spec);
  try {
    await stack.registry.update(spec.name, { status: "Rotating", lease: undefined, lastOperation: "rotate" });
    const lngId = `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/localNetworkGateways/lng-c8k-10`;
    const from = stack.emulator.events.log.length;
    stack.emulator.outOfBand.edit(lngId, {});
    const outcomes = await events(stack, from);
    assert.ok(outcomes.length > 0);
    for (const o of outcomes) assert.equal(o, `not remediating ${spec.name}: it is being changed: its status is Rotating: a change began and has not ended`);
    const check = await checkByName(stack);
    assert.deepEqual([check.outcome, (check as { reason: string }).reason], ["changing", "its status is Rotating: a change began and has not ended"]);
    assert.equal((await httpHealth(stack)).status, "changing");
    assert.equal(stack.host.status(instanceId.remediate(spec.name)), null);
  } finally {
    await stack.close();
  }
});

test("a deploy or remediation holding the lock is not a change: the check skips it as before, and GET health serves the last report", async () => {
  const stack = await deployedStack(spec);
  try {
    expectChecked(await checkByName(stack));
    await holdLock(stack, "remediate");
    await stack.registry.update(spec.name, { status: "Remediating" });
    const check = await checkByName(stack);
    assert.deepEqual([check.outcome, (check as { reason: string }).reason], ["skipped", `remediate ${instanceId.remediate(spec.name)} is running`]);
    assert.equal((await httpHealth(stack)).status, "healthy");
  } finally {
    await stack.close();
  }
});
