// The scheduler and the durable timer agree on time: whatever the backoff's
// fractional steps, a timer set for nextPollAt() (sent as an ISO string with
// millisecond precision, as durable-functions serialises fireAt) wakes the
// loop with at least one poll due.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { GraphScheduler } from "../../orchestrations/graph/scheduler.js";
import { TYPICAL_SECONDS } from "../../shared/plan/typical-durations.js";
import type { PlannedResource, ResourceType } from "../../shared/plan/types.js";

const TYPES = Object.keys(TYPICAL_SECONDS) as ResourceType[];
const res = (i: number, type: ResourceType): PlannedResource => ({ id: `/x/r${i}`, type, name: `r${i}`, apiVersion: "v", dependsOn: [], body: {} });

/** What the orchestration's clock reads when a timer set for `at` fires: the wire's whole milliseconds. */
const firedAt = (at: number) => Date.parse(new Date(at).toISOString());

test("property: a timer fired at nextPollAt always finds a poll due, however fractional the poll intervals", () => {
  fc.assert(
    fc.property(
      // The orchestration's clock reads whole milliseconds; the backoff's steps are what is fractional.
      fc.array(fc.record({ type: fc.constantFrom(...TYPES), startedAt: fc.integer({ min: 0, max: 3_600_000 }) }), { minLength: 1, maxLength: 6 }),
      fc.array(fc.integer({ min: 0, max: 5_000 }), { minLength: 1, maxLength: 60 }),
      (resources, latencies) => {
        const plan = resources.map((r, i) => res(i, r.type));
        const s = new GraphScheduler(plan);
        s.takeReady();
        plan.forEach((r, i) => s.recordApply(r.id, { outcome: "started" }, resources[i]!.startedAt));
        for (const latency of latencies) {
          const next = s.nextPollAt()!;
          assert.ok(Number.isInteger(next), `nextPollAt is whole milliseconds (${next})`);
          const due = s.duePolls(firedAt(next));
          assert.ok(due.length > 0, `nothing due when the timer set for ${next} fired at ${firedAt(next)}`);
          // The reads come back a moment later; every operation is still running.
          for (const r of due) s.recordPoll(r.id, { provisioningState: "Updating" }, firedAt(next) + latency);
        }
      },
    ),
    { numRuns: 300 },
  );
});

test("a 45-minute gateway: every poll of its backoff lands on a whole millisecond", () => {
  const s = new GraphScheduler([res(0, "Microsoft.Network/virtualNetworkGateways")]);
  s.takeReady();
  s.recordApply("/x/r0", { outcome: "started" }, 0);
  const polls: number[] = [];
  while (s.nextPollAt()! < 45 * 60_000) {
    const at = firedAt(s.nextPollAt()!);
    assert.equal(s.duePolls(at).length, 1);
    polls.push(at);
    s.recordPoll("/x/r0", { provisioningState: "Updating" }, at);
  }
  // 31.5 min, then 52.5 s × 1.5ⁿ: the fourth step (177.1875 s) was the first fractional one.
  assert.deepEqual(polls.slice(0, 5), [1_890_000, 1_942_500, 2_021_250, 2_139_375, 2_316_563]);
});
