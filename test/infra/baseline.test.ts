// The Azure Functions security baseline and Key Vault guidance, read
// structurally from infra/: TLS 1.2 on the app and on its SCM site, no FTP(S),
// no basic-auth publishing credentials, the app's and the vault's logs in Log
// Analytics, purge protection with 90 days of soft delete, and Event Grid
// dead-lettering what it cannot deliver, as the app identity.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { arrayElements, objectEntries, parseBicep, stringLiteral, type BicepFile, type Declaration } from "./bicep-reader.js";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const bicep = (f: string) => parseBicep(read(`infra/${f}`));
const decls = (file: BicepFile, typePrefix: string) => file.declarations.filter((x) => x.kind === "resource" && !x.existing && x.type.startsWith(typePrefix));
const decl = (file: BicepFile, typePrefix: string): Declaration => {
  const [d] = decls(file, typePrefix);
  assert.ok(d, `a ${typePrefix} declaration`);
  return d;
};
const path = (literal: string, ...keys: string[]) => keys.reduce((at, k) => objectEntries(at).get(k) ?? assert.fail(`no ${k} in ${at.slice(0, 60)}`), literal);
const moduleParams = (main: BicepFile, module: string) => objectEntries(main.declarations.find((d) => d.type === module)!.body.get("params")!);

test("the Function App and its SCM site take TLS 1.2 at least, and FTP/FTPS is off", () => {
  const site = decl(bicep("modules/function-app.bicep"), "Microsoft.Web/sites@");
  const config = path(site.body.get("properties")!, "siteConfig");
  assert.equal(path(config, "minTlsVersion"), "'1.2'");
  assert.equal(path(config, "scmMinTlsVersion"), "'1.2'");
  assert.equal(path(config, "ftpsState"), "'Disabled'");
  assert.equal(path(site.body.get("properties")!, "httpsOnly"), "true");
});

test("basic-auth publishing credentials are off for both FTP and SCM", () => {
  const app = bicep("modules/function-app.bicep");
  const site = decl(app, "Microsoft.Web/sites@");
  const policies = decls(app, "Microsoft.Web/sites/basicPublishingCredentialsPolicies@");
  assert.deepEqual(policies.map((p) => stringLiteral(p.body.get("name")!)).sort(), ["ftp", "scm"]);
  for (const p of policies) {
    assert.equal(p.body.get("parent"), site.symbol, `${p.symbol} belongs to the Function App`);
    assert.equal(p.condition, null, `${p.symbol} always applies`);
    assert.equal(path(p.body.get("properties")!, "allow"), "false");
  }
});

/** The log categories a diagnostic setting on `scope` sends to the workspace parameter. */
function diagnosticLogs(file: BicepFile, scope: string): string[] {
  const settings = decls(file, "Microsoft.Insights/diagnosticSettings@").filter((d) => d.body.get("scope") === scope);
  assert.equal(settings.length, 1, `one diagnostic setting on ${scope}`);
  const props = settings[0]!.body.get("properties")!;
  assert.equal(path(props, "workspaceId"), "logAnalyticsWorkspaceId", "sent to Log Analytics");
  return arrayElements(path(props, "logs"))
    .map((l) => objectEntries(l))
    .filter((l) => l.get("enabled") === "true")
    .map((l) => stringLiteral(l.get("category")!)!);
}

test("diagnostic settings: the Function App's logs and the Key Vault's AuditEvent go to the Log Analytics workspace", () => {
  const app = bicep("modules/function-app.bicep");
  assert.deepEqual(diagnosticLogs(app, decl(app, "Microsoft.Web/sites@").symbol), ["FunctionAppLogs"]);
  const vault = bicep("modules/key-vault.bicep");
  assert.deepEqual(diagnosticLogs(vault, decl(vault, "Microsoft.KeyVault/vaults@").symbol), ["AuditEvent"]);
  // Both modules get the workspace monitoring.bicep creates.
  const main = bicep("main.bicep");
  for (const m of ["modules/function-app.bicep", "modules/key-vault.bicep"]) {
    assert.equal(moduleParams(main, m).get("logAnalyticsWorkspaceId"), "monitoring.outputs.workspaceId", m);
  }
  assert.match(read("infra/modules/monitoring.bicep"), /^output workspaceId string = logs\.id$/m);
});

test("the Key Vault has purge protection and keeps deleted secrets 90 days", () => {
  const props = decl(bicep("modules/key-vault.bicep"), "Microsoft.KeyVault/vaults@").body.get("properties")!;
  assert.equal(path(props, "enableSoftDelete"), "true");
  assert.equal(path(props, "enablePurgeProtection"), "true");
  assert.equal(path(props, "softDeleteRetentionInDays"), "90");
  assert.equal(path(props, "enableRbacAuthorization"), "true");
});

test("Event Grid dead-letters undeliverable events to a container of the app's storage, as the app identity", () => {
  const events = bicep("modules/target-events.bicep");
  const topic = decl(events, "Microsoft.EventGrid/systemTopics@");
  assert.equal(path(topic.body.get("identity")!, "type"), "'UserAssigned'");
  assert.deepEqual([...objectEntries(path(topic.body.get("identity")!, "userAssignedIdentities")).keys()], ["${appIdentityId}"]);

  const sub = decl(events, "Microsoft.EventGrid/systemTopics/eventSubscriptions@").body.get("properties")!;
  assert.equal(objectEntries(sub).get("deadLetterDestination"), undefined, "not the keyed form: the identity one");
  const dead = path(sub, "deadLetterWithResourceIdentity");
  assert.equal(path(dead, "identity", "type"), "'UserAssigned'");
  assert.equal(path(dead, "identity", "userAssignedIdentity"), "appIdentityId");
  assert.equal(path(dead, "deadLetterDestination", "endpointType"), "'StorageBlob'");
  assert.equal(path(dead, "deadLetterDestination", "properties", "resourceId"), "deadLetterStorageId");
  assert.equal(path(dead, "deadLetterDestination", "properties", "blobContainerName"), "deadLetterContainerName");

  // main.bicep wires the app's identity, its storage account and the container storage.bicep creates.
  const main = bicep("main.bicep");
  const given = moduleParams(main, "modules/target-events.bicep");
  assert.equal(given.get("appIdentityId"), "identity.outputs.id");
  assert.equal(given.get("deadLetterStorageId"), "storage.outputs.id");
  assert.equal(given.get("deadLetterContainerName"), "deadLetterContainerName");
  assert.equal(moduleParams(main, "modules/storage.bicep").get("deadLetterContainerName"), "deadLetterContainerName");
  const storage = bicep("modules/storage.bicep");
  const containers = decls(storage, "Microsoft.Storage/storageAccounts/blobServices/containers@").map((d) => d.body.get("name"));
  assert.ok(containers.includes("deadLetterContainerName"), "storage.bicep creates the dead-letter container");
  // The identity writing dead letters can: it owns the account's blobs (roles.test.ts holds the role).
  assert.match(read("infra/modules/storage.bicep"), /^output id string = storage\.id$/m);
});
