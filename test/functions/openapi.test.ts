// openapi/bowtie.openapi.json against the app it describes: a valid OpenAPI
// 3.1 document whose operations are exactly the HTTP routes functions/index.ts
// registers (same auth), whose examples are the handlers' real answers, and
// whose response schemas accept what the handlers really return (and reject
// what they must not). GET /api/openapi.json serves this very file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import { captureRegistrations } from "../../emulator/durable/registrations.js";
import { dryRunPlan } from "../../functions/http/dry-run-plan.js";
import { getDeployment } from "../../functions/http/get-deployment.js";
import { getHealth } from "../../functions/http/get-health.js";
import { startDeployment } from "../../functions/http/start-deployment.js";
import { teardownDeployment } from "../../functions/http/teardown-deployment.js";
import { uiAsset } from "../../functions/http/ui/assets.js";
import { getDeploymentView, getFleet } from "../../functions/http/ui/views.js";
import { rotatePskDeployment } from "../../functions/http/rotate-psk.js";
import { receiveAlert } from "../../functions/http/receive-alert.js";
import functions from "@azure/functions";
import {
  ALERT_FIRED,
  postAlert,
  DOCUMENT_FILE,
  degradedReport,
  deployEnded,
  durableClient,
  historyOf,
  remediationProgress,
  exampleResponses,
  generatedDocument,
  exampleNow,
  leaseOf,
  record,
  registryOf,
  running,
  SYSTEM_KEY,
  reportsOf,
  request,
  toWire,
  type WireResponse,
} from "../../openapi/generate.js";
import { instanceId } from "../../shared/names.js";

// The settings a real app would have; none are read beyond start-up here.
process.env.AZURE_SUBSCRIPTION_ID ??= "00000000-0000-4000-8000-000000000001";
process.env.AzureWebJobsStorage ??= "UseDevelopmentStorage=true";
process.env.BOWTIE_PRINCIPAL_OBJECT_ID ??= "00000000-0000-4000-8000-0000000000aa";
const registered = await captureRegistrations(() => import("../../functions/index.js"));

type Doc = Record<string, any>;
const doc: Doc = JSON.parse(readFileSync(DOCUMENT_FILE, "utf8"));
const METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

// ---- routes ---------------------------------------------------------------

interface Route {
  key: string; // "GET /api/deployments/{name}"
  name: string;
  authLevel: string;
}

/** The HTTP routes the app registers, as the host exposes them (default route prefix "api"). */
function registeredRoutes(): Route[] {
  return registered.flatMap((f) => {
    const trigger = Object.values(f.bindings).find((b) => b.type === "httpTrigger");
    if (!trigger) return [];
    return (trigger.methods as string[]).map((m) => ({ key: `${m.toUpperCase()} /api/${trigger.route as string}`, name: f.name, authLevel: trigger.authLevel as string }));
  });
}

/** The document's operations, by "METHOD path". */
function documentedOperations(d: Doc): Map<string, Doc> {
  const ops = new Map<string, Doc>();
  for (const [path, item] of Object.entries<Doc>(d.paths ?? {})) {
    for (const m of METHODS) if (item[m]) ops.set(`${m.toUpperCase()} ${path}`, item[m]);
  }
  return ops;
}

/** Routes the app has but the document lacks, and the other way round. */
function routeMismatch(d: Doc, routes: Route[]): { undocumented: string[]; unregistered: string[] } {
  const ops = documentedOperations(d);
  const keys = new Set(routes.map((r) => r.key));
  return { undocumented: [...keys].filter((k) => !ops.has(k)).sort(), unregistered: [...ops.keys()].filter((k) => !keys.has(k)).sort() };
}

const KEY_SECURITY = [{ functionKeyHeader: [] }, { functionKeyQuery: [] }];

// ---- schemas --------------------------------------------------------------

// The document's schemas as one JSON Schema 2020-12 resource (components.schemas
// become $defs), so Ajv can check handler output against any of them.
const ROOT = "urn:bowtie:openapi";
const retarget = (value: unknown): unknown =>
  JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', `"${ROOT}#/$defs/`));
const ajv = new Ajv2020({
  allErrors: true,
  formats: {
    "date-time": /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/,
    uri: /^https?:\/\/\S+$/,
  },
});
ajv.addSchema({ $id: ROOT, $defs: retarget(doc.components.schemas) as object });

const deref = (value: Doc): Doc => {
  if (typeof value?.$ref !== "string") return value;
  const parts = (value.$ref as string).replace(/^#\//, "").split("/");
  return deref(parts.reduce<Doc>((o, p) => o[p], doc));
};

/** The documented response for an operation and status, with its JSON body schema compiled. */
function documentedResponse(key: string, status: number) {
  const op = documentedOperations(doc).get(key);
  assert.ok(op, `${key} is documented`);
  const response = op.responses?.[String(status)];
  assert.ok(response, `${key} documents status ${status}`);
  const resolved = deref(response);
  const schema = resolved.content?.["application/json"]?.schema;
  return { resolved, validate: schema ? ajv.compile(retarget(schema) as object) : null };
}

/** Asserts a handler's real response is documented: its status, its headers, its body's schema. */
function assertDocumented(key: string, res: WireResponse): void {
  const { resolved, validate } = documentedResponse(key, res.status);
  for (const h of Object.keys(resolved.headers ?? {})) {
    assert.ok(Object.keys(res.headers).some((k) => k.toLowerCase() === h.toLowerCase()), `${key} ${res.status}: header ${h}`);
  }
  if (validate) assert.ok(validate(res.body), `${key} ${res.status}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(res.body).slice(0, 500)}`);
  else assert.equal(res.body, null, `${key} ${res.status} documents no body`);
}

// ---- tests ----------------------------------------------------------------

test("the document is valid OpenAPI 3.1 (and the validator does reject a broken one)", async () => {
  const result = await new Validator().validate(structuredClone(doc));
  assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
  const broken = structuredClone(doc);
  broken.paths["/api/plan"].post.responses["200"] = { content: {} }; // a response needs a description
  assert.equal((await new Validator().validate(broken)).valid, false);
});

test("every schema in it compiles as JSON Schema 2020-12, the spec's own schema included", () => {
  for (const name of Object.keys(doc.components.schemas)) assert.ok(ajv.getSchema(`${ROOT}#/$defs/${name}`), name);
  assert.equal(doc.components.schemas.TopologySpec.$schema, "https://json-schema.org/draft/2020-12/schema");
});

test("its operations are exactly the HTTP routes functions/index.ts registers, path parameters included", () => {
  const routes = registeredRoutes();
  assert.ok(routes.length >= 6, "the routes were captured");
  assert.deepEqual(routeMismatch(doc, routes), { undocumented: [], unregistered: [] });
  // The comparison can fail either way.
  const fewer = structuredClone(doc);
  delete fewer.paths["/api/deployments/{name}"].delete;
  assert.deepEqual(routeMismatch(fewer, routes), { undocumented: ["DELETE /api/deployments/{name}"], unregistered: [] });
  const renamed = structuredClone(doc);
  renamed.paths["/api/deployments/{id}/health"] = renamed.paths["/api/deployments/{name}/health"];
  delete renamed.paths["/api/deployments/{name}/health"];
  assert.deepEqual(routeMismatch(renamed, routes), { undocumented: ["GET /api/deployments/{name}/health"], unregistered: ["GET /api/deployments/{id}/health"] });
});

test("each operation is named after its function and asks for a function key exactly where authLevel is function", () => {
  const ops = documentedOperations(doc);
  assert.deepEqual(doc.security, KEY_SECURITY);
  for (const route of registeredRoutes()) {
    const op = ops.get(route.key)!;
    assert.equal(op.operationId, route.name, route.key);
    const security: unknown = op.security ?? doc.security;
    assert.deepEqual(security, route.authLevel === "anonymous" ? [] : KEY_SECURITY, `${route.key} (authLevel ${route.authLevel})`);
    if (route.authLevel !== "anonymous") assert.ok(op.responses["401"], `${route.key} documents the host's 401`);
  }
  assert.equal(registeredRoutes().find((r) => r.key === "GET /api/openapi.json")?.authLevel, "anonymous");
});

test("GET /api/openapi.json, through its registration, serves the checked-in file", async () => {
  const f = registered.find((r) => r.name === "getOpenApi");
  assert.ok(f, "getOpenApi is registered");
  const res = await toWire((await f.handler(request("GET", "/api/openapi.json"), new functions.InvocationContext())) as never);
  assert.equal(res.status, 200);
  assert.deepEqual(res.body, JSON.parse(readFileSync(DOCUMENT_FILE, "utf8")));
});

test("the embedded spec schema and every example are current (refresh: npx tsx openapi/generate.ts)", async () => {
  const fresh = await generatedDocument(doc);
  assert.deepEqual(doc.components.schemas.TopologySpec, fresh.components.schemas.TopologySpec, "TopologySpec is stale");
  for (const name of Object.keys(fresh.components.examples)) {
    assert.deepEqual(doc.components.examples[name], fresh.components.examples[name], `example ${name} is stale`);
  }
  assert.deepEqual(doc, fresh);
});

test("each example sits under the operation and status its handler answered with, and fits that response", async () => {
  const uses = new Map<string, Array<[string, number]>>();
  const collect = (key: string, status: number, value: unknown): void => {
    if (!value || typeof value !== "object") return;
    const ref = (value as Doc).$ref;
    if (typeof ref === "string" && ref.startsWith("#/components/examples/")) uses.set(ref.split("/").pop()!, [...(uses.get(ref.split("/").pop()!) ?? []), [key, status]]);
    if (typeof ref === "string") collect(key, status, deref(value as Doc));
    else for (const v of Object.values(value)) collect(key, status, v);
  };
  for (const [key, op] of documentedOperations(doc)) for (const [status, r] of Object.entries<Doc>(op.responses)) collect(key, Number(status), r);
  const examples = await exampleResponses();
  assert.deepEqual([...uses.keys()].sort(), Object.keys(examples).sort(), "every example is used, and only those");
  for (const [name, res] of Object.entries(examples)) {
    for (const [key, status] of uses.get(name)!) {
      assert.equal(res.status, status, `${name} under ${key} ${status}`);
      assertDocumented(key, res);
    }
  }
});

test("real handler answers fit the documented responses: plan, bad JSON, start, teardown, status, health", async () => {
  const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
  const name: string = seed.name;
  const ctx = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
  const deployId = instanceId.deploy(name);
  const teardownId = instanceId.teardown(name);

  assertDocumented("POST /api/plan", await toWire(await dryRunPlan(request("POST", "/api/plan", seed))));
  const notJson = await toWire(await dryRunPlan(request("POST", "/api/plan", "{oops")));
  assert.equal(notJson.status, 400);
  assertDocumented("POST /api/plan", notJson);
  assertDocumented("POST /api/deployments", await toWire(await startDeployment(request("POST", "/api/deployments", "[]"), durableClient(), ctx, registryOf([]), exampleNow)));

  const del = (client = durableClient(), records = [record("Succeeded")]) =>
    teardownDeployment(request("DELETE", `/api/deployments/${name}`, undefined, { name }), client, ctx, registryOf(records), exampleNow).then(toWire);
  const started = await del();
  assert.equal(started.status, 202);
  assert.deepEqual(started.body, { name, operation: "teardown", instanceId: teardownId, statusUrl: `/api/deployments/${name}` });
  assert.equal(started.headers.Location, `/api/deployments/${name}`);
  assertDocumented(`DELETE /api/deployments/{name}`, started);
  assertDocumented(`DELETE /api/deployments/{name}`, await del(durableClient(), []));
  const tearingDown = await del(durableClient({ [teardownId]: running(teardownId) }), [record("TearingDown", null, leaseOf(teardownId))]);
  assert.deepEqual([tearingDown.status, (tearingDown.body as { instanceId: string }).instanceId], [409, teardownId]);
  assertDocumented(`DELETE /api/deployments/{name}`, tearingDown);

  // Deploying, before the registry has a record: the orchestration's progress.
  const progress = { deployment: name, phase: "applying", total: 23, byPhase: { pending: 20, applying: 2, provisioning: 1, succeeded: 0, failed: 0 }, provisioning: [], failed: [] };
  const during = await toWire(await getDeployment(request("GET", `/api/deployments/${name}`, undefined, { name }), durableClient({ [deployId]: running(deployId, progress) }), registryOf([])));
  for (const bad of ["Lab_1", "x", "a".repeat(5000), "../../etc", "deploy:lab"]) {
    const get = await toWire(await getDeployment(request("GET", "/api/deployments/x", undefined, { name: bad }), durableClient(), registryOf([])));
    assert.equal(get.status, 400, bad);
    assertDocumented("GET /api/deployments/{name}", get);
  }
  assert.equal((during.body as { status: string }).status, "Deploying");
  assertDocumented("GET /api/deployments/{name}", during);

  const health = (reports = reportsOf([degradedReport()])) => getHealth(request("GET", `/api/deployments/${name}/health`, undefined, { name }), reports).then(toWire);
  assertDocumented("GET /api/deployments/{name}/health", await health());
  assertDocumented("GET /api/deployments/{name}/health", await health(reportsOf([])));
});

test("POST /api/deployments/{name}/rotate-psk: 202 with Location, 404 unregistered, 409 while another operation runs or once torn down, 400 for a bad name; each as documented", async () => {
  const ctx = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
  const name = record("Succeeded").name;
  const key = "POST /api/deployments/{name}/rotate-psk";
  const rotate = (records: ReturnType<typeof record>[], client = durableClient(), param = name) =>
    rotatePskDeployment(request("POST", `/api/deployments/${param}/rotate-psk`, undefined, { name: param }), client, ctx, registryOf(records), exampleNow).then(toWire);
  const started = await rotate([record("Succeeded")]);
  assert.equal(started.status, 202);
  assert.deepEqual(started.body, { name, operation: "rotate", instanceId: instanceId.rotate(name), statusUrl: `/api/deployments/${name}` });
  assert.equal(started.headers.Location, `/api/deployments/${name}`);
  const absent = await rotate([]);
  const tornDown = await rotate([record("TornDown")]);
  assert.match(JSON.stringify(tornDown.body), /torn down/);
  const teardownId = instanceId.teardown(name);
  const busy = await rotate([record("TearingDown", null, leaseOf(teardownId))], durableClient({ [teardownId]: running(teardownId) }));
  assert.deepEqual([busy.status, (busy.body as { instanceId: string }).instanceId], [409, teardownId]);
  const badName = await rotate([], durableClient(), "Lab_1");
  assert.deepEqual([absent.status, tornDown.status, badName.status], [404, 409, 400]);
  const withBody = (body: unknown) =>
    rotatePskDeployment(request("POST", `/api/deployments/${name}/rotate-psk`, body, { name }), durableClient(), ctx, registryOf([record("Succeeded")]), exampleNow).then(toWire);
  const allowed = await withBody({ allowOutage: true });
  assert.equal(allowed.status, 202);
  const badOption = await withBody({ allowOutage: "yes" });
  assert.deepEqual([badOption.status, (badOption.body as { violations: Array<{ path: string }> }).violations[0]!.path], [400, "$.allowOutage"]);
  const unknownOption = await withBody({ allowOutage: true, force: true });
  assert.deepEqual([unknownOption.status, (unknownOption.body as { violations: Array<{ path: string }> }).violations[0]!.path], [400, "$.force"]);
  const notJson = await withBody("{oops");
  assert.equal(notJson.status, 400);
  for (const res of [started, absent, tornDown, busy, badName, allowed, badOption, unknownOption, notJson]) assertDocumented(key, res);
});

test("POST /api/alerts: 202 started, 200 for Resolved, foreign targets and a busy deployment, 400, 413 and 415, each as documented", async () => {
  const key = "POST /api/alerts";
  const name = record("Succeeded").name;
  const fired = (change: (e: Record<string, unknown>) => void = () => undefined) => {
    const body = structuredClone(ALERT_FIRED);
    change(body.data.essentials);
    return body;
  };
  const started = await toWire(await postAlert(fired(), [record("Succeeded")]));
  assert.equal(started.status, 202);
  const foreign = await toWire(await postAlert(fired((e) => (e.alertTargetIDs = ["/subscriptions/x/resourcegroups/other/providers/a/b/c"])), [record("Succeeded")]));
  assert.deepEqual([foreign.status, (foreign.body as { unowned: number }).unowned], [200, 1]);
  const checking = instanceId.alertCheck(name);
  const alreadyChecking = await toWire(await postAlert(fired(), [record("Succeeded")], durableClient({ [checking]: running(checking) })));
  assert.equal(alreadyChecking.status, 200);
  const invalid = await toWire(await postAlert(fired((e) => (e.alertTargetIDs = "all")), []));
  assert.equal(invalid.status, 400);
  const tooLarge = await toWire(await postAlert(fired((e) => (e.description = "d".repeat(300_000))), []));
  assert.equal(tooLarge.status, 413);
  const ctx = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
  const xml = new functions.HttpRequest({ method: "POST", url: "https://bowtie.test/api/alerts", headers: { "content-type": "application/xml" }, body: { string: "<alert/>" } });
  const wrongType = await toWire(await receiveAlert(xml, ctx, { registry: registryOf([]), client: durableClient(), subscriptionId: "x", now: exampleNow }));
  assert.equal(wrongType.status, 415);
  for (const res of [started, foreign, alreadyChecking, invalid, tooLarge, wrongType]) assertDocumented(key, res);
  // The schema can fail: an instance id outside the alert namespace.
  const validate = documentedResponse(key, 202).validate!;
  const wrong = structuredClone(started.body) as Doc;
  wrong.started[0].instanceId = instanceId.remediate(name);
  assert.equal(validate(wrong), false);
});

test("the response schemas can fail: a finding of an unknown kind, a 400 without violations, an unknown deployment status", () => {
  const healthOk = documentedResponse("GET /api/deployments/{name}/health", 200).validate!;
  const report = structuredClone(degradedReport()) as Doc;
  assert.ok(healthOk(report));
  report.findings[0].kind = "vibes";
  assert.equal(healthOk(report), false);
  const invalid = documentedResponse("POST /api/plan", 400).validate!;
  assert.equal(invalid({ error: { code: "InvalidTopologySpec", message: "x" }, violations: [], warnings: [] }), false);
  const status = documentedResponse("GET /api/deployments/{name}", 200).validate!;
  assert.equal(status({ name: "x", status: "Sleeping", reason: null, updatedAt: null, orchestration: null, result: null }), false);
});

test("no answer hands out the Durable system key or its management URLs (the durable client is configured with one)", async () => {
  const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
  const name: string = seed.name;
  const ctx = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
  const answers = [
    ...Object.values(await exampleResponses()),
    await toWire(await startDeployment(request("POST", "/api/deployments", seed), durableClient(), ctx, registryOf([]), exampleNow)),
    await toWire(await teardownDeployment(request("DELETE", `/api/deployments/${name}`, undefined, { name }), durableClient(), ctx, registryOf([record("Succeeded")]), exampleNow)),
  ];
  const leaks = (text: string) => [SYSTEM_KEY, "code=", "systemKey", "runtime/webhooks"].filter((needle) => text.includes(needle));
  assert.deepEqual(leaks(JSON.stringify({ code: `x?code=${SYSTEM_KEY}` })), [SYSTEM_KEY, "code="], "positive control: a leak is seen");
  for (const a of answers) assert.deepEqual(leaks(JSON.stringify(a)), [], JSON.stringify(a).slice(0, 300));
});

test("bounded refusals fit the documented responses: 413 for a large body, 415 for a non-JSON type, a capped 400 with omittedViolations", async () => {
  const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
  const ctx = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
  const post = (path: string, body: string, headers: Record<string, string> = {}) => new functions.HttpRequest({ method: "POST", url: `https://bowtie.test${path}`, headers, body: { string: body } });
  const big = JSON.stringify({ ...seed, $schema: "x".repeat(300_000) });
  const duplicates = JSON.stringify({ ...seed, clientVnet: { ...seed.clientVnet, addressSpace: Array(500).fill("10.0.0.0/16") } });
  for (const [key, handle] of [
    ["POST /api/plan", (r: InstanceType<typeof functions.HttpRequest>) => dryRunPlan(r)],
    ["POST /api/deployments", (r: InstanceType<typeof functions.HttpRequest>) => startDeployment(r, durableClient(), ctx, registryOf([]), exampleNow)],
  ] as const) {
    const path = key.split(" ")[1]!;
    const tooLarge = await toWire(await handle(post(path, big)));
    assert.equal(tooLarge.status, 413);
    assertDocumented(key, tooLarge);
    const wrongType = await toWire(await handle(post(path, JSON.stringify(seed), { "content-type": "application/xml" })));
    assert.equal(wrongType.status, 415);
    assertDocumented(key, wrongType);
    const capped = await toWire(await handle(post(path, duplicates)));
    assert.deepEqual([capped.status, (capped.body as { violations: unknown[] }).violations.length, (capped.body as { omittedViolations: number }).omittedViolations], [400, 100, 399]);
    assertDocumented(key, capped);
  }
});

test("the page's answers fit the documented responses: fleet, a deployment's view (before and after its first check), 404, bad name, its files", async () => {
  const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
  const name: string = seed.name;
  const remediateId = instanceId.remediate(name);
  const sources = (reports = reportsOf([degradedReport()])) => ({
    registry: registryOf([{ ...record("Remediating", null, leaseOf(remediateId)), lastOperation: "remediate" as const }]),
    reports,
    history: historyOf([deployEnded]),
    client: durableClient({ [remediateId]: running(remediateId, remediationProgress) }),
  });
  const fleet = await toWire(await getFleet(sources()));
  assertDocumented("GET /api/ui/api/fleet", fleet);
  assertDocumented("GET /api/deployments", fleet);
  const view = (n: string, s = sources()) => getDeploymentView(request("GET", `/api/ui/api/deployments/${n}`, undefined, { name: n }), s).then(toWire);
  const degraded = await view(name);
  assert.equal(degraded.status, 200);
  assertDocumented("GET /api/ui/api/deployments/{name}", degraded);
  const body = degraded.body as { running: { kind: string }; history: unknown[]; elements: Array<{ id: string; state: string }>; diagram: string };
  assert.equal(body.running.kind, "remediate");
  assert.equal(body.history.length, 1);
  assert.equal(body.elements.find((e) => e.id === "nva-c8k-20")?.state, "down");
  assert.match(body.diagram, /^<svg /);
  assertDocumented("GET /api/ui/api/deployments/{name}", await view(name, sources(reportsOf([]))));
  assertDocumented("GET /api/ui/api/deployments/{name}", await view("nope"));
  assertDocumented("GET /api/ui/api/deployments/{name}", await view("Lab_1"));
  // The schema can fail: a state outside up/down/unknown.
  const validate = documentedResponse("GET /api/ui/api/deployments/{name}", 200).validate!;
  const wrong = structuredClone(degraded.body) as Doc;
  wrong.elements[0].state = "green";
  assert.equal(validate(wrong), false);
  for (const file of ["index.html", "app.js", "app.css"]) assert.equal((await uiAsset(file)).status, 200, file);
  const missing = await toWire(await uiAsset("../package.json"));
  assert.equal(missing.status, 404);
  assertDocumented("GET /api/ui/{file}", missing);
});
