// The plan's api-versions must be the ones the installed SDKs put on the wire:
// the emulator and drift comparison key on them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { COMPUTE_API_VERSION, NETWORK_API_VERSION } from "../../shared/plan/arm/api-versions.js";
import { desiredResources } from "../../shared/plan/arm/index.js";
import { seedTopology } from "../helpers/topologies.js";

const require = createRequire(import.meta.url);
function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** The api-versions hard-coded in one operation group's operations.js. */
function versionsIn(pkg: string, group: string): Set<string> {
  const text = readFileSync(join(packageDir(pkg), "dist", "esm", "api", group, "operations.js"), "utf8");
  return new Set([...text.matchAll(/"api%2Dversion":\s*"([0-9-]+(?:-preview)?)"/g)].map((m) => m[1]!));
}

const NETWORK_GROUPS = [
  "virtualNetworks",
  "publicIPAddresses",
  "networkSecurityGroups",
  "networkInterfaces",
  "virtualNetworkGateways",
  "localNetworkGateways",
  "virtualNetworkGatewayConnections",
  "virtualHubs",
  "virtualHubIpConfiguration",
  "virtualHubBgpConnection",
];

for (const group of NETWORK_GROUPS) {
  test(`@azure/arm-network ${group} sends ${NETWORK_API_VERSION}`, () => {
    const v = versionsIn("@azure/arm-network", group);
    assert.ok(v.has(NETWORK_API_VERSION), `${group}: ${[...v]}`);
  });
}

test(`@azure/arm-compute virtualMachines sends ${COMPUTE_API_VERSION} only`, () => {
  assert.deepEqual([...versionsIn("@azure/arm-compute", "virtualMachines")], [COMPUTE_API_VERSION]);
});

test("every planned resource carries its provider's version", () => {
  for (const r of desiredResources(seedTopology())) {
    assert.equal(r.apiVersion, r.type.startsWith("Microsoft.Compute/") ? COMPUTE_API_VERSION : NETWORK_API_VERSION, r.id);
  }
});
