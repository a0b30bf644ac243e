// The operation lock against a real Azurite Table service: of many starters
// racing for one deployment exactly one takes it (ETag-conditional writes),
// the rest are told who holds it; a lock whose run is terminal is reclaimed,
// one whose run has not started yet is not (until the start grace passes);
// an ending never overwrites a newer operation's lock.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type * as df from "durable-functions";
import { freshRecord } from "../../activities/operations/fresh-record.js";
import { START_GRACE_MS } from "../../activities/operations/lease-liveness.js";
import { finishOperation, takeOperation, type LockDeps } from "../../activities/operations/take-operation.js";
import { startAzuriteTables, type AzuriteTables } from "../../emulator/storage/azurite.js";
import type { StarterClient } from "../../shared/durable/starter-client.js";
import { instanceId, OPERATION_KINDS, type OperationKind } from "../../shared/names.js";
import { topologySpecSchema } from "../../shared/spec/schema.js";
import { DeploymentRegistry } from "../../shared/storage/deployment-registry.js";

const seed = topologySpecSchema.parse(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
let azurite: AzuriteTables;
before(async () => {
  azurite = await startAzuriteTables();
});
after(async () => azurite.close());

/** A durable client over a fixed set of instances: id -> runtime status and the lock token in its input. */
function clientOf(instances: Map<string, { runtimeStatus: string; token?: string }>): StarterClient {
  return {
    getStatus: async (id: string) => {
      const i = instances.get(id);
      if (!i) throw new Error(`HTTP 404: instance ${id} was not found`);
      return { instanceId: id, runtimeStatus: i.runtimeStatus, input: i.token === undefined ? {} : { operation: { token: i.token } } } as unknown as df.DurableOrchestrationStatus;
    },
    startNew: async () => "unused",
    raiseEvent: async () => undefined,
    terminate: async () => undefined,
  };
}

function setup(name: string, instances = new Map<string, { runtimeStatus: string; token?: string }>()) {
  const clock = { at: Date.UTC(2030, 0, 1) };
  const deps: LockDeps = { registry: DeploymentRegistry.fromConnectionString(azurite.connectionString), client: clientOf(instances), now: () => new Date(clock.at) };
  const spec = { ...seed, name };
  const take = (kind: OperationKind, token: string, create = true) =>
    takeOperation(deps, { kind, deployment: name, instanceId: instanceId.operation(kind, name), token, ...(create ? { create: () => freshRecord(spec, instanceId.operation(kind, name), deps.now()) } : {}) });
  return { deps, clock, instances, take };
}

test("twenty starters at the same instant, on a deployment not registered yet and then on a registered one: exactly one takes the lock", async () => {
  for (const name of ["race-new", "race-new"]) {
    const { take, deps } = setup(name);
    // The second round races on the row the first created (released first): replaceIfUnchanged instead of create.
    const existing = await deps.registry.get(name);
    if (existing) await finishOperation(deps.registry, name, { instanceId: existing.lease!.instanceId }, (r) => r);
    const kinds = Array.from({ length: 20 }, (_, i) => OPERATION_KINDS[i % OPERATION_KINDS.length]!);
    const results = await Promise.all(kinds.map((k, i) => take(k, `token-${i}`)));
    const winners = results.filter((r) => r.taken);
    assert.equal(winners.length, 1, `winners: ${winners.map((w) => (w.taken ? w.record.lease?.instanceId : "")).join(", ")}`);
    const held = (await deps.registry.get(name))!.lease!;
    for (const r of results) if (!r.taken) assert.deepEqual("running" in r && r.running, held, "each loser is told who holds it");
  }
});

test("a lock whose run ended (terminal) is reclaimed at once; one whose run is not started yet is not, until the start grace has passed", async () => {
  const { take, instances, clock } = setup("reclaim");
  const deployId = instanceId.deploy("reclaim");
  assert.ok((await take("deploy", "t1")).taken);
  // Not started yet (the starter is between its lock and startNew): held.
  assert.deepEqual((await take("teardown", "t2")) as unknown, { taken: false, running: { kind: "deploy", instanceId: deployId, token: "t1", since: new Date(clock.at).toISOString() } });
  // An earlier run under the same id that ended does not count as this lock's run: still held.
  instances.set(deployId, { runtimeStatus: "Completed", token: "t0" });
  assert.equal((await take("teardown", "t2")).taken, false);
  // Its own run is running: held; terminated: reclaimed.
  instances.set(deployId, { runtimeStatus: "Running", token: "t1" });
  assert.equal((await take("teardown", "t2")).taken, false);
  instances.set(deployId, { runtimeStatus: "Terminated", token: "t1" });
  assert.ok((await take("teardown", "t2")).taken);
  // A starter that died before starting its run: reclaimed once the grace has passed.
  clock.at += START_GRACE_MS - 1000;
  assert.equal((await take("remediate", "t3")).taken, false);
  clock.at += 2000;
  assert.ok((await take("remediate", "t3")).taken);
});

test("an ending releases only its own lock and never overwrites a newer operation's record", async () => {
  const { take, deps } = setup("endings");
  assert.ok((await take("deploy", "t1")).taken);
  const mine = { instanceId: instanceId.deploy("endings") };
  assert.equal(await finishOperation(deps.registry, "endings", { instanceId: "teardown:endings" }, (r) => ({ ...r, status: "TornDown" })), "superseded");
  assert.equal((await deps.registry.get("endings"))?.status, "Deploying");
  assert.equal(await finishOperation(deps.registry, "endings", mine, (r) => ({ ...r, status: "Failed", reason: "boom" })), "recorded");
  const ended = await deps.registry.get("endings");
  assert.deepEqual([ended?.status, ended?.reason, ended?.lease], ["Failed", "boom", undefined]);
  assert.equal(await finishOperation(deps.registry, "nope", mine, (r) => r), "absent");
});
