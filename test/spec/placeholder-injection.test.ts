// Issue 10, defect 1: placeholders are Bowtie's own syntax. A user string
// that carries one ({{secret:nva-admin-password}} in a tag) is rejected by
// validation at its JSON path, with the rule, wherever it stands.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { validateSpec } from "../../shared/spec/validate.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const INJECTED = "{{secret:nva-admin-password}}";

const cases: Array<[string, (s: any) => void, string, RegExp]> = [
  ["a tag value", (s) => (s.tags.owner = INJECTED), "$.tags.owner", /must not contain "\{\{": placeholders are Bowtie's own syntax/],
  ["a tag value with text around it", (s) => (s.tags.owner = `team ${INJECTED} x`), "$.tags.owner", /placeholders are Bowtie's own syntax/],
  ["a tag key", (s) => (s.tags[INJECTED] = "x"), `$.tags[${JSON.stringify(INJECTED)}]`, /a key must not contain "\{\{"/],
  ["the sshPublicKey comment", (s) => (s.nvaDefaults.sshPublicKey = `ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl ${INJECTED}`), "$.nvaDefaults.sshPublicKey", /placeholders are Bowtie's own syntax/],
  ["the image SKU (free text)", (s) => (s.nvaDefaults.image = { sku: "{{publicIp:gw-1-pip}}" }), "$.nvaDefaults.image.sku", /placeholders are Bowtie's own syntax/],
  ["an NVA's vmSize (free text)", (s) => (s.nvas[0].vmSize = "{{customData:c8k-10}}"), "$.nvas[0].vmSize", /placeholders are Bowtie's own syntax/],
  // Names have Azure's alphabets, which have no braces: the naming rule says so at the path.
  ["the gateway name", (s) => (s.gateway.name = INJECTED), "$.gateway.name", /may contain letters, digits/],
  ["an NVA name", (s) => (s.nvas[1].name = INJECTED), "$.nvas[1].name", /NVA name/],
  ["the connection name", (s) => (s.nvas[0].connectionName = `con-${INJECTED}`), "$.nvas[0].connectionName", /may contain letters, digits/],
];

for (const [what, mutate, path, rule] of cases) {
  test(`a placeholder in ${what} is rejected at ${path}`, () => {
    const spec = structuredClone(seed);
    mutate(spec);
    const r = validateSpec(spec);
    assert.equal(r.ok, false, `${what} was accepted`);
    assert.ok(!r.ok);
    const at = r.violations.filter((v) => v.path === path);
    assert.ok(at.some((v) => rule.test(v.rule)), `${what}: ${JSON.stringify(r.violations)}`);
    assert.deepEqual(r.violations.filter((v) => v.path !== path), [], "nothing else fires");
  });
}

test("single braces and the seed lab itself are fine", () => {
  const spec = structuredClone(seed);
  spec.tags.note = "a {b} c }} d";
  assert.equal(validateSpec(spec).ok, true);
});
