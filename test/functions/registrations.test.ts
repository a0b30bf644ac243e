// functions/index.ts, loaded as the Functions host would load it: every
// orchestration, activity and HTTP endpoint is registered with the right
// trigger and bindings.
import { test } from "node:test";
import assert from "node:assert/strict";
import { captureRegistrations } from "../../emulator/durable/registrations.js";
import { ACTIVITY, ORCHESTRATION } from "../../shared/names.js";

// The settings a real app would have; none are read beyond start-up here.
process.env.AZURE_SUBSCRIPTION_ID ??= "00000000-0000-4000-8000-000000000001";
process.env.AzureWebJobsStorage ??= "UseDevelopmentStorage=true";
process.env.BOWTIE_PRINCIPAL_OBJECT_ID ??= "00000000-0000-4000-8000-0000000000aa";
const registered = await captureRegistrations(() => import("../../functions/index.js"));
const byName = new Map(registered.map((f) => [f.name, f]));

test("every orchestration is registered with an orchestrationTrigger", () => {
  for (const name of Object.values(ORCHESTRATION)) assert.equal(byName.get(name)?.triggerType, "orchestrationTrigger", name);
});

test("every activity is registered with an activityTrigger", () => {
  for (const name of Object.values(ACTIVITY)) assert.equal(byName.get(name)?.triggerType, "activityTrigger", name);
});

/** [function name, route, methods, whether it has a durable client input] */
type Route = [string, string, string[], boolean];

/** Each function is an HTTP trigger at its route and methods, with the auth level, and a durable client exactly where listed. */
function assertRoutes(expect: Route[], authLevel: string, why: string): void {
  for (const [name, route, methods, usesClient] of expect) {
    const f = byName.get(name);
    assert.ok(f, `${name} is registered`);
    const trigger = Object.values(f.bindings).find((b) => b.type === "httpTrigger")!;
    assert.equal(trigger.route, route, name);
    assert.deepEqual(trigger.methods, methods, name);
    assert.equal(trigger.authLevel, authLevel, `${name}: ${why}`);
    const hasClient = Object.values(f.bindings).some((b) => b.type === "durableClient" || b.type === "orchestrationClient");
    assert.equal(hasClient, usesClient, `${name} durable client binding`);
  }
}

test("the HTTP API: routes, methods, function-level auth, and a durable client input where it starts or reads orchestrations", () => {
  assertRoutes(
    [
      ["startDeployment", "deployments", ["POST"], true],
      ["getDeployment", "deployments/{name}", ["GET"], true],
      ["teardownDeployment", "deployments/{name}", ["DELETE"], true],
      ["rotatePskDeployment", "deployments/{name}/rotate-psk", ["POST"], true],
      ["dryRunPlan", "plan", ["POST"], false],
      ["getHealth", "deployments/{name}/health", ["GET"], true],
      ["whatIfDeployment", "deployments/{name}/whatif", ["POST"], false],
      ["getFleet", "deployments", ["GET"], true],
      ["receiveAlert", "alerts", ["POST"], true],
    ],
    "function",
    "automation calls it with a function key",
  );
});

test("the health timer runs on the configured schedule and Event Grid events reach the remediation starter", () => {
  const timer = Object.values(byName.get("healthCheck")!.bindings).find((b) => b.type === "timerTrigger")!;
  assert.equal(timer.schedule, "0 */5 * * * *");
  assert.equal(byName.get("onResourceEvent")?.triggerType, "eventGridTrigger");
  for (const name of ["healthCheck", "onResourceEvent"]) {
    assert.ok(Object.values(byName.get(name)!.bindings).some((b) => b.type === "durableClient"), `${name} starts orchestrations`);
  }
});

test("the OpenAPI document is served anonymously (it holds no secret, and a client reads it before it has a key)", () => {
  const trigger = Object.values(byName.get("getOpenApi")!.bindings).find((b) => b.type === "httpTrigger")!;
  assert.equal(trigger.route, "openapi.json");
  assert.deepEqual(trigger.methods, ["GET"]);
  assert.equal(trigger.authLevel, "anonymous");
});

test("the activities that start remediations or ask after the operation lock's holder get the durable client binding; the others do not", () => {
  const needClient = new Set<string>([ACTIVITY.startRemediation, ACTIVITY.beginOperation, ACTIVITY.listDeployments, ACTIVITY.listFleet, ACTIVITY.readDeployment]);
  for (const name of Object.values(ACTIVITY)) {
    const f = byName.get(name)!;
    const hasClient = Object.values(f.bindings).some((b) => b.type === "durableClient");
    assert.equal(hasClient, needClient.has(name), name);
  }
});

test("the operations page and its reads are anonymous at the Functions layer (Entra sign-in stands in front on Azure), read-only, under /api/ui", () => {
  assertRoutes(
    [
      ["uiPage", "ui", ["GET"], false],
      ["uiAsset", "ui/{file}", ["GET"], false],
      ["uiFleet", "ui/api/fleet", ["GET"], true],
      ["uiDeployment", "ui/api/deployments/{name}", ["GET"], true],
      ["uiWhatIf", "ui/api/deployments/{name}/whatif", ["POST"], false],
    ],
    "anonymous",
    "a browser holds no function key",
  );
  // Nothing that starts or ends an operation is anonymous.
  for (const f of registered) {
    const trigger = Object.values(f.bindings).find((b) => b.type === "httpTrigger");
    if (trigger?.authLevel === "anonymous") assert.ok(f.name === "getOpenApi" || String(trigger.route).startsWith("ui"), `${f.name} is anonymous`);
    if (trigger?.authLevel === "anonymous" && f.name !== "uiWhatIf") assert.deepEqual(trigger.methods, ["GET"], f.name);
  }
});

test("every function name is registered once (an HTTP function named like an activity would replace it under the host)", () => {
  const names = registered.map((f) => f.name);
  assert.deepEqual(names.filter((n, i) => names.indexOf(n) !== i), []);
});

test("nothing else is registered", () => {
  const ui = ["uiPage", "uiAsset", "uiFleet", "uiDeployment", "uiWhatIf", "getFleet"];
  const known = new Set([...Object.values(ORCHESTRATION), ...Object.values(ACTIVITY), "startDeployment", "getDeployment", "teardownDeployment", "rotatePskDeployment", "dryRunPlan", "getHealth", "whatIfDeployment", "getOpenApi", "healthCheck", "onResourceEvent", "receiveAlert", ...ui]);
  assert.deepEqual(registered.map((f) => f.name).filter((n) => !known.has(n)), []);
});
