// Entra ID sign-in (infra/modules/app-auth.bicep) against what the app
// registers (functions/index.ts): every route is protected by sign-in or by a
// function key, and a key alone still gets automation through. Easy Auth runs
// before the Functions host and knows nothing of keys, so a key route that
// were not excluded from sign-in would turn automation away; an anonymous
// route that were excluded would be open to anyone.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { captureRegistrations } from "../../emulator/durable/registrations.js";
import { arrayElements, objectEntries, parseBicep, stringLiteral } from "./bicep-reader.js";

process.env.AZURE_SUBSCRIPTION_ID ??= "00000000-0000-4000-8000-000000000001";
process.env.AzureWebJobsStorage ??= "UseDevelopmentStorage=true";
process.env.BOWTIE_PRINCIPAL_OBJECT_ID ??= "00000000-0000-4000-8000-0000000000aa";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const auth = parseBicep(read("infra/modules/app-auth.bicep"));
const settings = auth.declarations.find((d) => d.type.startsWith("Microsoft.Web/sites/config@"))!;
const path = (literal: string, ...keys: string[]) => keys.reduce((at, k) => objectEntries(at).get(k) ?? assert.fail(`no ${k} in ${at.slice(0, 60)}`), literal);
const props = settings.body.get("properties")!;
const excluded = arrayElements(auth.vars.get(path(props, "globalValidation", "excludedPaths"))!).map((e) => stringLiteral(e)!);

/** Easy Auth's excludedPaths matching: an exact path, or a prefix written as /prefix/*. */
const isExcludedBy = (pattern: string, requestPath: string) =>
  pattern.endsWith("/*") ? requestPath.toLowerCase().startsWith(pattern.slice(0, -1).toLowerCase()) : requestPath.toLowerCase() === pattern.toLowerCase();
const isExcluded = (requestPath: string) => excluded.some((p) => isExcludedBy(p, requestPath));
/** A request path a route template answers ({name} filled in); the host's route prefix is the default, api. */
const sample = (route: string) => `/api/${route.replace(/\{\*?[^}]+\}/g, "x")}`;

/** Anonymous at the host and open without sign-in, on purpose: documents that hold no secret. */
const PUBLIC = new Set(["openapi.json"]);

const registered = await captureRegistrations(() => import("../../functions/index.js"));
const http = registered
  .map((f) => ({ name: f.name, trigger: Object.values(f.bindings).find((b) => b.type === "httpTrigger") }))
  .filter((f) => f.trigger)
  .map((f) => ({ name: f.name, route: String(f.trigger!.route), authLevel: String(f.trigger!.authLevel) }));

test("sign-in is on for the whole site, with Entra ID as the provider and no secret or token kept", () => {
  assert.equal(stringLiteral(settings.body.get("name")!), "authsettingsV2");
  assert.equal(settings.condition, null, "always applied");
  assert.equal(path(props, "platform", "enabled"), "true");
  assert.equal(path(props, "globalValidation", "requireAuthentication"), "true");
  assert.equal(path(props, "globalValidation", "unauthenticatedClientAction"), "empty(clientId) ? 'Return401' : 'RedirectToLoginPage'", "people are sent to sign in; with no app registration, nobody gets in");
  assert.equal(path(props, "globalValidation", "redirectToProvider"), "'azureactivedirectory'");
  const entra = path(props, "identityProviders", "azureActiveDirectory");
  assert.equal(path(entra, "registration", "clientId"), "clientId");
  assert.equal(path(entra, "registration", "openIdIssuer"), "'${environment().authentication.loginEndpoint}${tenantId}/v2.0'");
  assert.ok(!objectEntries(path(entra, "registration")).has("clientSecretSettingName"), "no client secret in app settings");
  assert.equal(path(props, "login", "tokenStore", "enabled"), "false");
  assert.equal(path(props, "httpSettings", "requireHttps"), "true");
});

test("main.bicep applies it to the Function App, with the app registration's client id and tenant as parameters", () => {
  const main = parseBicep(read("infra/main.bicep"));
  const module = main.declarations.find((d) => d.type === "modules/app-auth.bicep");
  assert.ok(module, "main.bicep uses modules/app-auth.bicep");
  assert.equal(module.condition, null);
  const params = objectEntries(module.body.get("params")!);
  assert.equal(params.get("appName"), "functionApp.outputs.name");
  assert.equal(params.get("clientId"), "entraClientId");
  assert.equal(params.get("tenantId"), "empty(entraTenantId) ? tenant().tenantId : entraTenantId");
  const parameters = JSON.parse(read("infra/main.parameters.json")).parameters as Record<string, { value: string }>;
  assert.equal(parameters.entraClientId?.value, "${BOWTIE_ENTRA_CLIENT_ID}");
  assert.equal(parameters.entraTenantId?.value, "${BOWTIE_ENTRA_TENANT_ID}");
});

test("every HTTP route is behind sign-in or a function key, and every key route takes its key without sign-in", () => {
  assert.ok(http.length >= 7, `${http.length} HTTP functions`);
  const problems: string[] = [];
  for (const f of http) {
    const at = sample(f.route);
    const keyed = f.authLevel === "function" || f.authLevel === "admin";
    if (keyed && !isExcluded(at)) problems.push(`${f.name} (${at}) needs a key, but sign-in would turn a script with only its key away: add it to excludedPaths`);
    if (!keyed && isExcluded(at) && !PUBLIC.has(f.route)) problems.push(`${f.name} (${at}) is anonymous at the host and excluded from sign-in: open to anyone`);
  }
  assert.deepEqual(problems, []);
});

test("nothing is excluded from sign-in but the key routes, the public OpenAPI document and the Event Grid webhook", () => {
  const unexplained = excluded.filter((p) => {
    const covered = http.some((f) => (f.authLevel !== "anonymous" || PUBLIC.has(f.route)) && isExcludedBy(p, sample(f.route)));
    return !covered && p !== "/runtime/webhooks/eventgrid";
  });
  assert.deepEqual(unexplained, [], "each excluded path answers a key route or a public document");
  assert.ok(registered.some((f) => f.triggerType === "eventGridTrigger"), "the Event Grid trigger the webhook exclusion is for exists");
});

test("the route check would catch a page route left open or a key route sign-in would block", () => {
  assert.equal(isExcluded("/api/ui"), false, "the page is behind sign-in");
  assert.equal(isExcluded("/api/ui/app.js"), false);
  assert.equal(isExcluded(sample("deployments/{name}/health")), true);
  assert.equal(isExcluded("/api/deploymentsx"), false, "a prefix exclusion covers its own folder only");
});
