import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { topologyJsonSchema } from "../../shared/spec/json-schema.js";

const checkedIn = JSON.parse(readFileSync(new URL("../../schema/topology.schema.json", import.meta.url), "utf8"));

test("schema/topology.schema.json is what the validator generates (run `npm run schema` after changing the spec)", () => {
  assert.deepEqual(checkedIn, topologyJsonSchema());
});

test("the seed lab validates against the JSON Schema, and a typo does not", () => {
  const validate = new Ajv2020({ strict: false }).compile(checkedIn);
  const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
  assert.equal(validate(seed), true, JSON.stringify(validate.errors));
  assert.equal(validate({ ...seed, gatway: {} }), false);
});
