// The Functions entry point (package.json "main", built to dist/functions/index.js):
// the one file that registers every function with the host. Orchestrations and
// activities come from their registries, so the names here and in the local
// durable driver are the same by construction.
import functionsPkg, { type HttpRequest, type InvocationContext } from "@azure/functions";
import dfPkg from "durable-functions";
import { activities } from "../activities/index.js";
import { ACTIVITY } from "../shared/names.js";
import { orchestrations } from "../orchestrations/index.js";
import { DeploymentRegistry } from "../shared/storage/deployment-registry.js";
import { HealthReports } from "../shared/storage/health-reports.js";
import { onResourceEvent } from "./events/on-resource-event.js";
import { dryRunPlan } from "./http/dry-run-plan.js";
import { getHealth } from "./http/get-health.js";
import { getDeployment } from "./http/get-deployment.js";
import { getOpenApi } from "./http/openapi.js";
import { startDeployment } from "./http/start-deployment.js";
import { teardownDeployment } from "./http/teardown-deployment.js";
import { whatIfDeployment } from "./http/what-if.js";
import { configureActivities, readSettings } from "./settings.js";
import { runHealthChecks } from "./timer/health-timer.js";

// Both packages are CommonJS; under ESM their members come through the default export.
const { app } = functionsPkg;
const df = dfPkg;

// Fail fast: a missing setting stops the app at start-up with its name.
const settings = readSettings(process.env);
// An activity that starts orchestrations, or asks whether the one holding a
// deployment's operation lock still runs, gets the durable client binding,
// and its client from its own invocation.
const NEEDS_DURABLE_CLIENT = new Set<string>([ACTIVITY.startRemediation, ACTIVITY.beginOperation, ACTIVITY.listDeployments, ACTIVITY.listFleet, ACTIVITY.readDeployment]);
configureActivities(settings, (context) => {
  if (!context) throw new Error("an activity that starts orchestrations needs its InvocationContext");
  return df.getClient(context);
});

for (const [name, handler] of Object.entries(orchestrations)) df.app.orchestration(name, handler);
for (const [name, handler] of Object.entries(activities)) {
  df.app.activity(name, {
    handler: (input: unknown, context: InvocationContext) => handler(input, context),
    ...(NEEDS_DURABLE_CLIENT.has(name) ? { extraInputs: [df.input.durableClient()] } : {}),
  });
}

let registry: DeploymentRegistry | undefined;
const deployments = () => (registry ??= DeploymentRegistry.fromStorage(settings.storage));

df.app.client.http("startDeployment", {
  route: "deployments",
  methods: ["POST"],
  authLevel: "function",
  handler: (request: HttpRequest, client, context: InvocationContext) => startDeployment(request, client, context, deployments()),
});

df.app.client.http("getDeployment", {
  route: "deployments/{name}",
  methods: ["GET"],
  authLevel: "function",
  handler: (request: HttpRequest, client) => getDeployment(request, client, deployments()),
});

df.app.client.http("teardownDeployment", {
  route: "deployments/{name}",
  methods: ["DELETE"],
  authLevel: "function",
  handler: (request: HttpRequest, client, context: InvocationContext) => teardownDeployment(request, client, context, deployments()),
});

// Reads Azure and answers; starts and reads no orchestration, so no durable client.
app.http("whatIfDeployment", {
  route: "deployments/{name}/whatif",
  methods: ["POST"],
  authLevel: "function",
  handler: (request: HttpRequest) => whatIfDeployment(request, deployments()),
});

let reports: HealthReports | undefined;
const healthReports = () => (reports ??= HealthReports.fromStorage(settings.storage));

app.http("getHealth", {
  route: "deployments/{name}/health",
  methods: ["GET"],
  authLevel: "function",
  handler: (request: HttpRequest) => getHealth(request, healthReports()),
});

df.app.client.timer("healthCheck", {
  schedule: settings.healthSchedule,
  handler: (_timer, client, context: InvocationContext) => runHealthChecks(client, context).then(() => undefined),
});

df.app.client.eventGrid("onResourceEvent", {
  handler: (event, client, context: InvocationContext) => onResourceEvent(event, client, context, { registry: deployments(), self: settings.self, subscriptions: [settings.azure.subscriptionId] }).then(() => undefined),
});

app.http("dryRunPlan", {
  route: "plan",
  methods: ["POST"],
  authLevel: "function",
  handler: (request: HttpRequest) => dryRunPlan(request),
});

// The API's own description; anonymous, since it holds no secrets and clients fetch it before they have a key.
app.http("getOpenApi", {
  route: "openapi.json",
  methods: ["GET"],
  authLevel: "anonymous",
  handler: () => getOpenApi(),
});
