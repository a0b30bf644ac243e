// Random damage to a valid spec: the validator answers — valid, or rejected
// with located, worded violations — and never crashes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { validateSpec } from "../../shared/spec/validate.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));

type Path = Array<string | number>;
function paths(v: unknown, at: Path = []): Path[] {
  if (Array.isArray(v)) return [at, ...v.flatMap((x, i) => paths(x, [...at, i]))];
  if (v && typeof v === "object") return [at, ...Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))];
  return [at];
}
const allPaths = paths(seed).filter((p) => p.length > 0);

const tricky = fc.oneof(
  fc.constantFrom(null, "", " ", 0, -1, 1e308, Number.MAX_SAFE_INTEGER, true, [], {}, "NaN", "169.254.21.2", "999.1.1.1", "10.0.0.0/33", "10.0.0.0/8", "GatewaySubnet", "__proto__", "constructor", "😀"),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.anything({ maxDepth: 2 }),
);

const mutation = fc.oneof(
  fc.record({ kind: fc.constant("set" as const), path: fc.constantFrom(...allPaths), value: tricky }),
  fc.record({ kind: fc.constant("delete" as const), path: fc.constantFrom(...allPaths) }),
  fc.record({ kind: fc.constant("duplicate" as const), path: fc.constantFrom(...allPaths.filter((p) => typeof p.at(-1) === "number")) }),
  fc.record({ kind: fc.constant("unknown" as const), path: fc.constantFrom(...allPaths), key: fc.string({ minLength: 1, maxLength: 8 }) }),
);

function apply(spec: any, m: any): void {
  const parent = m.path.slice(0, -1).reduce((o: any, k: string | number) => (o && typeof o === "object" ? o[k] : undefined), spec);
  if (!parent || typeof parent !== "object") return;
  const key = m.path.at(-1);
  if (m.kind === "set") parent[key] = m.value;
  else if (m.kind === "delete") Array.isArray(parent) ? parent.splice(key, 1) : delete parent[key];
  else if (m.kind === "duplicate" && Array.isArray(parent)) parent.push(structuredClone(parent[key]));
  else if (m.kind === "unknown" && parent[key] && typeof parent[key] === "object" && !Array.isArray(parent[key])) parent[key][m.key] = 1;
}

test("random mutations of the seed: valid, or rejected with located violations — never a crash", () => {
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
      const spec = structuredClone(seed);
      for (const m of ms) apply(spec, m);
      const r = validateSpec(spec);
      if (r.ok) return;
      assert.ok(r.violations.length > 0);
      for (const v of r.violations) {
        assert.match(v.path, /^\$/);
        assert.ok(v.rule.trim().length > 0);
        assert.doesNotMatch(v.rule, /could not check this spec/, "no rule may throw on a structurally valid spec");
      }
    }),
    { numRuns: 400, seed: 20261125 },
  );
});

test("inputs that are not objects at all are rejected, not thrown", () => {
  for (const input of [null, undefined, 42, "spec", [], [seed]]) {
    const r = validateSpec(input);
    assert.equal(r.ok, false);
  }
});
