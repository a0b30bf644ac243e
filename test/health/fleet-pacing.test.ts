// Per-subscription pacing of the precise (tier 2) checks: each subscription
// spends its own modelled token buckets, so one busy subscription never holds
// back another, and none is driven past the fleet's share of its buckets.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { bucketsAt, DEFAULT_FLEET_PACING, nextBatch, spend, type FleetBuckets, type PacedWork } from "../../shared/health/fleet-pacing.js";

const P = DEFAULT_FLEET_PACING;
const work = (sub: string, n: number): PacedWork[] => Array.from({ length: n }, (_, i) => ({ deployment: `${sub}-${i}`, subscriptionId: sub }));

test("a subscription whose buckets are spent waits; another subscription's checks start at once", () => {
  const perCheck = { reads: 25, writes: 4 };
  const buckets: FleetBuckets = { a: { reads: 0, writes: 0, at: 0 } };
  const step = nextBatch([...work("a", 20), ...work("b", 20)], buckets, 0, perCheck, P);
  assert.deepEqual(new Set(step.batch.map((w) => w.subscriptionId)), new Set(["b"]), "only b starts");
  // b's full share (200 reads) affords 8 checks of 25 reads.
  assert.equal(step.batch.length, 8);
  assert.equal(step.waiting.length, 32);
});

test("at most `concurrency` checks per subscription start together, each subscription counted apart", () => {
  const step = nextBatch([...work("a", 30), ...work("b", 30), ...work("c", 3)], {}, 0, { reads: 5, writes: 1 }, P);
  const per = (s: string) => step.batch.filter((w) => w.subscriptionId === s).length;
  assert.deepEqual([per("a"), per("b"), per("c")], [P.concurrency, P.concurrency, 3]);
});

test("when nothing can start, it wakes when the first subscription's buckets afford one check", () => {
  const buckets: FleetBuckets = { a: { reads: -40, writes: 10, at: 1_000 }, b: { reads: 0, writes: -8, at: 1_000 } };
  const step = nextBatch([...work("a", 1), ...work("b", 1)], buckets, 1_000, { reads: 20, writes: 4 }, P);
  assert.equal(step.batch.length, 0);
  // a: 60 reads short at 20/s = 3 s; b: 20 reads short = 1 s, 12 writes short at 8/s = 1.5 s -> 1.5 s.
  assert.equal(step.wakeAt, 2_500);
});

test("a check dearer than the whole share still starts, on full buckets", () => {
  const step = nextBatch(work("a", 3), {}, 0, { reads: 1_000, writes: 1 }, P);
  assert.equal(step.batch.length, 1);
});

test("property: paced as the model says, no subscription ever spends beyond its share (burst + refill over the elapsed time)", () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ sub: fc.constantFrom("s1", "s2", "s3"), reads: fc.integer({ min: 1, max: 40 }), writes: fc.integer({ min: 0, max: 6 }) }), { minLength: 1, maxLength: 80 }),
      (checks) => {
        const queue = checks.map((c, i) => ({ deployment: `d${i}`, subscriptionId: c.sub, cost: { reads: c.reads, writes: c.writes } }));
        const perCheck = { reads: 40, writes: 6 }; // the dearest check: the estimate never undershoots
        let buckets: FleetBuckets = {};
        let now = 0;
        let left = queue;
        const spent = new Map<string, { reads: number; writes: number }>();
        for (let guard = 0; left.length && guard < 1_000; guard++) {
          const step = nextBatch(left, buckets, now, perCheck, P);
          buckets = step.buckets;
          if (!step.batch.length) {
            now = step.wakeAt!;
            continue;
          }
          for (const w of step.batch) {
            buckets[w.subscriptionId] = spend(buckets[w.subscriptionId]!, w.cost);
            const s = spent.get(w.subscriptionId) ?? { reads: 0, writes: 0 };
            s.reads += w.cost.reads;
            s.writes += w.cost.writes;
            spent.set(w.subscriptionId, s);
            assert.ok(buckets[w.subscriptionId]!.reads >= 0 && buckets[w.subscriptionId]!.writes >= 0, "never owes tokens when the estimate holds");
          }
          left = step.waiting;
        }
        assert.equal(left.length, 0, "everything was checked");
        for (const [, s] of spent) {
          assert.ok(s.reads <= P.readBurst + (now / 1000) * P.readsPerSecond + 1e-6);
          assert.ok(s.writes <= P.writeBurst + (now / 1000) * P.writesPerSecond + 1e-6);
        }
      },
    ),
    { numRuns: 200 },
  );
});

test("buckets refill at the paced rate up to the share, and a first sight is full", () => {
  assert.deepEqual(bucketsAt(undefined, 5, P), { reads: P.readBurst, writes: P.writeBurst, at: 5 });
  const b = bucketsAt({ reads: 0, writes: 0, at: 0 }, 2_000, P);
  assert.deepEqual([b.reads, b.writes], [2 * P.readsPerSecond, 2 * P.writesPerSecond]);
  assert.deepEqual(bucketsAt({ reads: 0, writes: 0, at: 0 }, 3_600_000, P).reads, P.readBurst);
});
