// Every resource infra/ declares, checked against Azure's own model of its
// PUT body (the management SDKs' mappers): no property Azure does not know,
// none it keeps read-only, no literal of the wrong type or outside an enum.
// This is what `bicep build` plus a what-if would catch first, without them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { infraBicepFiles, parseBicep } from "./bicep-reader.js";
import { checkResource } from "./check-against-models.js";

const infra = (f: string) => readFileSync(new URL(`../../infra/${f}`, import.meta.url), "utf8");
const FILES = infraBicepFiles();

test("every resource body in infra/ fits Azure's model of its type", async () => {
  let checked = 0;
  const problems: string[] = [];
  for (const f of FILES) {
    for (const d of parseBicep(infra(f)).declarations) {
      if (d.kind !== "resource" || d.existing) continue;
      problems.push(...(await checkResource(d)).map((p) => `${f}: ${p}`));
      checked++;
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(checked >= 14, `${checked} resources checked`);
});

test("the check fails on a misspelt property, a read-only one, a string for a boolean, and a value outside an enum", async () => {
  const one = async (file: string, from: string, to: string) => {
    const source = infra(file);
    assert.ok(source.includes(from), `${from} in ${file}`);
    const problems: string[] = [];
    for (const d of parseBicep(source.replace(from, to)).declarations) if (d.kind === "resource" && !d.existing) problems.push(...(await checkResource(d)));
    return problems.join("\n");
  };
  assert.match(await one("modules/storage.bicep", "allowSharedKeyAccess: false", "allowSharedKeyAcess: false"), /allowSharedKeyAcess: not a property of StorageAccountCreateParameters/);
  assert.match(await one("modules/function-app.bicep", "userAssignedIdentityResourceId: identityId", "userAssignedIdentityId: identityId"), /userAssignedIdentityId: not a property/);
  assert.match(await one("modules/function-app.bicep", "httpsOnly: true", "httpsOnly: true\n    defaultHostName: 'x'"), /defaultHostName: read-only/);
  assert.match(await one("modules/storage.bicep", "allowSharedKeyAccess: false", "allowSharedKeyAccess: 'false'"), /a boolean in Azure's model, given the string 'false'/);
  assert.match(await one("modules/key-vault.bicep", "name: 'standard'", "name: 'standerd'"), /'standerd' is not one of standard, premium/);
  assert.match(await one("modules/function-app.bicep", "version: '22'", "versions: '22'"), /functionAppConfig\.runtime\.versions: not a property of FunctionsRuntime/);
  assert.match(await one("modules/target-events.bicep", "operatorType: 'StringNotContains'", "operatorType: 'StringNotContain'"), /not one of|not a property/);
  assert.match(await one("modules/target-events.bicep", "maxEventsPerBatch: 1", "maxEventBatch: 1"), /maxEventBatch: not a property of AzureFunctionEventSubscriptionDestination/);
  // The sign-in settings are checked as SiteAuthSettingsV2, not as the app settings' string dictionary.
  assert.match(await one("modules/app-auth.bicep", "excludedPaths: keyRoutes", "excludedPath: keyRoutes"), /globalValidation\.excludedPath: not a property of GlobalValidation/);
  assert.match(await one("modules/app-auth.bicep", "requireHttps: true", "requireHttps: 'true'"), /a boolean in Azure's model, given the string 'true'/);
  await assert.rejects(one("modules/app-auth.bicep", "name: 'authsettingsV2'", "name: 'authsettingsV3'"), /no Azure model registered for Microsoft\.Web\/sites\/config named 'authsettingsV3'/);
});
