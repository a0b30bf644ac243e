import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  allocateApipa, blockBases, inGatewayApipaRange, intToIp, ipToInt, MAX_NVAS_BY_APIPA,
} from "../../shared/plan/apipa.js";

test("omitted addresses follow the reference lab's layout", () => {
  const { assignments } = allocateApipa([{}, {}, {}]);
  assert.deepEqual(assignments, [
    { loopbackIp: "169.254.21.1", gatewayBgpIps: ["169.254.21.2", "169.254.21.6"] },
    { loopbackIp: "169.254.22.1", gatewayBgpIps: ["169.254.22.2", "169.254.22.6"] },
    { loopbackIp: "169.254.21.9", gatewayBgpIps: ["169.254.21.10", "169.254.21.14"] },
  ]);
});

test("the seed lab's explicit addresses are exactly what allocation would have chosen", () => {
  const explicit = [
    { loopbackIp: "169.254.21.1", gatewayBgpIps: ["169.254.21.2", "169.254.21.6"] as [string, string] },
    { loopbackIp: "169.254.22.1", gatewayBgpIps: ["169.254.22.2", "169.254.22.6"] as [string, string] },
  ];
  assert.deepEqual(allocateApipa([{}, {}]).assignments, explicit);
  assert.deepEqual(allocateApipa(explicit).assignments, explicit);
});

test("fully explicit addresses are returned unchanged, even outside the usual offsets", () => {
  const nva = { loopbackIp: "169.254.100.7", gatewayBgpIps: ["169.254.22.200", "169.254.21.3"] as [string, string] };
  assert.deepEqual(allocateApipa([nva]), { assignments: [{ loopbackIp: nva.loopbackIp, gatewayBgpIps: nva.gatewayBgpIps }], violations: [] });
});

test("an explicit loopback keeps its peers in its own block; explicit blocks are skipped by others", () => {
  const { assignments } = allocateApipa([{}, { loopbackIp: "169.254.21.1" }]);
  assert.deepEqual(assignments[1], { loopbackIp: "169.254.21.1", gatewayBgpIps: ["169.254.21.2", "169.254.21.6"] });
  assert.equal(assignments[0]!.loopbackIp, "169.254.22.1", "the first NVA does not take the block the second one named");
});

test("explicit gateway addresses get their loopback in the same block", () => {
  const { assignments } = allocateApipa([{ gatewayBgpIps: ["169.254.22.10", "169.254.22.14"] }]);
  assert.deepEqual(assignments[0], { loopbackIp: "169.254.22.9", gatewayBgpIps: ["169.254.22.10", "169.254.22.14"] });
});

test("an explicit loopback whose block offsets are taken gets peers from the next free block", () => {
  // NVA 1 names 169.254.21.2, the offset NVA 0's loopback block would give its instance 0 peer.
  const { assignments, violations } = allocateApipa([
    { loopbackIp: "169.254.21.1" },
    { loopbackIp: "169.254.30.1", gatewayBgpIps: ["169.254.21.2", "169.254.22.6"] },
  ]);
  assert.deepEqual(violations, []);
  assert.deepEqual(assignments[0], { loopbackIp: "169.254.21.1", gatewayBgpIps: ["169.254.21.10", "169.254.21.14"] },
    "21.0 is partly used, 22.0 holds 22.6: the first wholly free block is 21.8");
});

test("explicit gateway addresses whose loopback offset is taken get a loopback from the next free block", () => {
  const { assignments } = allocateApipa([
    { gatewayBgpIps: ["169.254.21.2", "169.254.21.6"] },
    { loopbackIp: "169.254.21.1", gatewayBgpIps: ["169.254.22.2", "169.254.22.6"] },
  ]);
  assert.deepEqual(assignments[0], { loopbackIp: "169.254.21.9", gatewayBgpIps: ["169.254.21.2", "169.254.21.6"] });
});

test("a loopback outside the gateway range takes a whole free block for its peers", () => {
  const { assignments } = allocateApipa([{ loopbackIp: "169.254.100.1" }]);
  assert.deepEqual(assignments[0], { loopbackIp: "169.254.100.1", gatewayBgpIps: ["169.254.21.2", "169.254.21.6"] });
});

test(`the range holds ${MAX_NVAS_BY_APIPA} NVAs and not one more`, () => {
  assert.equal(blockBases().length, MAX_NVAS_BY_APIPA);
  assert.equal(new Set(blockBases()).size, MAX_NVAS_BY_APIPA);
  assert.ok(blockBases().every((b) => inGatewayApipaRange(intToIp(b)) && inGatewayApipaRange(intToIp(b + 7))), "every block lies in the range");
  assert.deepEqual(allocateApipa(Array.from({ length: MAX_NVAS_BY_APIPA }, () => ({}))).violations, []);
  const over = allocateApipa(Array.from({ length: MAX_NVAS_BY_APIPA + 1 }, () => ({})));
  assert.deepEqual(over.violations.map((v) => v.path), [`$.nvas[${MAX_NVAS_BY_APIPA}]`]);
});

test("explicit addresses scattered over every block leave no room: allocation fails at the NVA that needs one", () => {
  // 32 NVAs whose gateway addresses touch all 64 blocks (and whose loopbacks lie outside the range), then one bare NVA.
  const bases = blockBases();
  const full = Array.from({ length: 32 }, (_, i) => ({
    loopbackIp: intToIp(ipToInt("169.254.100.1") + i),
    gatewayBgpIps: [intToIp(bases[2 * i]! + 3), intToIp(bases[2 * i + 1]! + 3)] as [string, string],
  }));
  const r = allocateApipa([...full, {}]);
  assert.deepEqual(r.violations.map((v) => v.path), ["$.nvas[32]"]);
  assert.match(r.violations[0]!.rule, /no free \/29 block/);
});

// Random NVA lists; each NVA states a random subset of its addresses, drawn
// from anywhere valid (gateway addresses anywhere in 169.254.21.0-22.255,
// loopbacks anywhere in 169.254.1.0-169.254.254.255), all distinct.
const GW_FIRST = ipToInt("169.254.21.0");
const GW_LAST = ipToInt("169.254.22.255");
const LOOP_FIRST = ipToInt("169.254.1.0");
const LOOP_LAST = ipToInt("169.254.254.255");
const nvaList = fc
  .integer({ min: 1, max: 12 })
  .chain((count) =>
    fc.tuple(
      fc.uniqueArray(fc.integer({ min: LOOP_FIRST, max: LOOP_LAST }), { minLength: count, maxLength: count }),
      fc.uniqueArray(fc.integer({ min: GW_FIRST, max: GW_LAST }), { minLength: 2 * count, maxLength: 2 * count }),
      fc.array(fc.tuple(fc.boolean(), fc.boolean()), { minLength: count, maxLength: count }),
    ),
  )
  .map(([loops, gws, which]) =>
    which.map(([withLoop, withGw], i) => ({
      ...(withLoop && !gws.includes(loops[i]!) ? { loopbackIp: intToIp(loops[i]!) } : {}),
      ...(withGw ? { gatewayBgpIps: [intToIp(gws[2 * i]!), intToIp(gws[2 * i + 1]!)] as [string, string] } : {}),
    })),
  );

test("property: explicit kept, all unique, gateway addresses in range, deterministic", () => {
  fc.assert(
    fc.property(nvaList, (nvas) => {
      const a = allocateApipa(nvas);
      assert.deepEqual(a, allocateApipa(structuredClone(nvas)), "same input, same addresses");
      // At most 12 NVAs touch at most 36 blocks with explicit addresses and claim 12 more: 64 always suffice.
      assert.deepEqual(a.violations, []);
      assert.equal(a.assignments.length, nvas.length);
      const all = a.assignments.flatMap((x) => [x.loopbackIp, ...x.gatewayBgpIps]);
      assert.equal(new Set(all).size, all.length, `duplicates in ${all.join(" ")}`);
      a.assignments.forEach((x, i) => {
        const n = nvas[i]!;
        if (n.loopbackIp) assert.equal(x.loopbackIp, n.loopbackIp);
        else assert.ok(inGatewayApipaRange(x.loopbackIp), "allocated loopbacks come from the gateway range too");
        if (n.gatewayBgpIps) assert.deepEqual(x.gatewayBgpIps, n.gatewayBgpIps);
        assert.ok(x.gatewayBgpIps.every(inGatewayApipaRange), `gateway addresses out of range: ${x.gatewayBgpIps.join(" ")}`);
      });
    }),
    { numRuns: 300, seed: 7 },
  );
});
