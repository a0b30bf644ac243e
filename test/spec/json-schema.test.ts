import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import { topologyJsonSchema } from "../../shared/spec/json-schema.js";

const checkedInText = readFileSync(new URL("../../schema/topology.schema.json", import.meta.url), "utf8");
const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));

test("schema/topology.schema.json is exactly what the zod schema generates", () => {
  const generated = JSON.stringify(topologyJsonSchema(), null, 2) + "\n";
  // Not deepEqual on the text: a diff of 700 lines would hide the one instruction that matters.
  assert.ok(checkedInText === generated, "schema/topology.schema.json is stale: run `npm run schema`");
});

test("the generated schema names itself and describes the input side (defaults optional)", () => {
  const schema = topologyJsonSchema();
  assert.equal(schema.title, "Bowtie topology spec");
  assert.match(String(schema.$id), /topology\.schema\.json$/);
  assert.equal(schema.$schema, "https://json-schema.org/draft/2020-12/schema");
  const required = schema.required as string[];
  assert.ok(required.includes("nvas") && !required.includes("ipsec"), "ipsec has defaults, so the input may omit it");
});

test("the seed lab validates against the JSON Schema; a typo, a bad enum and a missing field do not", () => {
  const ajv = new Ajv2020.default({ strict: false });
  const validate = ajv.compile(JSON.parse(checkedInText));
  assert.equal(validate(seed), true, JSON.stringify(validate.errors));
  assert.equal(validate({ ...seed, gatway: {} }), false, "unknown top-level key");
  assert.equal(validate({ ...seed, gateway: { ...seed.gateway, sku: "Basic" } }), false, "SKU outside the enum");
  const { resourceGroup: _, ...noRg } = seed;
  assert.equal(validate(noRg), false, "resourceGroup is required");
});
