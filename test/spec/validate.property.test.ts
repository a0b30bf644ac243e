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

function deeplyNested(depth: number): unknown {
  let v: unknown = "bottom";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { nested: v };
  return v;
}

const tricky = fc.oneof(
  fc.constantFrom(
    null, "", " ", 0, -1, 1e308, Number.MAX_SAFE_INTEGER, 2 ** 53, -0, NaN, Infinity, -Infinity, true, [], {}, [[[]]],
    "NaN", "Infinity", "1e999", "0x10", "65002", "x".repeat(5000), "😀", "__proto__", "constructor",
    "169.254.21.2", "169.254.300.1", "169.254.0.1", "999.1.1.1", "0.0.0.0", "255.255.255.255", "10.10.0.0/24", "10.0.0.0/33", "10.0.0.0/8",
    "GatewaySubnet", "GCMAES256", "PFSMM", 65515, 4294967295, 4294967296,
    { a: { b: { c: null } } }, deeplyNested(200), ["169.254.21.2", "169.254.21.2"],
  ),
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

test("exotic inputs (a throwing getter, a cycle) are answered, not thrown", () => {
  const throwing = structuredClone(seed);
  Object.defineProperty(throwing.gateway, "asn", { enumerable: true, get() { throw new Error("boom"); } });
  const cyclic = structuredClone(seed);
  cyclic.tags.self = cyclic;
  for (const input of [throwing, cyclic]) {
    const r = validateSpec(input);
    assert.equal(r.ok, false);
    if (!r.ok) assert.ok(r.violations.length > 0 && r.violations.every((v) => v.path.startsWith("$") && v.rule.length > 0));
  }
});

test("inputs that are not objects at all are rejected, not thrown", () => {
  for (const input of [null, undefined, 42, "spec", [], [seed]]) {
    const r = validateSpec(input);
    assert.equal(r.ok, false);
    if (!r.ok) assert.ok(r.violations.length > 0 && r.violations.every((v) => v.path.startsWith("$")));
  }
});
