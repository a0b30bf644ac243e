// The main job end to end: the seed lab deployed by the real deployTopology
// orchestration (real durable-functions replay engine, local driver), its
// activities calling the real Azure SDK clients over HTTPS against the
// emulator, PSKs from the emulated Key Vault, the registry in Azurite.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";
import type { TopologySpec } from "../../shared/spec/schema.js";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const spec: TopologySpec = r.spec;
let stack: LocalStack;

before(async () => {
  stack = await startLocalStack();
  await stack.seedSecrets(spec);
});
after(async () => {
  await stack.close();
});

test("the seed lab deploys and verifies: 4 gateway and 4 Route Server sessions Connected", async () => {
  const id = stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(spec.name), input: { spec } });
  const status = await stack.host.waitForCompletion(id);
  const out = status.output as any;
  assert.equal(status.runtimeStatus, "Completed", JSON.stringify(status.output).slice(0, 2000));
  assert.equal(out.status, "Succeeded", JSON.stringify({ problems: out.problems, failures: out.failures, missing: out.missingRoutes }, null, 1));
  assert.equal(out.sessions.gateway.length, 4);
  assert.ok(out.sessions.gateway.every((s: any) => s.state === "Connected"));
  assert.equal(out.sessions.routeServer.length, 4);
  assert.ok(out.sessions.routeServer.every((s: any) => s.state === "Connected"));
  const record = await stack.registry.get(spec.name);
  assert.equal(record?.status, "Succeeded");
});
