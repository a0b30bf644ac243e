// The change matrix of issue 11, end to end on the emulator from the seed
// lab, through the `bowtie` command line exactly as a user runs it
// (test/helpers/change-matrix.ts, the same harness `npm run bench` prints):
// for each change, the what-if lists exactly the changes the run then
// reports carrying out; the run converges to exactly the new plan (what-if
// afterwards all `none`, health healthy: 0 drift, 0 orphans, every session
// Connected); on 2 NVAs no prefix is ever without a path nor blackholed; a
// 1-NVA replacement is refused without --allow-outage (nothing written,
// the refusal naming the prefixes), and with it reports its outage. Adding or
// removing an NVA is degraded exactly while the gateway's rolling APIPA update
// has an instance down, as long as a SKU resize: a removed NVA's sessions stop
// counting once drained, a new NVA's coming up hide no instance down.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { CHANGE_CASES, ChangeMatrix, type Disruption } from "../helpers/change-matrix.js";

const matrix = new ChangeMatrix();
after(() => matrix.close());
const measured = new Map<string, Disruption>();

const tail = (text: string) => text.split("\n").slice(-6).join("\n");

for (const c of CHANGE_CASES) {
  test(`change matrix: ${c.change}`, async () => {
    const r = await matrix.run(c);
    if (c.how !== "rotate-psk") assert.deepEqual(r.whatIf, c.expected, "the what-if lists exactly these changes");

    if (c.outage) {
      assert.ok(r.refused, "the run without --allow-outage was made");
      assert.notEqual(r.refused.code, 0, `refused without --allow-outage: ${tail(r.refused.text)}`);
      assert.match(r.refused.text, /allow-outage|allowOutage/, "the refusal says how to allow it");
      for (const prefix of ["10.0.0.0/16", "10.10.0.0/16"]) assert.ok(r.refused.text.includes(prefix), `the refusal names ${prefix}: ${tail(r.refused.text)}`);
      assert.deepEqual(r.refused.whatIfAfter, r.whatIf, "a refused change writes nothing");
    }

    assert.equal(r.run.code, 0, `the run exits 0: ${tail(r.run.err)}`);
    const out = r.run.output;
    assert.ok(out, "the run printed its --json result");
    assert.equal(out.status, "Succeeded");
    assert.deepEqual(r.carriedOut, c.expected, "the run reports carrying out exactly the what-if's changes");
    assert.ok(r.writes > 0, "it wrote");

    assert.deepEqual(r.whatIfAfter, [], "converged: the what-if of the same spec afterwards is all none");
    assert.deepEqual(r.health, { code: 0, status: "healthy", drift: 0, orphans: 0, sessions: 0 }, "healthy afterwards: no drift, no orphan, every session Connected");
    for (const s of [...(out.sessions?.gateway ?? []), ...(out.sessions?.routeServer ?? [])]) assert.equal(s.state, "Connected");

    const d = out.disruption;
    assert.ok(d, "the run reports its disruption");
    measured.set(c.change, d);
    if (c.outage) {
      assert.ok(d.secondsWithoutPath > 0, `the allowed outage is reported: ${JSON.stringify(d)}`);
    } else {
      assert.deepEqual([d.secondsWithoutPath, d.secondsBlackholed], [0, 0], `no prefix without a path, nothing blackholed: ${JSON.stringify(d)}`);
    }
  });
}

test("change matrix: adding or removing an NVA is degraded only while the gateway's rolling update has an instance down, as long as a SKU resize", () => {
  const degraded = (change: string) => {
    const d = measured.get(change);
    assert.ok(d, `${change} was measured above`);
    return d.secondsDegraded;
  };
  const resize = degraded("gateway SKU VpnGw1AZ -> VpnGw2AZ");
  assert.ok(resize > 0, "a rolling gateway update has one instance down at a time");
  for (const change of ["add an NVA", "remove an NVA"]) {
    assert.ok(Math.abs(degraded(change) - resize) <= 2, `${change}: ${degraded(change)} s degraded, the SKU resize ${resize} s`);
  }
});
