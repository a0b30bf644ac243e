// The rest of what infra/ promises, read structurally: Flex Consumption on the
// Node version the code targets, storage without shared keys, the app running
// as its user-assigned identity, and Event Grid filtered the way the app's own
// event routing expects, delivering to a function the app registers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { READ_ONLY_ACTIONS } from "../../shared/events/arm-events.js";
import { arrayElements, objectEntries, parseBicep, resolveString, stringLiteral, type BicepFile } from "./bicep-reader.js";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const bicep = (f: string) => parseBicep(read(`infra/${f}`));
const decl = (file: BicepFile, typePrefix: string) => {
  const d = file.declarations.find((x) => x.type.startsWith(typePrefix));
  assert.ok(d, `a ${typePrefix} declaration`);
  return d;
};
const path = (literal: string, ...keys: string[]) => keys.reduce((at, k) => objectEntries(at).get(k) ?? assert.fail(`no ${k} in ${at.slice(0, 60)}`), literal);

test("a Flex Consumption plan running Node at the major version package.json targets", () => {
  const app = bicep("modules/function-app.bicep");
  assert.equal(path(decl(app, "Microsoft.Web/serverfarms@").body.get("sku")!, "name"), "'FC1'");
  const site = decl(app, "Microsoft.Web/sites@");
  assert.equal(site.body.get("kind"), "'functionapp,linux'");
  const config = path(site.body.get("properties")!, "functionAppConfig");
  assert.equal(path(config, "runtime", "name"), "'node'");
  const engines = /(\d+)/.exec(JSON.parse(read("package.json")).engines.node)![1];
  assert.equal(path(config, "runtime", "version"), `'${engines}'`);
  assert.equal(path(config, "deployment", "storage", "authentication", "type"), "'UserAssignedIdentity'", "the package is pulled as the identity, not with a key");
  assert.equal(path(site.body.get("identity")!, "type"), "'UserAssigned'");
});

test("storage takes no shared key, and the app reaches it as its identity", () => {
  const props = decl(bicep("modules/storage.bicep"), "Microsoft.Storage/storageAccounts@").body.get("properties")!;
  assert.equal(path(props, "allowSharedKeyAccess"), "false");
  assert.equal(path(props, "allowBlobPublicAccess"), "false");
  const settings = objectEntries(decl(bicep("modules/function-app.bicep"), "Microsoft.Web/sites/config@").body.get("properties")!);
  assert.equal(settings.get("AzureWebJobsStorage__credential"), "'managedidentity'");
  assert.equal(settings.get("AzureWebJobsStorage__clientId"), "identityClientId");
  assert.equal(settings.get("BOWTIE_PRINCIPAL_OBJECT_ID"), "identityPrincipalId", "the remediation knows its own writes from configuration");
  assert.equal(settings.get("BOWTIE_TARGET"), "'azure'");
  const insights = decl(bicep("modules/monitoring.bicep"), "Microsoft.Insights/components@").body.get("properties")!;
  assert.equal(path(insights, "DisableLocalAuth"), "true");
});

test("Event Grid: a system topic on each target resource group, delivering what remediation acts on to onResourceEvent", () => {
  const events = bicep("modules/target-events.bicep");
  const topic = decl(events, "Microsoft.EventGrid/systemTopics@").body.get("properties")!;
  assert.equal(path(topic, "topicType"), "'Microsoft.Resources.ResourceGroups'");
  assert.equal(path(topic, "source"), "resourceGroup().id");
  const sub = decl(events, "Microsoft.EventGrid/systemTopics/eventSubscriptions@").body.get("properties")!;
  assert.equal(path(sub, "destination", "endpointType"), "'AzureFunction'");
  const target = /\/functions\/(\w+)'$/.exec(path(sub, "destination", "properties", "resourceId"))![1]!;
  assert.equal(target, "onResourceEvent");
  assert.match(read("functions/index.ts"), new RegExp(`df\\.app\\.client\\.eventGrid\\("${target}"`), "the function Event Grid delivers to is registered as an Event Grid trigger");

  const filter = path(sub, "filter");
  const types = arrayElements(path(filter, "includedEventTypes")).map((t) => stringLiteral(t));
  assert.deepEqual(types, ["Microsoft.Resources.ResourceWriteSuccess", "Microsoft.Resources.ResourceDeleteSuccess", "Microsoft.Resources.ResourceActionSuccess"]);
  const advanced = arrayElements(path(filter, "advancedFilters")).map((f) => objectEntries(f));
  const byKey = new Map(advanced.map((f) => [stringLiteral(f.get("key")!)!, f]));
  assert.deepEqual(arrayElements(byKey.get("data.resourceProvider")!.get("values")!).map(stringLiteral), ["Microsoft.Network", "Microsoft.Compute"]);
  assert.equal(byKey.get("data.operationName")?.get("operatorType"), "'StringNotContains'");
  const readOnly = arrayElements(events.vars.get("readOnlyActions")!).map((a) => resolveString(events, a));
  assert.deepEqual(readOnly, [...READ_ONLY_ACTIONS], "Event Grid drops the same read-only actions the app does");
  assert.equal(byKey.get("data.authorization.evidence.principalId")?.get("operatorType"), "'StringNotIn'", "the app's own writes are dropped at Event Grid too");
  assert.ok(advanced.length <= 25, "Event Grid allows 25 advanced filters");
});

test("azure.yaml deploys this package as a function app from infra/, built remotely, and wires Event Grid after the first deploy", () => {
  const yaml = read("azure.yaml");
  assert.match(yaml, /^infra:\n\s+provider: bicep\n\s+path: infra\n\s+module: main$/m);
  assert.match(yaml, /^services:\n\s+bowtie:\n\s+project: \.\n\s+language: ts\n\s+host: function\n(?:\s+#.*\n)?\s+remoteBuild: true$/m);
  // A remote build needs the sources and tsconfig.json, and brings its own node_modules.
  const ignored = read(".funcignore").split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#"));
  for (const needed of ["tsconfig.json", "package.json", "package-lock.json", "*.ts", "functions/", "shared/", "openapi/", "host.json"]) assert.ok(!ignored.includes(needed), `.funcignore must not leave out ${needed}`);
  for (const left of ["node_modules/", "dist/", "test/", "local.settings.json"]) assert.ok(ignored.includes(left), `.funcignore should leave out ${left}`);
  assert.match(yaml, /postdeploy:[\s\S]*azd env set BOWTIE_WIRE_EVENT_GRID true[\s\S]*azd provision --no-prompt/);
  const parameters = JSON.parse(read("infra/main.parameters.json")).parameters as Record<string, { value: string }>;
  assert.equal(parameters.wireEventGrid?.value, "${BOWTIE_WIRE_EVENT_GRID=false}");
  const main = bicep("main.bicep");
  for (const name of Object.keys(parameters)) assert.ok(main.params.has(name), `main.parameters.json sets ${name}, which main.bicep does not declare`);
  for (const [name, p] of main.params) if (p.defaultValue === null) assert.ok(name in parameters, `${name} has no default and no value in main.parameters.json`);
  const site = decl(bicep("modules/function-app.bicep"), "Microsoft.Web/sites@");
  assert.match(site.body.get("tags")!, /'azd-service-name': 'bowtie'/, "azd finds the app by the service name in azure.yaml");
});
