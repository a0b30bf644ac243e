// Validation does work linear in its input and answers in bounded size:
// duplicate and overlapping prefixes are found through an index (one
// violation per offending prefix, not one per pair), nesting is checked
// without recursion, and what an answer lists of the violations is capped
// and cut to a readable length.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { overlaps, within } from "../../shared/spec/cidr.js";
import { MAX_SPEC_DEPTH, MAX_SPEC_VALUES } from "../../shared/spec/json-bounds.js";
import { PrefixIndex } from "../../shared/spec/prefix-index.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { listViolations, MAX_LISTED_VIOLATIONS, MAX_SHOWN_CHARS } from "../../shared/spec/violation-list.js";
import { SpecError, type Violation } from "../../shared/spec/violations.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const mutate = (f: (s: any) => void) => {
  const s = structuredClone(seed);
  f(s);
  return s;
};
const violationsOf = (input: unknown): Violation[] => {
  const r = validateSpec(input);
  assert.equal(r.ok, false);
  return r.ok ? [] : r.violations;
};

test("n copies of one address-space prefix: one violation per copy after the first, each naming the first (not n(n-1)/2)", () => {
  const n = 300;
  const found = violationsOf(mutate((s) => (s.clientVnet.addressSpace = Array(n).fill("10.0.0.0/16"))));
  assert.equal(found.length, n - 1, `${found.length} violations`);
  found.forEach((v, k) => {
    assert.equal(v.path, `$.clientVnet.addressSpace[${k + 1}]`);
    assert.match(v.rule, /must not overlap; overlaps \$\.clientVnet\.addressSpace\[0\] 10\.0\.0\.0\/16/);
  });
});

test("n subnets on one prefix: one overlap violation per subnet after the first", () => {
  const n = 300;
  const found = violationsOf(mutate((s) => (s.clientVnet.subnets = Array.from({ length: n }, (_, i) => ({ name: `s${i}`, prefix: "10.0.1.0/29" })))));
  assert.equal(found.length, n - 1, `${found.length} violations`);
  assert.ok(found.every((v) => /subnets must not overlap; s\d+ overlaps s0 \(10\.0\.1\.0\/29\)/.test(v.rule)));
});

test("a message that quotes the VNet's address space names a few prefixes, not all of them", () => {
  const space = Array.from({ length: 2000 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
  const found = violationsOf(mutate((s) => {
    s.clientVnet.addressSpace = space;
    s.clientVnet.gatewaySubnet = "192.168.0.0/27";
  }));
  const outside = found.find((v) => v.path === "$.clientVnet.gatewaySubnet");
  assert.ok(outside, JSON.stringify(found.slice(0, 3)));
  assert.match(outside.rule, /must lie inside the VNet's address space \(10\.0\.0\.0\/24, 10\.0\.1\.0\/24, 10\.0\.2\.0\/24 and 1997 more\)/);
});

// The index against the definition it replaces: compare each prefix with every earlier one.
const prefix = fc
  .tuple(fc.constantFrom(0, 10, 172), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 32 }))
  .map(([a, b, c, len]) => `${a}.${b}.${c}.0/${len}`);

test("PrefixIndex answers exactly what the pairwise comparison answers, naming the first match", () => {
  fc.assert(
    fc.property(fc.array(prefix, { maxLength: 25 }), fc.array(prefix, { maxLength: 8 }), (added, queries) => {
      const index = new PrefixIndex<number>();
      added.forEach((p, i) => index.add(p, i));
      for (const q of queries) {
        const firstOverlap = added.findIndex((p) => overlaps(p, q));
        const firstContaining = added.findIndex((p) => within(p, q));
        assert.equal(index.overlapping(q), firstOverlap < 0 ? undefined : firstOverlap, `overlapping ${q} in ${added}`);
        assert.equal(index.containing(q), firstContaining < 0 ? undefined : firstContaining, `containing ${q} in ${added}`);
      }
    }),
    { numRuns: 300, seed: 20261205 },
  );
});

test("10,000 levels of nesting are one violation at the level past the limit, found without recursion", () => {
  let deep: unknown = 1;
  for (let i = 0; i < 10_000; i++) deep = i % 2 ? [deep] : { a: deep };
  const found = violationsOf(mutate((s) => (s.tags = deep)));
  assert.equal(found.length, 1);
  const [v] = found;
  assert.match(v!.rule, new RegExp(`more than ${MAX_SPEC_DEPTH} levels deep`));
  // $.tags is level 2; the first container past the limit is MAX_SPEC_DEPTH - 1 levels further down.
  assert.equal(v!.path.match(/\.a|\[0\]/g)?.length, MAX_SPEC_DEPTH - 1, v!.path);
  assert.ok(v!.path.startsWith("$.tags[0].a[0].a"), v!.path);
  // A bare 10,000-deep array, as the API's body or a spec file could hold.
  assert.match(violationsOf(JSON.parse("[".repeat(10_000) + "]".repeat(10_000)))[0]!.rule, /levels deep/);
  // A spec as deep as the limit is judged by its rules as usual.
  let ok: unknown = "x";
  for (let i = 0; i < MAX_SPEC_DEPTH - 2; i++) ok = [ok];
  assert.ok(violationsOf(mutate((s) => (s.tags = { t: ok }))).every((v) => !/levels deep/.test(v.rule)));
});

test("a spec of more than 10,000 values is one violation naming the array that takes it past, before the schema pass", () => {
  const found = violationsOf(mutate((s) => (s.nvas = Array(MAX_SPEC_VALUES).fill({}))));
  assert.equal(found.length, 1);
  assert.equal(found[0]!.path, "$.nvas");
  assert.match(found[0]!.rule, /at most 10000 values .* this array of 10000 items takes it past that/);
  // 5,000 prefixes are within the bound, and judged by the rules.
  assert.equal(violationsOf(mutate((s) => (s.clientVnet.addressSpace = Array(5000).fill("10.0.0.0/16")))).length, 4999);
});

test("an answer lists at most 100 violations, each cut to a readable length, and counts the rest", () => {
  const huge = "x".repeat(100_000);
  const bigArray = Array.from({ length: 100_000 }, (_, i) => i);
  const all: Violation[] = [
    { path: "$." + "k".repeat(5000), rule: "r".repeat(5000), value: huge },
    { path: "$.a", rule: "an array", value: bigArray },
    { path: "$.o", rule: "an object", value: Object.fromEntries(bigArray.map((i) => [`k${i}`, i])) },
    { path: "$.s", rule: "small values pass unchanged", value: { asn: 65002, ips: ["169.254.21.1"] } },
    ...Array.from({ length: 5000 }, (_, i) => ({ path: `$.x[${i}]`, rule: "duplicate", value: "10.0.0.0/16" })),
  ];
  const { listed, omitted } = listViolations(all);
  assert.equal(listed.length, MAX_LISTED_VIOLATIONS);
  assert.equal(omitted, all.length - MAX_LISTED_VIOLATIONS);
  assert.ok(JSON.stringify(listed).length < 50_000, `${JSON.stringify(listed).length} characters`);
  assert.ok(listed[0]!.path.length < MAX_SHOWN_CHARS + 40 && (listed[0]!.value as string).length < MAX_SHOWN_CHARS + 40);
  assert.match(listed[0]!.value as string, /… \(99800 more characters\)$/);
  assert.equal(listed[1]!.value, "(an array of 100000 item(s), too long to show)");
  assert.equal(listed[2]!.value, "(an object with 100000 key(s), too long to show)");
  assert.deepEqual(listed[3], all[3]);
  // A planner's SpecError lists the same way.
  const error = new SpecError(all);
  assert.ok(error.message.length < 50_000);
  assert.match(error.message, /breaks 5004 rule\(s\)[\s\S]*… and 4904 more$/);
});
