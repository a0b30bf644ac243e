import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { assessBgp, type ObservedNetwork } from "../../shared/health/bgp-assessment.js";
import { apipaTable } from "../../shared/plan/apipa-table.js";
import { resolveTopology } from "../../shared/plan/topology.js";
import type { Plan } from "../../shared/plan/types.js";
import { topologySpecSchema } from "../../shared/spec/schema.js";

const topology = resolveTopology(
  topologySpecSchema.parse(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"))),
);
// Only the parts assessBgp reads: the topology and the APIPA table.
const plan: Plan = { deployment: topology.deployment, topology, apipa: apipaTable(topology), resources: [], nvaConfigs: {}, bgpSessions: [] };
const routerIps = ["10.10.4.4", "10.10.4.5"];

function healthyObservation(): ObservedNetwork {
  return {
    gatewayPeers: plan.apipa.map((r) => ({ localAddress: r.gatewayBgpIp, neighbor: r.nvaBgpIp, asn: 65002, state: "Connected" })),
    tunnels: plan.apipa.map((r) => ({ connection: r.connection, instance: r.gatewayInstance, state: "Connected" })),
    routeServerPeers: topology.nvas.flatMap((n) => routerIps.map((routerIp) => ({ peerIp: n.insideIp, routerIp, state: "Connected" }))),
    gatewayLearned: ["10.10.0.0/16"],
    routeServerLearned: { "10.10.1.4": ["10.0.0.0/16"], "10.10.1.5": ["10.0.0.0/16"] },
  };
}

test("the seed lab with every session Connected and routes learned is healthy", () => {
  const a = assessBgp(plan, healthyObservation(), routerIps);
  assert.equal(a.healthy, true);
  assert.equal(a.gateway.length, 4);
  assert.equal(a.routeServer.length, 4);
  assert.deepEqual(a.problems, []);
});

test("a down tunnel points at PSK/policy/NSG; an up tunnel with BGP down points at routing", () => {
  const o = healthyObservation();
  o.gatewayPeers[0]!.state = "Connecting";
  o.tunnels[0]!.state = "NotConnected";
  o.gatewayPeers[3]!.state = "Idle";
  const a = assessBgp(plan, o, routerIps);
  assert.equal(a.healthy, false);
  assert.equal(a.problems.length, 2);
  assert.match(a.problems[0]!.likelyCause, /PSK/);
  assert.match(a.problems[1]!.likelyCause, /\/32 route to 169\.254\.22\.6 via Tunnel102/);
});

test("a peer the gateway does not list, a down Route Server session and a missing route are all reported", () => {
  const o = healthyObservation();
  o.gatewayPeers = o.gatewayPeers.filter((p) => p.localAddress !== "169.254.21.6");
  o.routeServerPeers[2]!.state = "Idle";
  o.routeServerLearned["10.10.1.5"] = [];
  const a = assessBgp(plan, o, routerIps);
  assert.deepEqual(a.problems.map((p) => p.state), ["Missing", "Idle"]);
  assert.match(a.problems[0]!.likelyCause, /gatewayCustomBgpIpAddresses/);
  assert.deepEqual(a.missingRoutes, [{ where: "Route Server from c8k-20", prefix: "10.0.0.0/16" }]);
});
