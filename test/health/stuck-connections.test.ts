import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { ObservedNetwork } from "../../shared/health/bgp-assessment.js";
import { connectionsToReset } from "../../shared/health/stuck-connections.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { topologySpecSchema } from "../../shared/spec/schema.js";

const plan = planFromSpec(topologySpecSchema.parse(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"))));
const observed = (): ObservedNetwork => ({
  gatewayPeers: plan.apipa.map((r) => ({ localAddress: r.gatewayBgpIp, neighbor: r.nvaBgpIp, asn: 65002, state: "Connected" })),
  tunnels: plan.apipa.map((r) => ({ connection: r.connection, instance: r.gatewayInstance, state: "Connected" })),
  routeServerPeers: [],
  gatewayLearned: [],
  routeServerLearned: {},
});
const first = plan.apipa[0]!;
const connectionId = plan.resources.find((r) => r.type === "Microsoft.Network/connections" && r.name === first.connection)!.id;

test("all sessions up: nothing to reset", () => {
  assert.deepEqual(connectionsToReset(plan, observed()), []);
});

test("tunnel up, BGP down: that connection (and only it) is reset", () => {
  const o = observed();
  o.gatewayPeers.find((p) => p.localAddress === first.gatewayBgpIp)!.state = "Idle";
  assert.deepEqual(connectionsToReset(plan, o), [connectionId]);
});

test("tunnel down or peer missing: a configuration problem, not a reset", () => {
  const down = observed();
  down.gatewayPeers.find((p) => p.localAddress === first.gatewayBgpIp)!.state = "Connecting";
  down.tunnels.find((t) => t.connection === first.connection && t.instance === first.gatewayInstance)!.state = "NotConnected";
  assert.deepEqual(connectionsToReset(plan, down), []);
  const missing = observed();
  missing.gatewayPeers = missing.gatewayPeers.filter((p) => p.localAddress !== first.gatewayBgpIp);
  assert.deepEqual(connectionsToReset(plan, missing), []);
});
