// POST /api/alerts, the handler alone over an in-memory registry and the real
// durable client (its calls to the extension stubbed, as for the OpenAPI
// examples): the common-schema fixture is read; which targets map to which
// deployment; a check already running is not doubled; and hostile bodies get
// bounded 400/413/415 answers that name the path and the rule, echo nothing
// and start nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import functions, { type HttpResponseInit } from "@azure/functions";
import fc from "fast-check";
import type * as df from "durable-functions";
import { receiveAlert } from "../../functions/http/receive-alert.js";
import { durableClient, exampleNow, leaseOf, record, registryOf, running } from "../../openapi/generate.js";
import { parseCommonAlert, MAX_ALERT_TARGETS } from "../../shared/alerts/common-alert-schema.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import type { DeploymentRecord } from "../../shared/storage/deployment-registry.js";

const SUB = "00000000-0000-4000-8000-000000000001";
const FIXTURE = JSON.parse(readFileSync(new URL("../fixtures/alerts/bgp-peer-status-fired.json", import.meta.url), "utf8"));
const name = record("Succeeded").name;
const rg = `/subscriptions/${SUB}/resourcegroups/vpn-bgp-apipa-lab-rg`;
const context = new functions.InvocationContext({ functionName: "receiveAlert", logHandler: () => undefined });

const withEssentials = (change: (e: Record<string, any>) => void) => {
  const body = structuredClone(FIXTURE);
  change(body.data.essentials);
  return JSON.stringify(body);
};

/** Posts a body; returns the answer and the orchestrations it started. */
async function post(body: string, records: DeploymentRecord[] = [record("Succeeded")], instances: Parameters<typeof durableClient>[0] = {}, headers: Record<string, string> = {}) {
  const client = durableClient(instances);
  const started: Array<[string, df.StartNewOptions | undefined]> = [];
  const startNew = client.startNew.bind(client);
  client.startNew = async (fn: string, options?: df.StartNewOptions) => (started.push([fn, options]), startNew(fn, options));
  const req = new functions.HttpRequest({ method: "POST", url: "https://bowtie.test/api/alerts", headers: { "content-type": "application/json", ...headers }, body: { string: body } });
  const res = await receiveAlert(req, context, { registry: registryOf(records), client, subscriptionId: SUB, now: exampleNow });
  return { res, body: res.jsonBody as Record<string, any>, started };
}

test("the fixture is the common alert schema: a Fired metric alert on the seed lab's gateway", () => {
  const parsed = parseCommonAlert(FIXTURE);
  assert.ok(parsed.ok);
  assert.equal(parsed.essentials.monitorCondition, "Fired");
  assert.equal(parsed.essentials.signalType, "Metric");
  assert.deepEqual(parsed.essentials.alertTargetIDs, [`${rg}/providers/microsoft.network/virtualnetworkgateways/client-vnet-gw`]);
});

test("a Fired alert on the gateway starts checkHealth of that deployment by name, under alert:<name>", async () => {
  const { res, body, started } = await post(JSON.stringify(FIXTURE));
  assert.equal(res.status, 202);
  assert.deepEqual(started, [[ORCHESTRATION.checkHealth, { instanceId: instanceId.alertCheck(name), input: { deployment: name } }]]);
  assert.deepEqual(body.started, [{ deployment: name, instanceId: instanceId.alertCheck(name), targets: FIXTURE.data.essentials.alertTargetIDs, remediation: "started by the check if it finds drift" }]);
});

test("targets map by the plan's ids, a child of one, or the deployment's resource group; a torn-down deployment owns nothing", async () => {
  for (const target of [`${rg}/providers/microsoft.network/virtualnetworks/client-vnet/subnets/gatewaysubnet`, rg, `${rg.toUpperCase()}/`.replace(/\/$/, ""), `${rg}/providers/Microsoft.Network/connections/con-c8k-10`]) {
    const { res, started } = await post(withEssentials((e) => (e.alertTargetIDs = [target])));
    assert.deepEqual([res.status, started.length], [202, 1], target);
  }
  const tornDown = await post(JSON.stringify(FIXTURE), [record("TornDown")]);
  assert.deepEqual([tornDown.res.status, tornDown.started, tornDown.body.unowned], [200, [], 1]);
  // A spec that names its own subscription owns its resources there, not in the app's.
  const elsewhere = record("Succeeded");
  elsewhere.spec = { ...elsewhere.spec, subscriptionId: "11111111-1111-4111-8111-111111111111" };
  assert.deepEqual((await post(JSON.stringify(FIXTURE), [elsewhere])).started, []);
});

test("no second check: one started by an earlier alert, or the fleet pass's, is running; a change running says the deployment is being changed", async () => {
  for (const id of [instanceId.alertCheck(name), instanceId.health(name)]) {
    const { res, body, started } = await post(JSON.stringify(FIXTURE), [record("Succeeded")], { [id]: running(id) });
    assert.deepEqual([res.status, started], [200, []], id);
    assert.equal(body.notStarted[0].reason, `a health check (instance ${id}) is already running`);
  }
  const rotateId = instanceId.rotate(name);
  const rotating = await post(JSON.stringify(FIXTURE), [record("Rotating", null, leaseOf(rotateId))], { [rotateId]: running(rotateId) });
  assert.deepEqual([rotating.res.status, rotating.started, rotating.body.notStarted[0].operation], [200, [], "rotate"]);
  assert.match(rotating.body.notStarted[0].reason, /being changed/);
  // A NeedsAttention deployment is checked (a fresh report for the person who decides) but not remediated.
  const attention = await post(JSON.stringify(FIXTURE), [{ ...record("NeedsAttention"), reason: "the circuit breaker tripped" }]);
  assert.equal(attention.res.status, 202);
  assert.match(attention.body.started[0].remediation, /^not allowed: it needs attention/);
});

test("Resolved starts nothing and reads no registry", async () => {
  const { res, started } = await post(withEssentials((e) => (e.monitorCondition = "Resolved")), []);
  assert.deepEqual([res.status, started], [200, []]);
});

const MARK = "HOSTILE-MARK";
/** Every refusal: its status, the path it names, bounded, with no echo of the body. */
function assertRefusal(res: HttpResponseInit, status: number, path?: string): void {
  assert.equal(res.status, status, JSON.stringify(res.jsonBody).slice(0, 300));
  const text = JSON.stringify(res.jsonBody);
  assert.ok(text.length < 8_000, `bounded: ${text.length} characters`);
  assert.ok(!text.includes(MARK), "no echo of the body");
  if (path) assert.ok((res.jsonBody as { violations: Array<{ path: string }> }).violations.some((v) => v.path === path), `${path} named: ${text}`);
}

test("hostile bodies: bounded 400s naming the path and the rule, 413, 415; nothing started", async () => {
  const cases: Array<[string, string, number, string?]> = [
    ["not JSON", `{"schemaId": ${MARK}`, 400, "$"],
    ["empty", "", 400, "$"],
    ["an array", JSON.stringify([FIXTURE]), 400, "$"],
    ["another schema", JSON.stringify({ ...FIXTURE, schemaId: MARK }), 400, "$.schemaId"],
    ["the old metric alert schema", JSON.stringify({ schemaId: "AzureMonitorMetricAlert", data: { context: { resourceId: MARK } } }), 400, "$.schemaId"],
    ["no essentials", JSON.stringify({ ...FIXTURE, data: { essentials: MARK } }), 400, "$.data.essentials"],
    ["a condition Azure never sends", withEssentials((e) => (e.monitorCondition = MARK)), 400, "$.data.essentials.monitorCondition"],
    ["a severity Azure never sends", withEssentials((e) => (e.severity = MARK)), 400, "$.data.essentials.severity"],
    ["a target that is no ARM id", withEssentials((e) => (e.alertTargetIDs = [`https://evil.example/${MARK}`])), 400, "$.data.essentials.alertTargetIDs[0]"],
    ["a target with a query string", withEssentials((e) => (e.alertTargetIDs = [`${rg}/providers/x/y?${MARK}`])), 400, "$.data.essentials.alertTargetIDs[0]"],
    ["a 5,000-character target", withEssentials((e) => (e.alertTargetIDs = [`${rg}/providers/${MARK}${"x".repeat(5000)}`])), 400, "$.data.essentials.alertTargetIDs[0]"],
    ["no targets", withEssentials((e) => (e.alertTargetIDs = [])), 400, "$.data.essentials.alertTargetIDs"],
    ["too many targets", withEssentials((e) => (e.alertTargetIDs = Array(MAX_ALERT_TARGETS + 1).fill(`${rg}/providers/microsoft.network/virtualnetworkgateways/client-vnet-gw`))), 400, "$.data.essentials.alertTargetIDs"],
    ["thousands of bad targets", withEssentials((e) => (e.alertTargetIDs = Array(3000).fill(7))), 400],
    ["a 300-character rule name", withEssentials((e) => (e.alertRule = MARK + "r".repeat(300))), 400, "$.data.essentials.alertRule"],
    ["a fired time that is no time", withEssentials((e) => (e.firedDateTime = MARK)), 400, "$.data.essentials.firedDateTime"],
    ["a key named like a path", JSON.stringify({ [MARK]: 1 }), 400, "$.schemaId"],
  ];
  for (const [what, body, status, path] of cases) {
    const { res, started } = await post(body);
    assertRefusal(res, status, path);
    assert.deepEqual(started, [], what);
    const violations = (res.jsonBody as { violations: unknown[] }).violations;
    assert.ok(violations.length <= 20, `${what}: at most 20 violations listed`);
  }
  const big = await post(withEssentials((e) => (e.description = MARK + "d".repeat(300_000))));
  assertRefusal(big.res, 413);
  const xml = await post(JSON.stringify(FIXTURE), undefined, undefined, { "content-type": "application/xml" });
  assertRefusal(xml.res, 415);
  // Deep nesting where Bowtie reads nothing (alertContext) is no reason to refuse a real alert.
  const deep = `${"[".repeat(5000)}"${MARK}"${"]".repeat(5000)}`;
  const nested = await post(JSON.stringify({ ...FIXTURE, data: { ...FIXTURE.data, alertContext: "DEEP" } }).replace('"DEEP"', deep));
  assert.equal(nested.res.status, 202);
  assert.ok(!JSON.stringify(nested.body).includes(MARK));
});

test("unowned targets are counted, and only a few are listed, each clipped", async () => {
  const foreign = Array.from({ length: MAX_ALERT_TARGETS }, (_, i) => `/subscriptions/${SUB}/resourcegroups/other-${i}/providers/microsoft.network/virtualnetworkgateways/${"g".repeat(800)}`);
  const { res, body } = await post(withEssentials((e) => (e.alertTargetIDs = foreign)));
  assert.equal(res.status, 200);
  assert.equal(body.unowned, MAX_ALERT_TARGETS);
  assert.equal(body.unownedTargets.length, 5);
  assert.ok(JSON.stringify(body).length < 3_000);
});

test("fuzz (fixed seed): any JSON, or the fixture with any field replaced by any JSON, gets 200, 202 or a bounded 400; only a 202 starts a check", async () => {
  const fields = ["schemaId", "data", "essentials", "alertRule", "severity", "signalType", "monitorCondition", "alertTargetIDs", "firedDateTime", "alertContext"];
  const mutated = fc.record({ field: fc.constantFrom(...fields), value: fc.jsonValue({ maxDepth: 4 }) }).map(({ field, value }) => {
    const body = structuredClone(FIXTURE);
    if (field === "schemaId" || field === "data") body[field] = value;
    else if (field === "essentials" || field === "alertContext") body.data[field] = value;
    else body.data.essentials[field] = value;
    return body as unknown;
  });
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 4 }), mutated), async (value) => {
      const { res, started } = await post(JSON.stringify(value) ?? "null");
      assert.ok([200, 202, 400].includes(res.status ?? 0), `status ${res.status}`);
      assert.ok(JSON.stringify(res.jsonBody).length < 8_000, "bounded");
      assert.equal(started.length > 0, res.status === 202);
    }),
    { seed: 20261206, numRuns: 300 },
  );
});
