// Keeping it healthy, end to end on the emulator: an out-of-band change is
// found by the event path and by the timer path and put back; Bowtie's own
// writes never start another round; a burst starts one remediation; a fault
// that cannot be fixed trips the circuit breaker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import functions from "@azure/functions";
import { BOWTIE_PRINCIPAL } from "../../emulator/identity.js";
import type { LocalStack } from "../../emulator/local-stack.js";
import { onResourceEvent } from "../../functions/events/on-resource-event.js";
import { runHealthChecks } from "../../functions/timer/health-timer.js";
import { expectChecked, type CheckedHealth } from "../../orchestrations/health/check-health.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { deployedStack } from "../helpers/deployed-stack.js";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
const context = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
const self = { oids: [BOWTIE_PRINCIPAL.oid], appids: [BOWTIE_PRINCIPAL.appid!] };
const rgId = (sub: string) => `/subscriptions/${sub}/resourceGroups/${spec.resourceGroup}/providers`;

async function healthCheck(stack: LocalStack, remediate = false): Promise<CheckedHealth> {
  const id = stack.host.start(ORCHESTRATION.checkHealth, { input: { spec, remediate } });
  return expectChecked((await stack.host.waitForCompletion(id)).output as never);
}

test("event path: a deleted connection is put back, own writes start nothing, a burst starts one remediation", async () => {
  const stack = await deployedStack(spec);
  try {
    assert.equal((await healthCheck(stack)).report.status, "healthy");
    const before = stack.emulator.events.log.length;
    const conId = `${rgId(stack.emulator.subscriptionId)}/Microsoft.Network/connections/con-c8k-20`;
    stack.emulator.outOfBand.delete(conId);
    const burst = stack.emulator.events.log.slice(before);
    const outcomes = await onResourceEvent([...burst, ...burst], stack.client, context, { registry: stack.registry, self, subscriptions: [stack.emulator.subscriptionId] });
    assert.deepEqual(outcomes.filter((o) => o.startsWith("remediating")).length, 1, outcomes.join("\n"));
    assert.ok(outcomes.some((o) => o.includes("already running")), "the duplicate delivery found the remediation running");

    const afterStart = stack.emulator.events.log.length;
    const done = (await stack.host.waitForCompletion(instanceId.remediate(spec.name))).output as { status: string; writes: number };
    assert.equal(done.status, "Succeeded");
    assert.equal(done.writes, 1, "only the deleted connection was written");
    const ownEvents = stack.emulator.events.log.slice(afterStart);
    assert.ok(ownEvents.length > 0);
    const echoes = await onResourceEvent(ownEvents, stack.client, context, { registry: stack.registry, self, subscriptions: [stack.emulator.subscriptionId] });
    assert.ok(echoes.every((o) => !o.startsWith("remediating")), `no loop: ${echoes.join("\n")}`);
    assert.equal((await healthCheck(stack)).report.status, "healthy");
  } finally {
    await stack.close();
  }
});

test("timer path: a powered-off NVA is found (power and BGP) and started again", async () => {
  const stack = await deployedStack(spec);
  try {
    const vmId = `${rgId(stack.emulator.subscriptionId)}/Microsoft.Compute/virtualMachines/c8k-10`;
    stack.emulator.outOfBand.powerOff(vmId);
    stack.clock.advanceBy(200_000); // past the BGP hold timer: the gateway notices the silent peer
    const started = await runHealthChecks(stack.client, context);
    assert.deepEqual(started, { instanceId: instanceId.healthFleet, started: true });
    const result = expectChecked((await stack.host.waitForCompletion(instanceId.health(spec.name))).output as never);
    assert.equal(result.report.status, "degraded");
    assert.ok(result.report.findings.some((f) => f.kind === "powerState" && f.resource.endsWith("/c8k-10") && f.actual === "stopped"));
    assert.ok(result.report.findings.some((f) => f.kind === "bgp" && f.resource.includes("c8k-10")));
    assert.equal(result.remediation, "started");
    const stored = await stack.health.latest(spec.name);
    assert.equal(stored?.status, "degraded");
    assert.equal((await healthCheck(stack)).report.status, "healthy", "the remediation started the NVA and its sessions came back");
  } finally {
    await stack.close();
  }
});

test("the circuit breaker trips on a fault remediation cannot fix and marks the deployment NeedsAttention; the refusal is a warning with its reason", async () => {
  const lines: Array<Record<string, any>> = [];
  const stack = await deployedStack(spec, { maxRemediationsPerHour: 1, logSink: (e) => e.message.startsWith('{"bowtie":') && lines.push(JSON.parse(e.message)) });
  try {
    const conId = `${rgId(stack.emulator.subscriptionId)}/Microsoft.Network/connections/con-c8k-10`;
    stack.emulator.faults.inject({ method: "PUT", type: "Microsoft.Network/connections" }, { kind: "serverError", status: 400 }, 100);
    for (let round = 0; round < 2; round++) {
      const before = stack.emulator.events.log.length;
      if (round === 0) stack.emulator.outOfBand.delete(conId);
      else stack.emulator.outOfBand.edit(`${rgId(stack.emulator.subscriptionId)}/Microsoft.Network/localNetworkGateways/lng-c8k-10`, {});
      await onResourceEvent(stack.emulator.events.log.slice(before), stack.client, context, { registry: stack.registry, self, subscriptions: [stack.emulator.subscriptionId] });
      await stack.host.runUntilIdle();
    }
    const record = await stack.registry.get(spec.name);
    assert.equal(record?.status, "NeedsAttention");
    assert.match(record?.reason ?? "", /remediations in the last hour/);
    const later = await onResourceEvent(stack.emulator.events.log.slice(-1), stack.client, context, { registry: stack.registry, self, subscriptions: [stack.emulator.subscriptionId] });
    assert.match(later.join(" "), /needs attention/);
    const refused = lines.filter((l) => l.event === "RemediationRefused");
    assert.equal(refused.length, 1);
    assert.deepEqual([refused[0]!.level, refused[0]!.instanceId, refused[0]!.metric], ["warning", instanceId.remediate(spec.name), { name: "bowtie.remediation.refused", value: 1 }]);
    assert.match(refused[0]!.reason, /remediations in the last hour/);
  } finally {
    await stack.close();
  }
});

test("stuck BGP with the configuration right: the check finds only BGP, the remediation writes nothing, resets that connection once and ends healthy; telemetry says so", async () => {
  const lines: Array<Record<string, any>> = [];
  const stack = await deployedStack(spec, { logSink: (e) => e.message.startsWith('{"bowtie":') && lines.push(JSON.parse(e.message)) });
  try {
    const conId = `${rgId(stack.emulator.subscriptionId)}/Microsoft.Network/connections/con-c8k-20`;
    stack.emulator.outOfBand.stickBgp(conId);
    const check = await healthCheck(stack, true);
    assert.notEqual(check.report.status, "healthy");
    const kinds = new Set(check.report.findings.map((f) => f.kind));
    assert.ok(kinds.has("bgp"), "the stuck sessions are findings");
    assert.ok([...kinds].every((k) => k === "bgp" || k === "route"), `no configuration drift: ${[...kinds].join(", ")}`);
    assert.equal(check.remediation, "started");

    const done = (await stack.host.waitForCompletion(instanceId.remediate(spec.name))).output as { status: string; writes: number; resets: string[] };
    assert.equal(done.status, "Succeeded");
    assert.equal(done.writes, 0, "nothing was wrong with the configuration");
    assert.deepEqual(done.resets.map((id) => id.split("/").pop()), ["con-c8k-20"], "only the stuck connection was reset");
    assert.equal((await healthCheck(stack)).report.status, "healthy");

    const of = (event: string) => lines.filter((l) => l.event === event && l.deploymentId === spec.name);
    assert.ok(of("HealthChecked").some((l) => l.status !== "healthy" && l.metric.value > 0), "the degraded check is a metric");
    assert.ok(of("DriftFound").some((l) => l.kind === "bgp"));
    assert.deepEqual(of("RemediationRequested").map((l) => l.trigger), ["health"]);
    assert.deepEqual(of("ConnectionsReset").map((l) => l.connections), [1]);
    assert.ok(of("ConnectionsReset").every((l) => l.instanceId === instanceId.remediate(spec.name)));
  } finally {
    await stack.close();
  }
});
