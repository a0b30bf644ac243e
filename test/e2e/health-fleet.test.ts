// The timer's health pass over a fleet, with ARM's token buckets on: every
// registered deployment is checked once, a deployment mid-deploy is skipped,
// a broken one is found and remediated, batches are paced to the fleet's
// share of the subscription's token buckets, nothing is throttled and nothing fails.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import functions from "@azure/functions";
import { buildFleet } from "../../emulator/fleet.js";
import { startLocalStack } from "../../emulator/local-stack.js";
import { runHealthChecks } from "../../functions/timer/health-timer.js";
import type { FleetResult } from "../../orchestrations/health/check-fleet-health.js";
import { expectChecked } from "../../orchestrations/health/check-health.js";
import { DEFAULT_FLEET_PACING } from "../../shared/health/fleet-pacing.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const seed = r.spec;

test("a paced fleet pass: 13 registered, 1 skipped, 1 remediated without holding its batch, 0 failed, 0 throttled", async () => {
  const lines: Array<Record<string, any>> = [];
  const keep = (message: string) => message.startsWith('{"bowtie":') && lines.push(JSON.parse(message));
  const stack = await startLocalStack({ logSink: (e) => keep(e.message) });
  const timerContext = new functions.InvocationContext({ functionName: "healthCheck", logHandler: (_level, ...args) => keep(String(args[0])) });
  try {
    const fleet = await buildFleet(stack, seed, 13);
    const broken = fleet[7]!;
    const connectionId = stack.emulator.storeIds().find((id) => id.startsWith(`/subscriptions/${stack.emulator.subscriptionId}/resourcegroups/${broken.resourceGroup}/providers/microsoft.network/connections/`.toLowerCase()));
    assert.ok(connectionId, `the clone ${broken.resourceGroup} has its connections`);
    stack.emulator.outOfBand.delete(connectionId);
    // A deploy of fleet[3] holds its operation lock: its starter took it a moment ago and is starting it.
    const busy = fleet[3]!.name;
    await stack.registry.update(busy, { status: "Deploying", lease: { kind: "deploy", instanceId: instanceId.deploy(busy), token: "starting", since: new Date(stack.clock.now()).toISOString() } });
    stack.emulator.faults.enableTokenBuckets();

    const tick = await runHealthChecks(stack.client, timerContext);
    assert.deepEqual(tick, { instanceId: instanceId.healthFleet, started: true });
    assert.deepEqual(await runHealthChecks(stack.client, timerContext), { instanceId: instanceId.healthFleet, started: false }, "a second tick while the pass runs starts nothing");

    const done = await stack.host.waitForCompletion(instanceId.healthFleet);
    assert.equal(done.runtimeStatus, "Completed", JSON.stringify(done.output));
    const result = done.output as FleetResult;
    assert.equal(result.deployments, 12, "the one being deployed is not even listed");
    assert.equal(result.checked, 12);
    assert.equal(result.failedCount, 0, JSON.stringify(result.failed));
    assert.equal(result.byStatus.healthy, 11);
    assert.equal(result.remediationsStarted, 1);
    assert.equal(stack.emulator.faults.throttled, 0, "pacing keeps the fleet inside the token buckets");
    // Just registered, all twelve are within Resource Graph's lag: tier 1 vouches for none, tier 2 checks them all,
    // paced on the subscription's buckets: never more than the fleet's share (its burst plus the refill over the pass).
    assert.equal(result.tiers.tier2Checked, 12);
    const p = DEFAULT_FLEET_PACING;
    assert.ok(result.batches >= 2, "more than one batch: the share's burst does not hold twelve checks");
    assert.ok(result.requests.reads <= p.readBurst + result.durationSeconds * p.readsPerSecond, `${result.requests.reads} reads in ${result.durationSeconds} s`);
    assert.ok(result.requests.writes <= p.writeBurst + result.durationSeconds * p.writesPerSecond, `${result.requests.writes} writes in ${result.durationSeconds} s`);

    const check = expectChecked((await stack.host.waitForCompletion(instanceId.health(broken.name))).output as never);
    assert.notEqual(check.report.status, "healthy");
    assert.ok(check.report.findings.some((f) => f.kind === "missing" && f.resource.toLowerCase() === connectionId));
    assert.equal(check.remediation, "started");
    const remediation = stack.host.status(instanceId.remediate(broken.name))!;
    assert.equal((remediation.output as { status: string }).status, "Succeeded");
    assert.ok(done.lastUpdatedTime < remediation.lastUpdatedTime, `the pass (done ${done.lastUpdatedTime.toISOString()}) did not wait for the remediation (done ${remediation.lastUpdatedTime.toISOString()})`);
    const after = expectChecked((await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { deployment: broken.name } }))).output as never);
    assert.equal(after.report.status, "healthy", "the remediation put the connection back");
    assert.equal(stack.host.status(instanceId.health(fleet[3]!.name)), null, "the deployment being deployed was never checked");

    // Telemetry an alert can use: each tick says what it did, the pass says how it went, once.
    assert.deepEqual(lines.filter((l) => l.event === "HealthPassRequested").map((l) => [l.started, l.level, l.instanceId]), [[true, "information", instanceId.healthFleet], [false, "warning", instanceId.healthFleet]]);
    const passes = lines.filter((l) => l.event === "HealthPassCompleted");
    assert.equal(passes.length, 1, "once, despite continueAsNew and replays");
    assert.deepEqual([passes[0]!.checked, passes[0]!.failed, passes[0]!.healthy, passes[0]!.remediationsStarted, passes[0]!.metric], [12, 0, 11, 1, { name: "bowtie.health.pass.failedChecks", value: 0 }]);
  } finally {
    await stack.close();
  }
});

test("a check counts its own ARM requests exactly as ARM meters them", async () => {
  const stack = await startLocalStack();
  try {
    await buildFleet(stack, seed, 1);
    const total = (method: string) => [...stack.emulator.counters].filter(([k]) => k.startsWith(`${method} `)).reduce((a, [, n]) => a + n, 0);
    const [gets, posts] = [total("GET"), total("POST")];
    const check = expectChecked((await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { deployment: seed.name } }))).output as never);
    assert.equal(check.report.status, "healthy");
    assert.deepEqual(check.requests, { reads: total("GET") - gets, writes: total("POST") - posts });
    assert.ok(check.requests.reads > 0 && check.requests.writes > 0);
  } finally {
    await stack.close();
  }
});
