// Telemetry of a whole seed-lab run on the local stack, read where Application
// Insights would read it: every context.log of the HTTP trigger, the
// orchestrations and the activities (the driver's logSink gives each as the
// worker would send it). Every line is JSON with deploymentId and instanceId;
// DeploymentStarted and DeploymentCompleted come exactly once despite the
// orchestrator being replayed on every episode; an out-of-band delete is
// remediated, twice (each repair ended healthy, so the circuit breaker holds
// no strike against it); the PSK is in no line.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import functions from "@azure/functions";
import { BOWTIE_PRINCIPAL } from "../../emulator/identity.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { EventType } from "../../emulator/durable/wire.js";
import type { LogEntry } from "../../emulator/durable/host.js";
import { onResourceEvent } from "../../functions/events/on-resource-event.js";
import { startDeployment } from "../../functions/http/start-deployment.js";
import { teardownDeployment } from "../../functions/http/teardown-deployment.js";
import { createAzureClients, vaultNameOf } from "../../shared/azure/clients.js";
import { instanceId } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { validateSpec } from "../../shared/spec/validate.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const r = validateSpec(seed);
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
const resources = planFromSpec(spec).resources.length;

const entries: LogEntry[] = [];
/** The trigger's own InvocationContext lines (HTTP, Event Grid), as the worker would send them. */
const triggerLines: string[] = [];
const triggerContext = new functions.InvocationContext({ functionName: "trigger", invocationId: "inv-test", logHandler: (_l, ...args) => triggerLines.push(args.join(" ")) });
const request = (method: string, url: string, body?: unknown, params: Record<string, string> = {}) =>
  new functions.HttpRequest({ method, url, body: body === undefined ? undefined : { string: JSON.stringify(body) }, params });

let stack: LocalStack;
let psk: string;
let parsed: Array<Record<string, any>>;
const ofEvent = (event: string, instance?: string) => parsed.filter((l) => l.event === event && (!instance || l.instanceId === instance));

before(async () => {
  stack = await startLocalStack({ logSink: (e) => entries.push(e), maxRemediationsPerHour: 1 });
  await stack.seedSecrets(spec);
  const vault = vaultNameOf(spec.keyVault.vaultUrl);
  const clients = createAzureClients(stack.emulator.azureConfig({ [vault]: await stack.emulator.vaultUrl(vault) }));
  psk = (await clients.secrets(spec.keyVault.vaultUrl).getSecret(spec.keyVault.pskSecretName)).value!;

  // Deploy through the HTTP trigger, as a user would.
  const started = await startDeployment(request("POST", "http://localhost/api/deployments", seed), stack.client, triggerContext, stack.registry);
  assert.equal(started.status, 202);
  const deployed = await stack.host.waitForCompletion(instanceId.deploy(spec.name));
  assert.equal((deployed.output as { status: string }).status, "Succeeded");

  // Event Grid: Bowtie's own writes and a malformed event are dropped, each with its reason.
  const self = { oids: [BOWTIE_PRINCIPAL.oid], appids: [BOWTIE_PRINCIPAL.appid!] };
  await onResourceEvent([...stack.emulator.events.log.slice(0, 3), { nonsense: true }], stack.client, triggerContext, { registry: stack.registry, self, subscriptions: [stack.emulator.subscriptionId] });

  // A connection deleted out of band, its event delivered twice: one remediation; then the same again,
  // which the circuit breaker (1 an hour here) admits: the first repair ended healthy, no strike.
  const conId = `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/connections/con-c8k-20`;
  for (let i = 0; i < 2; i++) {
    const from = stack.emulator.events.log.length;
    stack.emulator.outOfBand.delete(conId);
    const burst = stack.emulator.events.log.slice(from);
    await onResourceEvent([...burst, ...burst], stack.client, triggerContext, { registry: stack.registry, self, subscriptions: [stack.emulator.subscriptionId] });
    await stack.host.waitForCompletion(instanceId.remediate(spec.name));
  }

  // And the teardown, through the HTTP trigger.
  const torn = await teardownDeployment(request("DELETE", `http://localhost/api/deployments/${spec.name}`, undefined, { name: spec.name }), stack.client, triggerContext, stack.registry);
  assert.equal(torn.status, 202);
  await stack.host.waitForCompletion(instanceId.teardown(spec.name));

  parsed = [...entries.map((e) => e.message), ...triggerLines].map((m) => JSON.parse(m));
});
after(async () => stack.close());

test("every line is one JSON object carrying deploymentId, instanceId, event and ts", () => {
  assert.ok(entries.length > resources, `lines were collected (${entries.length})`);
  for (const text of [...entries.map((e) => e.message), ...triggerLines]) {
    assert.ok(!text.includes("\n"), "one line per entry");
    const line = JSON.parse(text); // throws on anything that is not JSON
    assert.equal(line.bowtie, 1);
    assert.ok("deploymentId" in line && "instanceId" in line, text);
    assert.equal(typeof line.event, "string");
    assert.ok(!Number.isNaN(Date.parse(line.ts)), text);
  }
  // Everything the orchestrations and activities wrote names the deployment and its instance.
  for (const e of entries) {
    const line = JSON.parse(e.message);
    assert.equal(line.deploymentId, spec.name, e.message);
    assert.equal(line.instanceId, e.instanceId, `the line's instance is the one that wrote it: ${e.message}`);
  }
});

test("DeploymentStarted and DeploymentCompleted exactly once despite replays, with a positive duration as a metric", () => {
  const id = instanceId.deploy(spec.name);
  const episodes = stack.host.history(id).filter((h) => h.EventType === EventType.OrchestratorStarted).length;
  assert.ok(episodes > 10, `the orchestrator was replayed (${episodes} episodes)`);
  const started = ofEvent("DeploymentStarted", id);
  const completed = ofEvent("DeploymentCompleted", id);
  assert.equal(started.length, 1, JSON.stringify(started));
  assert.equal(completed.length, 1, JSON.stringify(completed));
  assert.equal(started[0]!.resources, resources);
  assert.equal(started[0]!.purpose, "deploy");
  const done = completed[0]!;
  assert.equal(done.status, "Succeeded");
  assert.ok(done.durationSeconds > 30 * 60, `simulated time: ~39 min, got ${done.durationSeconds} s`);
  assert.deepEqual(done.metric, { name: "bowtie.deploy.durationSeconds", value: done.durationSeconds });
  assert.equal(Date.parse(done.ts) - Date.parse(started[0]!.ts) >= done.durationSeconds * 1000 - 1000, true, "ts is orchestration time too");
  assert.equal(ofEvent("DeploymentFailed").length, 0);
});

test("one ResourceApplied per apply attempt, every resource covered; teardown start and end once each", () => {
  const applied = ofEvent("ResourceApplied", instanceId.deploy(spec.name));
  const ids = new Set(applied.map((l) => l.resourceId));
  assert.equal(ids.size, resources);
  assert.ok(applied.every((l) => ["started", "unchanged", "completed", "busy"].includes(l.outcome)), JSON.stringify(applied.filter((l) => l.outcome === "failed")));
  const teardown = instanceId.teardown(spec.name);
  assert.equal(ofEvent("TeardownStarted", teardown).length, 1);
  const completed = ofEvent("TeardownCompleted", teardown);
  assert.equal(completed.length, 1);
  assert.equal(completed[0]!.status, "Succeeded");
  assert.ok(completed[0]!.durationSeconds > 0);
  assert.ok(ofEvent("ResourceDeleted", teardown).length >= resources);
});

test("the triggers: each HTTP answer and each Event Grid outcome is one line, dropped events with their reason", () => {
  const requested = ofEvent("DeploymentRequested");
  assert.deepEqual(requested.map((l) => [l.operation, l.outcome, l.httpStatus, l.instanceId]), [
    ["deploy", "started", 202, instanceId.deploy(spec.name)],
    ["teardown", "started", 202, instanceId.teardown(spec.name)],
  ]);
  const dropped = ofEvent("EventDropped");
  assert.ok(dropped.every((l) => typeof l.reason === "string" && l.reason.length > 0));
  assert.equal(dropped.filter((l) => l.reason === "Bowtie's own change" && l.resourceId && l.deploymentId === null).length, 3, JSON.stringify(dropped));
  assert.equal(dropped.filter((l) => l.reason === "no event type").length, 1);
  const busy = dropped.filter((l) => /already running/.test(l.reason));
  assert.equal(busy.length, 2, "each duplicate delivery found the remediation running");
  assert.ok(busy.every((l) => l.deploymentId === spec.name && l.instanceId === instanceId.remediate(spec.name)));
  assert.ok(dropped.every((l) => l.metric?.name === "bowtie.events.dropped" && l.invocationId === "inv-test"));
  const requested2 = ofEvent("RemediationRequested");
  assert.equal(requested2.length, 2);
  assert.ok(requested2.every((l) => l.trigger === "event" && /connections\/con-c8k-20$/.test(l.resourceId) && l.instanceId === instanceId.remediate(spec.name)));
});

test("a remediation is a deploy with purpose remediate; one that ended healthy is no strike for the circuit breaker", () => {
  const id = instanceId.remediate(spec.name);
  const started = ofEvent("DeploymentStarted", id);
  const completed = ofEvent("DeploymentCompleted", id);
  assert.equal(started.length, 2, "both repairs ran");
  assert.ok(started.every((l) => l.purpose === "remediate"));
  assert.deepEqual(completed.map((l) => [l.status, l.writes]), [["Succeeded", 1], ["Succeeded", 1]], "only the deleted connection was written, each time");
  assert.equal(ofEvent("RemediationRefused", id).length, 0);
});

test("no line of the whole run contains the PSK", () => {
  assert.ok(psk.length >= 20, "positive control: the PSK was read");
  const all = [...entries.map((e) => e.message), ...triggerLines].join("\n");
  assert.ok(!all.includes(psk), "the PSK leaked into a telemetry line");
  assert.ok(!parsed.some((l) => l.redacted), "nothing needed masking: no code path offers a secret to the logger");
});
