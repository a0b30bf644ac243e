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
import { OperationHistory } from "../shared/storage/operation-history.js";
import { onResourceEvent } from "./events/on-resource-event.js";
import { dryRunPlan } from "./http/dry-run-plan.js";
import { getHealth } from "./http/get-health.js";
import { getDeployment } from "./http/get-deployment.js";
import { getOpenApi } from "./http/openapi.js";
import { receiveAlert } from "./http/receive-alert.js";
import { startDeployment } from "./http/start-deployment.js";
import { teardownDeployment } from "./http/teardown-deployment.js";
import { getUiAsset, getUiPage } from "./http/ui/assets.js";
import { signInGate } from "./http/ui/sign-in-gate.js";
import { getDeploymentView, getFleet } from "./http/ui/views.js";
import { rotatePskDeployment } from "./http/rotate-psk.js";
import { whatIfDeployment } from "./http/what-if.js";
import { configureActivities, readSettings } from "./settings.js";
import { leaseClock } from "../activities/azure-target.js";
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

df.app.client.http("rotatePskDeployment", {
  route: "deployments/{name}/rotate-psk",
  methods: ["POST"],
  authLevel: "function",
  handler: (request: HttpRequest, client, context: InvocationContext) => rotatePskDeployment(request, client, context, deployments()),
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

// The durable client: a deployment whose change or rotation still runs answers `changing`, and only its lock's holder says whether it runs.
df.app.client.http("getHealth", {
  route: "deployments/{name}/health",
  methods: ["GET"],
  authLevel: "function",
  handler: (request: HttpRequest, client) => getHealth(request, healthReports(), { registry: deployments(), client, now: leaseClock() }),
});

df.app.client.timer("healthCheck", {
  schedule: settings.healthSchedule,
  handler: (_timer, client, context: InvocationContext) => runHealthChecks(client, context).then(() => undefined),
});

df.app.client.eventGrid("onResourceEvent", {
  handler: (event, client, context: InvocationContext) => onResourceEvent(event, client, context, { registry: deployments(), self: settings.self, subscriptions: [settings.azure.subscriptionId] }).then(() => undefined),
});

// Azure Monitor alerts (the action group's webhook, infra/): a Fired alert on a
// deployment's resource starts its precise check. Function key: the action group's URL carries it.
df.app.client.http("receiveAlert", {
  route: "alerts",
  methods: ["POST"],
  authLevel: "function",
  handler: (request: HttpRequest, client, context: InvocationContext) => receiveAlert(request, context, { registry: deployments(), client, subscriptionId: settings.azure.subscriptionId }),
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

// The operations page and the reads it makes. Anonymous at the Functions layer
// because a browser holds no function key (and none may ever be put in the
// page): on Azure, App Service authentication (Microsoft Entra ID sign-in,
// infra/) stands in front of /api/ui, while the automation API above keeps its
// function keys. Everything under /api/ui reads; the what-if writes nothing.
let history: OperationHistory | undefined;
const viewSources = (client: StarterClientLike) => ({ registry: deployments(), reports: healthReports(), history: (history ??= OperationHistory.fromStorage(settings.storage)), client });
type StarterClientLike = Parameters<typeof getFleet>[0]["client"];
const gate = signInGate(settings.ui);

app.http("uiPage", { route: "ui", methods: ["GET"], authLevel: "anonymous", handler: (request: HttpRequest) => gate(request) ?? getUiPage() });

app.http("uiAsset", { route: "ui/{file}", methods: ["GET"], authLevel: "anonymous", handler: (request: HttpRequest) => gate(request) ?? getUiAsset(request) });

df.app.client.http("uiFleet", {
  route: "ui/api/fleet",
  methods: ["GET"],
  authLevel: "anonymous",
  handler: (request: HttpRequest, client) => gate(request) ?? getFleet(viewSources(client)),
});

df.app.client.http("uiDeployment", {
  route: "ui/api/deployments/{name}",
  methods: ["GET"],
  authLevel: "anonymous",
  handler: (request: HttpRequest, client) => gate(request) ?? getDeploymentView(request, viewSources(client)),
});

app.http("uiWhatIf", {
  route: "ui/api/deployments/{name}/whatif",
  methods: ["POST"],
  authLevel: "anonymous",
  handler: (request: HttpRequest) => gate(request) ?? whatIfDeployment(request, deployments()),
});

// The fleet list for automation, with its function key: the page's fleet answer.
df.app.client.http("getFleet", {
  route: "deployments",
  methods: ["GET"],
  authLevel: "function",
  handler: (_request: HttpRequest, client) => getFleet(viewSources(client)),
});
