import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSettings, SettingsError } from "../../functions/settings.js";

const SUB = "00000000-0000-4000-8000-000000000001";

test("missing settings stop start-up with every missing name", () => {
  assert.throws(
    () => readSettings({}),
    (e: unknown) => e instanceof SettingsError && /AZURE_SUBSCRIPTION_ID is required/.test(e.message) && /AzureWebJobsStorage is required/.test(e.message),
  );
  assert.throws(() => readSettings({ BOWTIE_TARGET: "emulator", AZURE_SUBSCRIPTION_ID: SUB, AzureWebJobsStorage: "x" }), /BOWTIE_EMULATOR_ENDPOINT is required[\s\S]*BOWTIE_EMULATOR_CA_FILE is required/);
  assert.throws(() => readSettings({ BOWTIE_TARGET: "cloud", AZURE_SUBSCRIPTION_ID: SUB, AzureWebJobsStorage: "x" }), /BOWTIE_TARGET must be/);
});

test("emulator settings: endpoint, CA file and vault map", () => {
  const ca = join(mkdtempSync(join(tmpdir(), "bowtie-ca-")), "ca.pem");
  writeFileSync(ca, "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n");
  const s = readSettings({
    BOWTIE_TARGET: "emulator",
    AZURE_SUBSCRIPTION_ID: SUB,
    AzureWebJobsStorage: "UseDevelopmentStorage=true",
    BOWTIE_EMULATOR_ENDPOINT: "https://127.0.0.1:8443",
    BOWTIE_EMULATOR_CA_FILE: ca,
    BOWTIE_EMULATOR_VAULTS: "bowtie-lab-kv=https://127.0.0.1:8444",
  });
  assert.equal(s.azure.target, "emulator");
  if (s.azure.target === "emulator") assert.deepEqual(s.azure.vaults, { "bowtie-lab-kv": "https://127.0.0.1:8444" });
  assert.throws(() => readSettings({ BOWTIE_TARGET: "emulator", AZURE_SUBSCRIPTION_ID: SUB, AzureWebJobsStorage: "x", BOWTIE_EMULATOR_ENDPOINT: "https://a", BOWTIE_EMULATOR_CA_FILE: ca, BOWTIE_EMULATOR_VAULTS: "novalue" }), /BOWTIE_EMULATOR_VAULTS/);
});

test("identity-based storage in Azure: the account name, the managed identity, no key; a wrong credential is named", () => {
  const s = readSettings({ AZURE_SUBSCRIPTION_ID: SUB, BOWTIE_PRINCIPAL_OBJECT_ID: "oid", AzureWebJobsStorage__accountName: "stbowtie", AzureWebJobsStorage__credential: "managedidentity", AzureWebJobsStorage__clientId: "cid" });
  assert.deepEqual(s.storage, { kind: "identity", tableServiceUri: "https://stbowtie.table.core.windows.net", clientId: "cid" });
  assert.throws(() => readSettings({ AZURE_SUBSCRIPTION_ID: SUB, BOWTIE_PRINCIPAL_OBJECT_ID: "oid", AzureWebJobsStorage__accountName: "stbowtie", AzureWebJobsStorage__credential: "connectionstring" }), /AzureWebJobsStorage__credential must be "managedidentity"/);
});

test("the fail-fast message names each missing setting, its rule, and where to set it", () => {
  let message = "";
  try {
    readSettings({ BOWTIE_MAX_REMEDIATIONS_PER_HOUR: "0", BOWTIE_HEALTH_SCHEDULE: "*/5 * * * *" });
  } catch (e) {
    message = (e as Error).message;
  }
  assert.match(message, /^Bowtie cannot start; fix these app settings \(local\.settings\.json locally, app settings in Azure\):/);
  for (const named of ["AZURE_SUBSCRIPTION_ID is required", "AzureWebJobsStorage is required", "BOWTIE_PRINCIPAL_OBJECT_ID (or AZURE_CLIENT_ID) is required", "BOWTIE_HEALTH_SCHEDULE must be a 6-field NCRONTAB", "BOWTIE_MAX_REMEDIATIONS_PER_HOUR must be a whole number"]) {
    assert.ok(message.includes(named), `${named} in:\n${message}`);
  }
});
