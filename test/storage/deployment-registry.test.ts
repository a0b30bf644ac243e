// The registry against a real Azurite Table service, in-process.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startAzuriteTables, type AzuriteTables } from "../../emulator/storage/azurite.js";
import { DeploymentRegistry, type DeploymentRecord } from "../../shared/storage/deployment-registry.js";
import { topologySpecSchema } from "../../shared/spec/schema.js";

const spec = topologySpecSchema.parse(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
let azurite: AzuriteTables;

before(async () => {
  azurite = await startAzuriteTables();
});
after(async () => {
  await azurite.close();
});

function record(name: string, status: DeploymentRecord["status"] = "Deploying"): DeploymentRecord {
  return {
    name,
    resourceGroup: spec.resourceGroup,
    subscriptionId: null,
    spec: { ...spec, name },
    status,
    instanceId: `deploy-${name}`,
    lastResult: null,
    reason: null,
    updatedAt: "2030-01-01T00:00:00.000Z",
    remediations: ["2030-01-01T00:00:00.000Z"],
  };
}

test("a deployment round-trips through Table Storage with its spec intact", async () => {
  const registry = DeploymentRegistry.fromConnectionString(azurite.connectionString);
  await registry.put(record("lab-a"));
  const got = await registry.get("lab-a");
  assert.deepEqual(got, record("lab-a"));
});

test("update merges, list is sorted, remove is idempotent and get of a missing one is null", async () => {
  const registry = DeploymentRegistry.fromConnectionString(azurite.connectionString);
  await registry.put(record("lab-c"));
  await registry.put(record("lab-b"));
  const updated = await registry.update("lab-b", { status: "Succeeded", lastResult: { sessions: 8 } });
  assert.equal(updated?.status, "Succeeded");
  assert.deepEqual((await registry.get("lab-b"))?.lastResult, { sessions: 8 });
  assert.equal(await registry.update("nope", { status: "Failed" }), null);
  const names = (await registry.list()).map((r) => r.name);
  assert.deepEqual(names, [...names].sort());
  assert.ok(names.includes("lab-b") && names.includes("lab-c"));
  await registry.remove("lab-c");
  await registry.remove("lab-c");
  assert.equal(await registry.get("lab-c"), null);
});
