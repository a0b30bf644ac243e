import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { topologySpecSchema } from "../../shared/spec/schema.js";
import { resolveTopology } from "../../shared/plan/topology.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));

test("the seed lab resolves to the reference lab's gateway custom APIPA lists", () => {
  const topo = resolveTopology(topologySpecSchema.parse(seed));
  assert.deepEqual(topo.gateway.instances[0].customBgpIps, ["169.254.21.2", "169.254.22.2"]);
  assert.deepEqual(topo.gateway.instances[1].customBgpIps, ["169.254.21.6", "169.254.22.6"]);
  assert.equal(topo.nvas[1]!.localNetworkGatewayName, "lng-c8k-20");
  assert.equal(topo.nvas[0]!.connectionName, "con-c8k-10");
});

test("omitted APIPA addresses are allocated like the reference lab", () => {
  const bare = structuredClone(seed);
  for (const n of bare.nvas) { delete n.loopbackIp; delete n.gatewayBgpIps; }
  const topo = resolveTopology(topologySpecSchema.parse(bare));
  assert.deepEqual(topo.nvas.map((n) => [n.loopbackIp, ...n.gatewayBgpIps]), [
    ["169.254.21.1", "169.254.21.2", "169.254.21.6"],
    ["169.254.22.1", "169.254.22.2", "169.254.22.6"],
  ]);
});
