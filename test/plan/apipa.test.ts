import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { allocateApipa, blockBases, inGatewayApipaRange, intToIp, MAX_NVAS_BY_APIPA } from "../../shared/plan/apipa.js";

test("omitted addresses follow the reference lab's layout", () => {
  const { assignments } = allocateApipa([{}, {}, {}]);
  assert.deepEqual(assignments, [
    { loopbackIp: "169.254.21.1", gatewayBgpIps: ["169.254.21.2", "169.254.21.6"] },
    { loopbackIp: "169.254.22.1", gatewayBgpIps: ["169.254.22.2", "169.254.22.6"] },
    { loopbackIp: "169.254.21.9", gatewayBgpIps: ["169.254.21.10", "169.254.21.14"] },
  ]);
});

test("an explicit loopback keeps its peers in its own block; explicit blocks are skipped by others", () => {
  const { assignments } = allocateApipa([{}, { loopbackIp: "169.254.21.1" }]);
  assert.deepEqual(assignments[1], { loopbackIp: "169.254.21.1", gatewayBgpIps: ["169.254.21.2", "169.254.21.6"] });
  assert.equal(assignments[0]!.loopbackIp, "169.254.22.1", "the first NVA does not take the block the second one named");
});

test(`the range holds ${MAX_NVAS_BY_APIPA} NVAs and not one more`, () => {
  assert.equal(blockBases().length, MAX_NVAS_BY_APIPA);
  assert.deepEqual(allocateApipa(Array.from({ length: MAX_NVAS_BY_APIPA }, () => ({}))).violations, []);
  const over = allocateApipa(Array.from({ length: MAX_NVAS_BY_APIPA + 1 }, () => ({})));
  assert.deepEqual(over.violations.map((v) => v.path), [`$.nvas[${MAX_NVAS_BY_APIPA}]`]);
});

// Random NVA lists with random explicit addresses, each NVA's explicit ones taken from a block of its own.
const nvaList = fc
  .uniqueArray(fc.integer({ min: 0, max: 63 }), { minLength: 1, maxLength: 12 })
  .chain((blocks) =>
    fc.tuple(...blocks.map((b) => fc.tuple(fc.constant(b), fc.boolean(), fc.boolean()))).map((xs) =>
      xs.map(([b, withLoop, withGw]) => {
        const base = blockBases()[b]!;
        return {
          ...(withLoop ? { loopbackIp: intToIp(base + 1) } : {}),
          ...(withGw ? { gatewayBgpIps: [intToIp(base + 2), intToIp(base + 6)] as [string, string] } : {}),
        };
      }),
    ),
  );

test("property: explicit addresses kept, all unique, gateway addresses in range, deterministic", () => {
  fc.assert(
    fc.property(nvaList, (nvas) => {
      const a = allocateApipa(nvas);
      assert.deepEqual(a, allocateApipa(nvas));
      assert.deepEqual(a.violations, []);
      const all = a.assignments.flatMap((x) => [x.loopbackIp, ...x.gatewayBgpIps]);
      assert.equal(new Set(all).size, all.length);
      a.assignments.forEach((x, i) => {
        if (nvas[i]!.loopbackIp) assert.equal(x.loopbackIp, nvas[i]!.loopbackIp);
        if (nvas[i]!.gatewayBgpIps) assert.deepEqual(x.gatewayBgpIps, nvas[i]!.gatewayBgpIps);
        assert.ok(x.gatewayBgpIps.every(inGatewayApipaRange));
      });
    }),
    { numRuns: 300, seed: 7 },
  );
});
