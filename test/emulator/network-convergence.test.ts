import { test } from "node:test";
import assert from "node:assert/strict";
import { ConvergenceTracker } from "../../emulator/network/convergence.js";
import { computeNetworkState } from "../../emulator/network/outcome.js";
import type { NetworkState } from "../../emulator/network/types.js";
import { IDS, fixtureConfig, resource, seedInputs } from "../fixtures/network/seed-resources.js";

const T0 = Date.UTC(2030, 0, 1);
const at = (seconds: number) => T0 + seconds * 1000;
const healthy = computeNetworkState(seedInputs());
const c8k10Off = (() => {
  const inputs = seedInputs();
  inputs.powerStates[IDS.vm10.toLowerCase()] = "stopped";
  return computeNetworkState(inputs);
})();

const tunnelStates = (s: NetworkState) => s.tunnels.map((t) => t.state);
const gatewayStates = (s: NetworkState) => s.gatewayPeers.map((p) => p.state);
const routeServerStates = (s: NetworkState) => s.routeServerPeers.map((p) => p.state);
const ebgpLearned = (s: NetworkState) => s.gatewayLearnedRoutes[IDS.gateway]!.filter((r) => r.origin === "EBgp").length;

test("from a fresh deploy: tunnels after 10 s, gateway BGP 30 s after its tunnel, Route Server BGP 30 s after eligibility", () => {
  const tracker = new ConvergenceTracker();
  const first = tracker.observe(healthy, at(0));
  assert.deepEqual(tunnelStates(first), ["Connecting", "Connecting", "Connecting", "Connecting"]);
  assert.deepEqual(gatewayStates(first), ["Connecting", "Connecting", "Connecting", "Connecting"]);
  assert.equal(ebgpLearned(first), 0);
  assert.deepEqual(first.gatewayPeers[0]!.reasons, ["waiting for the tunnel to come up"]);

  assert.deepEqual(tunnelStates(tracker.observe(healthy, at(9.999))), ["Connecting", "Connecting", "Connecting", "Connecting"]);
  const tunnelsUp = tracker.observe(healthy, at(10));
  assert.deepEqual(tunnelStates(tunnelsUp), ["Connected", "Connected", "Connected", "Connected"]);
  assert.deepEqual(gatewayStates(tunnelsUp), ["Connecting", "Connecting", "Connecting", "Connecting"]);

  const rsUp = tracker.observe(healthy, at(30));
  assert.deepEqual(routeServerStates(rsUp), ["Connected", "Connected", "Connected", "Connected"]);
  assert.deepEqual(gatewayStates(rsUp), ["Connecting", "Connecting", "Connecting", "Connecting"]);
  // Route Server hears the provider VNet from the NVAs, but not yet the client VNet (the gateway sessions are not up).
  assert.deepEqual(rsUp.routeServerPeers[0]!.routesReceived, ["10.10.0.0/16"]);

  assert.deepEqual(gatewayStates(tracker.observe(healthy, at(39.999))), ["Connecting", "Connecting", "Connecting", "Connecting"]);
  const converged = tracker.observe(healthy, at(40));
  assert.deepEqual(gatewayStates(converged), ["Connected", "Connected", "Connected", "Connected"]);
  assert.equal(ebgpLearned(converged), 4);
  assert.deepEqual(converged.routeServerPeers[0]!.routesReceived, ["10.0.0.0/16", "10.10.0.0/16"]);
});

test("the BGP delay counts from when the tunnel came up, however sparse the observations", () => {
  const tracker = new ConvergenceTracker({ ikeSeconds: 5, bgpSeconds: 20 });
  tracker.observe(healthy, at(0));
  // First look after a long gap: the tunnel came up at 5 s, BGP at 25 s.
  assert.deepEqual(gatewayStates(tracker.observe(healthy, at(24))), ["Connecting", "Connecting", "Connecting", "Connecting"]);
  assert.deepEqual(gatewayStates(tracker.observe(healthy, at(25))), ["Connected", "Connected", "Connected", "Connected"]);
});

test("a configuration change that breaks a session brings it down at the next observation, without delay", () => {
  const tracker = new ConvergenceTracker();
  tracker.observe(healthy, at(0));
  tracker.observe(healthy, at(60));
  const broken = seedInputs({ c8k10Config: fixtureConfig("c8k-10").replace(/^ip route 169\.254\.21\.\d+ .*$/gm, "") });
  const after = tracker.observe(computeNetworkState(broken), at(61));
  assert.deepEqual(gatewayStates(after), ["Connecting", "Connecting", "Connected", "Connected"]);
  assert.deepEqual(tunnelStates(after), ["Connected", "Connected", "Connected", "Connected"]);
  assert.equal(ebgpLearned(after), 2);
});

test("a PSK change drops the tunnels at once, and their BGP sessions with them", () => {
  const tracker = new ConvergenceTracker();
  tracker.observe(healthy, at(0));
  tracker.observe(healthy, at(60));
  const inputs = seedInputs();
  resource(inputs, IDS.con20).properties.sharedKey = "changed";
  const after = tracker.observe(computeNetworkState(inputs), at(60.5));
  assert.deepEqual(tunnelStates(after), ["Connected", "Connected", "NotConnected", "NotConnected"]);
  assert.deepEqual(gatewayStates(after), ["Connected", "Connected", "Connecting", "Connecting"]);
});

test("a powered-off NVA goes silent: tunnels stay up until DPD (45 s), BGP sessions and their routes until the hold timer (180 s)", () => {
  const tracker = new ConvergenceTracker();
  tracker.observe(healthy, at(0));
  tracker.observe(healthy, at(100));
  const off = 200;
  const justOff = tracker.observe(c8k10Off, at(off));
  assert.deepEqual(tunnelStates(justOff), ["Connected", "Connected", "Connected", "Connected"]);
  assert.deepEqual(gatewayStates(justOff), ["Connected", "Connected", "Connected", "Connected"]);
  assert.equal(ebgpLearned(justOff), 4, "stale routes stay until the hold timer");

  const afterDpd = tracker.observe(c8k10Off, at(off + 45));
  assert.deepEqual(tunnelStates(afterDpd), ["NotConnected", "NotConnected", "Connected", "Connected"]);
  assert.deepEqual(gatewayStates(afterDpd), ["Connected", "Connected", "Connected", "Connected"]);

  const beforeHold = tracker.observe(c8k10Off, at(off + 179.999));
  assert.deepEqual(routeServerStates(beforeHold), ["Connected", "Connected", "Connected", "Connected"]);
  const afterHold = tracker.observe(c8k10Off, at(off + 180));
  assert.deepEqual(gatewayStates(afterHold), ["Connecting", "Connecting", "Connected", "Connected"]);
  assert.deepEqual(routeServerStates(afterHold), ["Connecting", "Connecting", "Connected", "Connected"]);
  assert.equal(ebgpLearned(afterHold), 2);
  assert.ok(afterHold.gatewayPeers[0]!.reasons.includes("c8k-10 is stopped"));
});

test("with the hold timer and DPD set to 0, a powered-off NVA drops at once", () => {
  const tracker = new ConvergenceTracker({ holdTimeSeconds: 0, dpdSeconds: 0 });
  tracker.observe(healthy, at(0));
  tracker.observe(healthy, at(100));
  const off = tracker.observe(c8k10Off, at(101));
  assert.deepEqual(tunnelStates(off), ["NotConnected", "NotConnected", "Connected", "Connected"]);
  assert.deepEqual(gatewayStates(off), ["Connecting", "Connecting", "Connected", "Connected"]);
});

test("an NVA powered back on comes up again after the same delays, counted from its return", () => {
  const tracker = new ConvergenceTracker();
  tracker.observe(healthy, at(0));
  tracker.observe(healthy, at(100));
  tracker.observe(c8k10Off, at(200));
  tracker.observe(c8k10Off, at(500));
  assert.deepEqual(tunnelStates(tracker.observe(healthy, at(600))), ["Connecting", "Connecting", "Connected", "Connected"]);
  assert.deepEqual(tunnelStates(tracker.observe(healthy, at(610))), ["Connected", "Connected", "Connected", "Connected"]);
  assert.deepEqual(gatewayStates(tracker.observe(healthy, at(639))), ["Connecting", "Connecting", "Connected", "Connected"]);
  assert.deepEqual(gatewayStates(tracker.observe(healthy, at(640))), ["Connected", "Connected", "Connected", "Connected"]);
});

test("observing does not change the steady state it is given", () => {
  const steady = computeNetworkState(seedInputs());
  const copy = structuredClone(steady);
  new ConvergenceTracker().observe(steady, at(0));
  assert.deepEqual(steady, copy);
});
