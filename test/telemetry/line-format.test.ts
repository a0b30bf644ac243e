// The line format: one JSON object per log call with the envelope
// (deploymentId, instanceId, event, ts) first, the catalogue's fields, and a
// numeric metric on the metric-like events; written at the event's level
// through the InvocationContext; replay-safe in orchestrators.
import { test } from "node:test";
import assert from "node:assert/strict";
import functions from "@azure/functions";
import type { OrchestrationContext } from "durable-functions";
import { buildLine, formatLine, HEALTH_SCORE, invocationTelemetry, LINE_VERSION, orchestrationTelemetry, secondsBetween, Telemetry } from "../../shared/telemetry/index.js";

const at = new Date(Date.UTC(2030, 0, 1, 0, 39));
const who = { deploymentId: "seed-lab", instanceId: "deploy-seed-lab" };

test("a line is one JSON object with the envelope first, then the fields, then the metric", () => {
  const line = buildLine("DeploymentCompleted", { purpose: "deploy", status: "Succeeded", durationSeconds: 2340, writes: 22 }, who, at);
  const text = formatLine(line);
  assert.ok(!text.includes("\n"), "one line");
  const parsed = JSON.parse(text);
  assert.deepEqual(Object.keys(parsed).slice(0, 6), ["bowtie", "ts", "level", "event", "deploymentId", "instanceId"]);
  assert.equal(parsed.bowtie, LINE_VERSION);
  assert.ok(text.startsWith('{"bowtie":1,'), "the prefix a KQL filter relies on");
  assert.equal(parsed.ts, at.toISOString());
  assert.equal(parsed.event, "DeploymentCompleted");
  assert.equal(parsed.deploymentId, "seed-lab");
  assert.equal(parsed.instanceId, "deploy-seed-lab");
  assert.equal(parsed.durationSeconds, 2340);
  assert.deepEqual(parsed.metric, { name: "bowtie.deploy.durationSeconds", value: 2340 });
  assert.equal(parsed.redacted, undefined, "nothing to mask, no redacted field");
});

test("metrics: health status as 0/1/2, counts as 1; plain events carry none", () => {
  const health = buildLine("HealthChecked", { status: "down", findings: 4, durationSeconds: 3 }, who, at);
  assert.deepEqual(health.metric, { name: "bowtie.health.status", value: HEALTH_SCORE.down });
  assert.equal(health.level, "warning");
  assert.deepEqual(buildLine("DriftFound", { kind: "missing", resource: "/x", severity: "critical" }, who, at).metric, { name: "bowtie.drift.findings", value: 1 });
  assert.deepEqual(buildLine("RemediationRefused", { reason: "3 in the last hour" }, who, at).metric, { name: "bowtie.remediation.refused", value: 1 });
  assert.equal(buildLine("DeploymentStarted", { purpose: "deploy", resources: 22 }, who, at).metric, undefined);
  assert.equal(buildLine("DeploymentFailed", { purpose: "deploy", reason: "x", failures: 1 }, who, at).level, "error");
});

test("a field cannot overwrite the envelope", () => {
  const sneaky = { reason: "r", instanceId: "someone-else", event: "Other", deploymentId: "other" } as unknown as { reason: string };
  const line = buildLine("RemediationRefused", sneaky, who, at);
  assert.equal(line.instanceId, "deploy-seed-lab");
  assert.equal(line.event, "RemediationRefused");
  assert.equal(line.deploymentId, "seed-lab");
});

test("through an InvocationContext: info/warn/error by level, the invocation id joined, null ids kept as null", () => {
  const calls: Array<[string, string]> = [];
  const context = new functions.InvocationContext({ functionName: "t", invocationId: "inv-1", logHandler: (level, ...args) => calls.push([level, args.join(" ")]) });
  const t = invocationTelemetry(context, { deploymentId: null, instanceId: null });
  t.emit("EventDropped", { reason: "not an event object" });
  t.with({ deploymentId: "seed-lab", instanceId: "remediate-seed-lab" }).emit("RemediationRefused", { reason: "circuit open" });
  t.emit("DeploymentFailed", { purpose: "deploy", reason: "x", failures: 1 });
  assert.deepEqual(calls.map(([l]) => l), ["information", "warning", "error"]);
  const lines = calls.map(([, m]) => JSON.parse(m));
  assert.ok(lines.every((l) => "deploymentId" in l && "instanceId" in l && l.invocationId === "inv-1"));
  assert.equal(lines[0].deploymentId, null);
  assert.equal(lines[1].instanceId, "remediate-seed-lab");
});

test("without a context (an older registration) nothing is written and nothing throws", () => {
  assert.doesNotThrow(() => invocationTelemetry(undefined, who).emit("DeploymentStarted", { purpose: "deploy", resources: 1 }));
});

test("telemetry never throws into the work it describes", () => {
  const circular: Record<string, unknown> = {};
  circular.self = circular;
  const t = new Telemetry(() => { throw new Error("sink down"); }, who);
  assert.doesNotThrow(() => t.emit("EventDropped", { reason: "x", ...(circular as object) } as never));
});

test("orchestrators: nothing while replaying, time from currentUtcDateTime, the instance id from the context", () => {
  const lines: string[] = [];
  const df = { isReplaying: true, instanceId: "deploy-seed-lab", currentUtcDateTime: at };
  const context = { df, info: (m: string) => lines.push(m), warn: (m: string) => lines.push(m), error: (m: string) => lines.push(m) } as unknown as OrchestrationContext;
  const t = orchestrationTelemetry(context, "seed-lab");
  t.emit("DeploymentStarted", { purpose: "deploy", resources: 22 });
  assert.equal(lines.length, 0, "a replayed line is not written again");
  df.isReplaying = false;
  t.emit("DeploymentStarted", { purpose: "deploy", resources: 22 });
  assert.equal(lines.length, 1);
  const line = JSON.parse(lines[0]!);
  assert.equal(line.ts, at.toISOString(), "deterministic time, not the wall clock");
  assert.equal(line.instanceId, "deploy-seed-lab");
});

test("secondsBetween: orchestration times to seconds with one decimal", () => {
  assert.equal(secondsBetween("2030-01-01T00:00:00.000Z", "2030-01-01T00:39:00.500Z"), 2340.5);
});
