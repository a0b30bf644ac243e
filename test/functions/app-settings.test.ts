// Every app setting the code reads is declared in functions/app-settings.ts,
// and from there in local.settings.example.json and in the Function App's
// app settings in infra/ — each where its declaration says. The Bicep is
// read structurally (the appSettings object literal of the Function App).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { APP_SETTINGS, HOST_SETTINGS } from "../../functions/app-settings.js";
import { appSettingNames } from "../infra/bicep-reader.js";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const declared = new Map(APP_SETTINGS.map((s) => [s.name as string, s]));
const example = Object.keys(JSON.parse(read("local.settings.example.json")).Values as Record<string, string>);
const infra = appSettingNames(read("infra/modules/function-app.bicep"));

/** Runtime code: everything the Functions app loads (tests, bench, CLI and the emulator's own options aside). */
function runtimeSources(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const dir of ["functions", "orchestrations", "activities", "shared"]) {
    for (const f of readdirSync(new URL(`../../${dir}`, import.meta.url), { recursive: true, encoding: "utf8" })) {
      if (f.endsWith(".ts")) out.push([`${dir}/${f}`, read(`${dir}/${f}`)]);
    }
  }
  return out;
}

test("the code reads settings only through the declared list", () => {
  const settingsSource = read("functions/settings.ts");
  const reads = [...settingsSource.matchAll(/setting\("([A-Za-z_]+)"\)/g)].map((m) => m[1]!);
  assert.ok(reads.length >= 10, "functions/settings.ts reads its settings by name");
  for (const name of reads) assert.ok(declared.has(name), `${name} is read but not declared`);
  assert.doesNotMatch(settingsSource, /\benv\.[A-Za-z_]/, "no setting read around the declared reader");
  for (const [file, source] of runtimeSources()) {
    if (file === "functions/index.ts") assert.equal([...source.matchAll(/process\.env/g)].length, 1, "functions/index.ts hands process.env to readSettings, once");
    else assert.doesNotMatch(source, /process\.env/, `${file} reads process.env directly`);
  }
  // And nothing is declared that nothing reads.
  for (const name of declared.keys()) assert.ok(reads.includes(name), `${name} is declared but never read`);
});

test("local.settings.example.json declares every setting read locally, and nothing unknown", () => {
  for (const s of APP_SETTINGS) if (s.where === "everywhere" || s.where === "local") assert.ok(example.includes(s.name), `${s.name} missing from local.settings.example.json`);
  const hostLocal = new Set(["FUNCTIONS_WORKER_RUNTIME"]); // the local host needs the worker named; Flex takes it from functionAppConfig.runtime
  for (const name of example) assert.ok(!["azure", "platform"].includes(declared.get(name)?.where ?? "") && (declared.has(name) || hostLocal.has(name)), `${name} in local.settings.example.json is not a local setting`);
});

test("infra declares every setting read in Azure, and only declared or host settings", () => {
  assert.ok(infra.length >= 8, `the Function App's app settings were found (${infra.join(", ")})`);
  for (const s of APP_SETTINGS) if (s.where === "everywhere" || s.where === "azure") assert.ok(infra.includes(s.name), `${s.name} missing from infra/modules/function-app.bicep`);
  const host = new Set<string>(HOST_SETTINGS.map((h) => h.name));
  for (const name of infra) {
    assert.ok(host.has(name) || (declared.has(name) && ["everywhere", "azure"].includes(declared.get(name)!.where)), `${name} in infra is neither an Azure setting of the code nor a host setting (App Service sets the platform's own)`);
  }
  assert.ok(!infra.includes("AzureWebJobsStorage"), "no storage connection string (a shared key) in Azure");
  assert.ok(!infra.includes("FUNCTIONS_WORKER_RUNTIME"), "Flex Consumption names the runtime in functionAppConfig, not in app settings");
});
