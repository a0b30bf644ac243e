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

test("local.settings.example.json declares every setting the app reads", async () => {
  const { readFileSync } = await import("node:fs");
  const example = JSON.parse(readFileSync(new URL("../../local.settings.example.json", import.meta.url), "utf8")).Values;
  const source = readFileSync(new URL("../../functions/settings.ts", import.meta.url), "utf8");
  const read = [...new Set([...source.matchAll(/env\.([A-Za-z_]+)/g)].map((m) => m[1]!))];
  assert.ok(read.length >= 6);
  for (const name of read) assert.ok(name in example, `${name} is read by the app but missing from local.settings.example.json`);
});
