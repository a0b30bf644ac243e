// The local durable driver with the real durable-functions replay engine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../emulator/clock.js";
import { LocalDurableHost } from "../../emulator/durable/index.js";
import { EventType } from "../../emulator/durable/wire.js";
import * as o from "./fixtures/orchestrators.js";

const T0 = Date.UTC(2030, 0, 1);

function host(activities: Record<string, (input: any) => unknown> = {}, clock = new VirtualClock(T0)) {
  return new LocalDurableHost({
    orchestrations: { ...o } as any,
    activities: { square: (x: number) => x * x, ...activities },
    clock,
  });
}

test("fan-out/fan-in runs every activity and returns results in order", async () => {
  const h = host();
  const id = h.start("fanOut", { input: 5 });
  const s = await h.waitForCompletion(id);
  assert.equal(s.runtimeStatus, "Completed");
  assert.deepEqual(s.output, [0, 1, 4, 9, 16]);
  assert.deepEqual(s.customStatus, { done: 5 });
});

test("fan-out activities really run in parallel", async () => {
  let running = 0;
  let peak = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const h = host({
    square: async (x: number) => {
      running++;
      peak = Math.max(peak, running);
      if (running === 4) release();
      await gate;
      running--;
      return x * x;
    },
  });
  const id = h.start("fanOut", { input: 4 });
  const s = await h.waitForCompletion(id);
  assert.equal(s.runtimeStatus, "Completed");
  assert.equal(peak, 4, "all four activities were in flight at once");
});

test("callActivityWithRetry: two failures, then success, with DTFx's retry timers on the virtual clock", async () => {
  let calls = 0;
  const clock = new VirtualClock(T0);
  const h = host({
    flaky: () => {
      calls++;
      if (calls < 3) throw new Error(`attempt ${calls} failed`);
      return "ok";
    },
  }, clock);
  const id = h.start("withRetry");
  const s = await h.waitForCompletion(id);
  assert.equal(s.output, "ok");
  assert.equal(calls, 3);
  const history = h.history(id);
  const timers = history.filter((e) => e.EventType === EventType.TimerCreated).map((e) => Date.parse(e.FireAt as string) - Date.parse(e.Timestamp));
  assert.deepEqual(timers, [5000, 10000], "first interval, then doubled");
  assert.equal(history.filter((e) => e.EventType === EventType.TaskScheduled).length, 3);
  // 3 attempts of 1 s virtual latency each, plus 5 s and 10 s of waiting.
  assert.equal(clock.now() - T0, 3000 + 15000);
});

test("after the last failed attempt the error reaches the orchestrator (after DTFx's immediate timer)", async () => {
  let calls = 0;
  const h = host({ alwaysFails: () => { calls++; throw new Error("nope"); } });
  const id = h.start("retryExhausted");
  const s = await h.waitForCompletion(id);
  assert.equal(calls, 3);
  assert.match(String(s.output), /^caught: Activity function 'alwaysFails' failed: nope/);
  const timers = h.history(id).filter((e) => e.EventType === EventType.TimerCreated);
  assert.equal(timers.length, 3, "two retry waits and the final immediate timer");
  assert.equal(timers.at(-1)!.FireAt, timers.at(-1)!.Timestamp);
});

test("a polling loop with durable timers and backoff finishes when the virtual job does", async () => {
  const clock = new VirtualClock(T0);
  let doneAt = 0;
  const h = host({
    submitJob: () => { doneAt = clock.now() + 30 * 60_000; return null; },
    jobState: () => (clock.now() >= doneAt ? "Succeeded" : "Running"),
  }, clock);
  const id = h.start("pollJob");
  const s = await h.waitForCompletion(id);
  const out = s.output as { polls: number; at: string };
  // Waits of 1, 2, 4, 5, 5, 5, 5, 5 minutes (backoff capped at 5) reach the 30-minute job on the 8th poll.
  assert.equal(out.polls, 8);
  assert.ok(Date.parse(out.at) - T0 >= 30 * 60_000);
});

test("yield* delegation to helper generators works", async () => {
  const s = await (async () => { const h = host(); return h.waitForCompletion(h.start("delegates")); })();
  assert.equal(s.output, 10 + 17);
});

test("sub-orchestrations: a result comes back; a failure arrives with the host's message", async () => {
  const h = host();
  const id = h.start("parent");
  const s = await h.waitForCompletion(id);
  assert.deepEqual(s.output, { ok: [0, 1, 4], childError: "Orchestrator function 'boom' failed: child exploded " });
});

test("external events: raised after the wait and before it", async () => {
  const h = host();
  const late = h.start("waitsForApproval");
  await h.runUntilIdle();
  assert.equal(h.status(late)!.runtimeStatus, "Running");
  h.raiseEvent(late, "Approval", { by: "ops" });
  assert.deepEqual((await h.waitForCompletion(late)).output, { approval: { by: "ops" } });

  const early = h.start("waitsForApproval");
  h.raiseEvent(early, "Approval", "yes");
  assert.deepEqual((await h.waitForCompletion(early)).output, { approval: "yes" });
});

test("continueAsNew restarts with the new input and keeps each execution's history short", async () => {
  const h = host();
  const id = h.start("counter", { input: 1 });
  const s = await h.waitForCompletion(id);
  assert.equal(s.output, 5);
  const starts = h.history(id).filter((e) => e.EventType === EventType.ExecutionStarted).map((e) => e.Input);
  assert.deepEqual(starts, ["1", "2", "3", "4", "5"]);
});

test("terminate stops an instance; its pending work is dropped", async () => {
  const h = host();
  const id = h.start("waitsForApproval");
  await h.runUntilIdle();
  h.terminate(id, "operator said so");
  await h.runUntilIdle();
  assert.equal(h.status(id)!.runtimeStatus, "Terminated");
  assert.equal(h.status(id)!.output, "operator said so");
  assert.throws(() => h.raiseEvent(id, "Approval", 1), /Terminated/);
});

test("a running instance id cannot be started twice", async () => {
  const h = host();
  h.start("waitsForApproval", { instanceId: "x" });
  assert.throws(() => h.start("waitsForApproval", { instanceId: "x" }), /already exists and is Pending/);
});

test("non-determinism: renaming a scheduled activity mid-flight fails the instance as DTFx does", async () => {
  const h = host({ A: () => "a", B: () => "b", C: () => "c" });
  const id = h.start("sequence");
  await h.runUntilIdle({ until: T0 + 10 * 60_000 }); // A done, timer pending
  h.replaceOrchestrator("sequence", o.sequenceRenamed as any);
  const s = await h.waitForCompletion(id);
  assert.equal(s.runtimeStatus, "Failed");
  assert.match(String(s.output), /NonDeterministicOrchestrationException: .*scheduled activity 'A' with sequence id 0, but the current replay produced activity 'C'/);
});

test("non-determinism: changing only inputs or a timer's duration still completes, as in DTFx", async () => {
  const h = host({ A: () => "a", B: () => "b" });
  const id = h.start("sequence");
  await h.runUntilIdle({ until: T0 + 10 * 60_000 });
  h.replaceOrchestrator("sequence", o.sequenceNewInput as any);
  const s = await h.waitForCompletion(id);
  assert.equal(s.runtimeStatus, "Completed");
  assert.equal(s.output, "ab");
});

test("an activity that throws reaches the orchestrator's catch with the host's Reason", async () => {
  const h = host({ alwaysFails: () => { throw new Error("bad input"); } });
  const s = await h.waitForCompletion(h.start("catchesActivityError"));
  assert.equal(s.output, "Activity function 'alwaysFails' failed: bad input ");
});

test("the same inputs give the same history", async () => {
  const run = async () => {
    const h = host();
    const id = h.start("fanOut", { instanceId: "same", input: 3 });
    await h.waitForCompletion(id);
    return h.history(id).map((e) => ({ ...e }));
  };
  assert.deepEqual(await run(), await run());
});
