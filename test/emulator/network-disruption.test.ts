// The session timeline and the disruption figures computed from it, on the
// reference lab's resources with the convergence model's real timers
// (DPD 45 s, hold time 180 s), observed every simulated second.
import { test } from "node:test";
import assert from "node:assert/strict";
import { ConvergenceTracker } from "../../emulator/network/convergence.js";
import { computeDisruption } from "../../emulator/network/disruption.js";
import { computeNetworkState } from "../../emulator/network/outcome.js";
import { SessionTimeline } from "../../emulator/network/timeline.js";
import type { NetworkInputs, NetworkState } from "../../emulator/network/types.js";
import { IDS, seedInputs } from "../fixtures/network/seed-resources.js";

const T0 = Date.UTC(2030, 0, 1);
const at = (seconds: number) => T0 + seconds * 1000;

/** Observe `steadyAt(second)` each second from 0 to `until`, recording a timeline. */
function run(steadyAt: (second: number) => NetworkState, until: number): SessionTimeline {
  const tracker = new ConvergenceTracker();
  const timeline = new SessionTimeline("lab");
  for (let s = 0; s <= until; s++) {
    const steady = steadyAt(s);
    timeline.record(steady, tracker.observe(steady, at(s)), at(s));
  }
  return timeline;
}

const stopped = (inputs: NetworkInputs, vmId: string) => {
  inputs.powerStates[vmId.toLowerCase()] = "stopped";
  return inputs;
};

/** The lab with c8k-20 gone entirely: one NVA carries everything. */
function oneNva(): NetworkInputs {
  const inputs = seedInputs();
  const gone = [IDS.vm20, IDS.con20, IDS.lng20, IDS.bgpConn20].map((id) => id.toLowerCase());
  inputs.resources = inputs.resources.filter((r) => !gone.includes(r.id.toLowerCase()));
  return inputs;
}

const healthy = computeNetworkState(seedInputs());
const c8k10Off = computeNetworkState(stopped(seedInputs(), IDS.vm10));

test("the seed lab with c8k-10 powered off: Azure routes into it until the hold timer (180 s), yet every prefix keeps a path through c8k-20", () => {
  const timeline = run((s) => (s < 300 ? healthy : c8k10Off), 800);
  const d = computeDisruption(timeline, { from: at(300), to: at(800) });
  assert.equal(d.secondsBlackholed, 180);
  assert.equal(d.secondsWithoutPath, 0);
  assert.equal(d.minGatewaySessionsUp, 2, "c8k-20's two gateway sessions stay up");
  assert.equal(d.secondsDegraded, 320, "from the hold timer's expiry to the window's end, c8k-10's 4 sessions are down");

  // The timeline itself: c8k-10's tunnels go at DPD (45 s), its gateway and Route Server sessions at the hold timer.
  const c8k10 = timeline.changes.filter((c) => c.at > at(300) && c.vmId?.toLowerCase() === IDS.vm10.toLowerCase());
  assert.deepEqual(
    [...new Set(c8k10.map((c) => `${c.kind} ${c.from}->${c.state} +${(c.at - at(300)) / 1000}s`))].sort(),
    ["gateway Connected->Connecting +180s", "routeServer Connected->Connecting +180s", "tunnel Connected->NotConnected +45s"],
  );
  const during = timeline.snapshots.find((s) => s.at === at(300))!;
  assert.ok(during.blackholed.some((b) => b.side === "gateway" && b.why === "its VM is not running"));
  assert.ok(during.blackholed.some((b) => b.side === "routeServer"));
  assert.deepEqual(during.gateway["10.10.0.0/16"], [IDS.vm20], "the gateway's working path to the provider VNet is c8k-20");
});

test("a one-NVA topology powered off: its prefixes have no path from the moment it stops", () => {
  const up = computeNetworkState(oneNva());
  const off = computeNetworkState(stopped(oneNva(), IDS.vm10));
  const timeline = run((s) => (s < 300 ? up : off), 800);
  const d = computeDisruption(timeline, { from: at(300), to: at(800) });
  assert.equal(d.secondsWithoutPath, 500, "a held session into a stopped VM is no path");
  assert.equal(d.secondsBlackholed, 180);
  assert.equal(d.minGatewaySessionsUp, 0);
});

test("nothing happening: every figure is zero, and the gateway keeps its four sessions", () => {
  const timeline = run(() => healthy, 800);
  assert.deepEqual(computeDisruption(timeline, { from: at(300), to: at(800) }), { secondsWithoutPath: 0, secondsBlackholed: 0, secondsDegraded: 0, minGatewaySessionsUp: 4 });
});

test("a deleted NVA is as silent as a stopped one: its sessions are held, and blackholed, until the hold timer", () => {
  const deleted = (() => {
    const inputs = seedInputs();
    inputs.resources = inputs.resources.filter((r) => r.id.toLowerCase() !== IDS.vm10.toLowerCase());
    return computeNetworkState(inputs);
  })();
  const timeline = run((s) => (s < 300 ? healthy : deleted), 800);
  const d = computeDisruption(timeline, { from: at(300), to: at(800) });
  assert.equal(d.secondsBlackholed, 180);
  assert.equal(d.secondsWithoutPath, 0);
  assert.ok(timeline.snapshots.find((s) => s.at === at(300))!.blackholed.some((b) => b.why === "its VM is gone"));
});

test("the window and the baseline: before the change nothing counts; expected prefixes can be given", () => {
  const timeline = run((s) => (s < 300 ? healthy : c8k10Off), 800);
  assert.equal(computeDisruption(timeline, { from: at(100), to: at(300) }).secondsBlackholed, 0);
  assert.equal(computeDisruption(timeline, { from: at(400), to: at(450) }).secondsBlackholed, 50, "a window inside the hold time");
  const expectingMore = computeDisruption(timeline, { from: at(300), to: at(400) }, { expected: { gateway: ["10.99.0.0/16"], routeServer: [] } });
  assert.equal(expectingMore.secondsWithoutPath, 100, "a prefix nobody carries has no path all along");
});

/** The seed lab without some of c8k-20's resources (by id). */
function without(...ids: string[]): NetworkInputs {
  const inputs = seedInputs();
  const gone = ids.map((id) => id.toLowerCase());
  inputs.resources = inputs.resources.filter((r) => !gone.includes(r.id.toLowerCase()));
  return inputs;
}

/** What removing c8k-20 deletes on purpose, as the CLI passes it (its what-if's delete entries). */
const REMOVING_C8K_20 = [IDS.bgpConn20, IDS.con20, IDS.lng20, IDS.vm20];

test("removing c8k-20 drained first (its peering and connection deleted with it): no second degraded, while an unexplained loss counts to the end", () => {
  const timeline = run((s) => (s < 300 ? healthy : computeNetworkState(oneNva())), 800);
  const d = computeDisruption(timeline, { from: at(300), to: at(800) }, { retiring: REMOVING_C8K_20 });
  assert.deepEqual(d, { secondsWithoutPath: 0, secondsBlackholed: 0, secondsDegraded: 0, minGatewaySessionsUp: 2 }, "c8k-10's sessions never dropped");
  assert.equal(computeDisruption(timeline, { from: at(300), to: at(800) }).secondsDegraded, 500, "not told the removal was meant, its sessions gone are down for good");
});

test("removing c8k-20 with its VM deleted before its connection and peering: degraded while Azure still held its sessions configured and down, not after the drain", () => {
  const vmGone = computeNetworkState(without(IDS.vm20));
  const timeline = run((s) => (s < 300 ? healthy : s < 600 ? vmGone : computeNetworkState(oneNva())), 800);
  const d = computeDisruption(timeline, { from: at(300), to: at(800) }, { retiring: REMOVING_C8K_20 });
  assert.equal(d.secondsDegraded, 120, "from the hold timer's expiry (480 s) to the peering and connection's deletion (600 s)");
  assert.equal(d.secondsBlackholed, 180, "the safety figures excuse nothing the change meant: routed into a deleted VM until the hold timer");
  assert.equal(d.secondsWithoutPath, 0);
});

test("adding c8k-20: its sessions count once they first come up, so losing them later is degraded though no more are down than before the change", () => {
  const vm20Off = computeNetworkState(stopped(seedInputs(), IDS.vm20));
  const timeline = run((s) => (s < 300 ? computeNetworkState(oneNva()) : s < 600 ? healthy : vm20Off), 800);
  const d = computeDisruption(timeline, { from: at(300), to: at(800) });
  assert.equal(d.secondsDegraded, 20, "c8k-20 stopped at 600 s, its sessions down from the hold timer's expiry (780 s): nothing while they were first coming up");
  assert.equal(d.secondsWithoutPath, 0);
});
