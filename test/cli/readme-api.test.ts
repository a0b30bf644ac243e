// The README's Azure walkthrough cannot run here (it needs a subscription),
// but what it names can be held to the code: every API path it uses is an
// operation in the OpenAPI document (itself tested against the registered
// routes), every azd environment variable it sets is one infra reads, and
// every infra output or app setting it names exists.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { APP_SETTINGS } from "../../functions/app-settings.js";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const readme = read("README.md");
const paths = Object.keys(JSON.parse(read("openapi/bowtie.openapi.json")).paths as Record<string, unknown>);

/** A README path (`/api/deployments/<name>`, `$BOWTIE_API_URL/deployments/{name}`) as an OpenAPI template. */
const template = (p: string) => p.replace(/^\$BOWTIE_API_URL/, "/api").replace(/^localhost:7071/, "").replace(/<[^>]+>|\{[^}]+\}/g, "{name}").replace(/[?.]+$/, "");

test("every API path the README uses is an operation of the API", () => {
  const used = [...readme.matchAll(/(?:\$BOWTIE_API_URL|localhost:7071\/api|\/api)\/[A-Za-z0-9_{}<>./-]+/g)].map((m) => template(m[0]));
  assert.ok(used.length >= 8, `${used.length} paths found`);
  for (const p of used) assert.ok(paths.includes(p) || paths.includes(p.replace(/\.$/, "")), `README uses ${p}, which the API does not have`);
});

test("the azd variables the README sets are ones infra reads, and the outputs it names exist", () => {
  const parameters = read("infra/main.parameters.json");
  const set = [...readme.matchAll(/azd env set (\w+)/g)].map((m) => m[1]!);
  const named = [...readme.matchAll(/`(BOWTIE_[A-Z_]+)`/g)].map((m) => m[1]!);
  assert.ok(set.length >= 2);
  for (const v of set) assert.ok(parameters.includes(`\${${v}`), `README sets ${v}, which infra/main.parameters.json does not read`);
  const outputs = [...read("infra/main.bicep").matchAll(/^output (\w+)/gm)].map((m) => m[1]!);
  const settings = new Set<string>(APP_SETTINGS.map((s) => s.name));
  for (const v of new Set(named)) {
    const known = outputs.includes(v) || parameters.includes(`\${${v}`) || settings.has(v);
    assert.ok(known, `README names ${v}: not an infra output, an azd variable infra reads, or an app setting`);
  }
  assert.ok(outputs.includes("BOWTIE_API_URL") && outputs.includes("BOWTIE_KEY_VAULT_URL"));
});
