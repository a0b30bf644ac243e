// PSK rotation end to end on the emulator, from the seed lab: a new Key
// Vault version rolled one NVA at a time (VM replaced with its new day-0
// config, connection key set to the same version) with no second of traffic
// lost, in both PSK modes; a crashed rotation resumed by a new driver on the
// same emulator and registry; and remediation, during or after a rotation,
// never writing a connection with a key its NVA does not hold.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import functions from "@azure/functions";
import { activities } from "../../activities/index.js";
import { rotatePskDeployment } from "../../functions/http/rotate-psk.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { LocalDurableHost } from "../../emulator/durable/index.js";
import { computeDisruption } from "../../emulator/network/disruption.js";
import { orchestrations } from "../../orchestrations/index.js";
import type { RotatePskResult } from "../../orchestrations/rotate/rotate-psk.js";
import { createAzureClients, vaultNameOf, type AzureClients } from "../../shared/azure/clients.js";
import { ACTIVITY, instanceId, ORCHESTRATION } from "../../shared/names.js";
import { resolveTopology } from "../../shared/plan/topology.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { validateSpec } from "../../shared/spec/validate.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));

function specOf(pskMode: "shared" | "perConnection", nvas = seed.nvas): TopologySpec {
  const r = validateSpec({ ...seed, nvas, keyVault: { ...seed.keyVault, pskMode } });
  if (!r.ok) throw new Error("seed invalid");
  return r.spec;
}

async function deployed(spec: TopologySpec, stateDir?: string): Promise<{ stack: LocalStack; clients: AzureClients }> {
  const stack = await startLocalStack(stateDir ? { stateDir } : {});
  await stack.seedSecrets(spec);
  const out = (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(spec.name), input: { spec } }))).output as { status: string };
  assert.equal(out.status, "Succeeded");
  const vault = vaultNameOf(spec.keyVault.vaultUrl);
  const clients = createAzureClients(stack.emulator.azureConfig({ [vault]: await stack.emulator.vaultUrl(vault) }));
  return { stack, clients };
}

async function rotate(stack: LocalStack, spec: TopologySpec, host = stack.host): Promise<RotatePskResult> {
  const status = await host.waitForCompletion(host.start(ORCHESTRATION.rotatePsk, { instanceId: instanceId.rotate(spec.name), input: { spec } }));
  assert.equal(status.runtimeStatus, "Completed", String(status.output));
  return status.output as RotatePskResult;
}

async function latestVersion(clients: AzureClients, spec: TopologySpec, secretName: string): Promise<string> {
  return (await clients.secrets(spec.keyVault.vaultUrl).getSecret(secretName)).properties.version!;
}

/** Every connection's key is the value of the version its NVA is pinned to, and every tunnel is up (the NVA holds it too). */
async function assertKeysAgree(stack: LocalStack, clients: AzureClients, spec: TopologySpec, expected?: Record<string, string>): Promise<void> {
  const record = await stack.registry.get(spec.name);
  for (const nva of resolveTopology(spec).nvas) {
    const pin = record?.pskVersions?.[nva.name];
    assert.ok(pin, `${nva.name} has a pinned PSK version`);
    assert.equal(pin.secretName, nva.pskSecretName);
    if (expected) assert.equal(pin.version, expected[nva.pskSecretName], `${nva.name} is on the rotation's version`);
    const want = (await clients.secrets(spec.keyVault.vaultUrl).getSecret(nva.pskSecretName, { version: pin.version })).value;
    const has = (await clients.network.virtualNetworkGatewayConnections.getSharedKey(spec.resourceGroup, nva.connectionName)).value;
    assert.ok(has === want, `${nva.connectionName} holds the key of the version ${nva.name} is pinned to`);
  }
  const state = stack.emulator.networkState();
  assert.ok(state.tunnels.length > 0 && state.tunnels.every((t) => t.state === "Connected"), "every tunnel up: each NVA holds its connection's key");
}

for (const pskMode of ["shared", "perConnection"] as const) {
  test(`rotation (${pskMode}): a new version in Key Vault, every NVA and connection on it, no second without a path or blackholed`, async () => {
    const spec = specOf(pskMode);
    const { stack, clients } = await deployed(spec);
    try {
      const secrets = [...new Set(resolveTopology(spec).nvas.map((n) => n.pskSecretName))];
      assert.equal(secrets.length, pskMode === "shared" ? 1 : 2);
      const before = Object.fromEntries(await Promise.all(secrets.map(async (s) => [s, await latestVersion(clients, spec, s)] as const)));
      await assertKeysAgree(stack, clients, spec, before);
      const vmIdsBefore = stack.emulator.storeIds().filter((id) => id.includes("/virtualmachines/"));

      const from = stack.clock.now();
      const out = await rotate(stack, spec);
      const to = stack.clock.now();
      assert.equal(out.status, "Succeeded", JSON.stringify(out.failures) + JSON.stringify(out.problems));
      assert.equal(out.resumed, false);

      // A new version of each secret, and it is what every NVA is pinned to.
      const after = Object.fromEntries(await Promise.all(secrets.map(async (s) => [s, await latestVersion(clients, spec, s)] as const)));
      for (const s of secrets) assert.notEqual(after[s], before[s], `${s} has a new version`);
      await assertKeysAgree(stack, clients, spec, after);
      assert.deepEqual(
        out.changes.map((c) => [c.name, c.action, c.outcome, c.fromVersion, c.toVersion]),
        resolveTopology(spec).nvas.flatMap((n) => [
          [n.name, "replace", "done", before[n.pskSecretName], after[n.pskSecretName]],
          [n.connectionName, "update", "done", before[n.pskSecretName], after[n.pskSecretName]],
        ]),
      );
      assert.equal((await stack.registry.get(spec.name))?.pskRotation, undefined, "the rotation record is cleared");
      assert.equal((await stack.registry.get(spec.name))?.status, "Succeeded");
      assert.ok(vmIdsBefore.length === 2 && vmIdsBefore.every((id) => stack.emulator.storeIds().includes(id)), "each NVA's VM is back");

      const d = computeDisruption(stack.emulator.timeline(spec.resourceGroup), { from, to });
      assert.equal(d.secondsWithoutPath, 0, JSON.stringify(d));
      assert.equal(d.secondsBlackholed, 0, JSON.stringify(d));
      assert.ok(d.secondsDegraded > 0, "an NVA was down at a time: the rotation really replaced them");

      // A remediation afterwards finds nothing to write: every key is the one its NVA holds.
      const rem = (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.remediate(spec.name), input: { spec, purpose: "remediate" } }))).output as { status: string; writes: number };
      assert.deepEqual([rem.status, rem.writes], ["Succeeded", 0]);
    } finally {
      await stack.close();
    }
  });
}

test("a newer Key Vault version is not drift: remediation keeps every connection on the version its NVA holds", async () => {
  const spec = specOf("shared");
  const { stack, clients } = await deployed(spec);
  try {
    const pinned = await latestVersion(clients, spec, spec.keyVault.pskSecretName);
    // Someone (or a rotation that has not rolled yet) puts a new version in Key Vault.
    await stack.emulator.setSecret(vaultNameOf(spec.keyVault.vaultUrl), spec.keyVault.pskSecretName, "a-newer-key-the-nvas-do-not-hold");
    const rem = (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.remediate(spec.name), input: { spec, purpose: "remediate" } }))).output as { status: string; writes: number };
    assert.deepEqual([rem.status, rem.writes], ["Succeeded", 0], "nothing pushed: the NVAs still hold the pinned version");
    await assertKeysAgree(stack, clients, spec, { [spec.keyVault.pskSecretName]: pinned });
  } finally {
    await stack.close();
  }
});

test("a rotation that crashes with the first NVA down (pin moved, VM and connection gone) resumes on a new driver and converges; remediation in between keeps every key with its NVA", async () => {
  const spec = specOf("perConnection");
  const { stack, clients } = await deployed(spec);
  try {
    const id = instanceId.rotate(spec.name);
    // Crash: the first driver dies right after the first NVA's pin moved (its VM and connection are gone).
    let recorded = 0;
    stack.host.onEvent((e) => {
      if (e.type === "activity" && e.name === ACTIVITY.recordPskVersion && e.phase === "end" && ++recorded === 1) stack.host.terminate(id, "driver crashed");
    });
    stack.host.start(ORCHESTRATION.rotatePsk, { instanceId: id, input: { spec } });
    await stack.host.runUntilIdle();
    assert.equal(stack.host.status(id)?.runtimeStatus, "Terminated");
    const half = await stack.registry.get(spec.name);
    assert.ok(half?.pskRotation, "the rotation is still recorded");
    assert.equal(half?.lease?.kind, "rotate", "the crashed run never released its lock");
    const [first, second] = resolveTopology(spec).nvas;
    assert.equal(half?.pskVersions?.[first!.name]?.version, half?.pskRotation?.targets[first!.pskSecretName], "the crash came after the first pin moved");
    assert.notEqual(half?.pskVersions?.[second!.name]?.version, half?.pskRotation?.targets[second!.pskSecretName], "the second NVA is not rolled");

    // A remediation now (the crashed lock is reclaimable: its run is terminal) writes the missing NVA back with
    // the version it is pinned to (the new one), and leaves the second NVA's connection on the old one it holds.
    const rem = (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.remediate(spec.name), input: { spec, purpose: "remediate" } }))).output as { status: string };
    assert.equal(rem.status, "Succeeded");
    await assertKeysAgree(stack, clients, spec);

    // A new driver on the same emulator and registry: the same rotation resumes, no new version is made.
    const host = new LocalDurableHost({ orchestrations, activities, clock: stack.clock });
    const targets = half!.pskRotation!.targets;
    const from = stack.clock.now();
    const out = await rotate(stack, spec, host);
    assert.equal(out.status, "Succeeded", JSON.stringify(out.failures) + JSON.stringify(out.problems));
    assert.equal(out.resumed, true);
    assert.deepEqual(out.changes.map((c) => [c.name, c.outcome]), [[second!.name, "done"], [second!.connectionName, "done"]], "only the NVA not yet on its target is rolled");
    for (const [secret, version] of Object.entries(targets)) assert.equal(await latestVersion(clients, spec, secret), version, "no further version");
    await assertKeysAgree(stack, clients, spec, targets);
    const d = computeDisruption(stack.emulator.timeline(spec.resourceGroup), { from, to: stack.clock.now() });
    assert.deepEqual([d.secondsWithoutPath, d.secondsBlackholed], [0, 0]);
  } finally {
    await stack.close();
  }
});

test("during a rotation the health check reports it changing and a remediation is refused: nothing else writes a key while NVAs are mid-roll", async () => {
  const spec = specOf("shared");
  const { stack, clients } = await deployed(spec);
  try {
    const id = stack.host.start(ORCHESTRATION.rotatePsk, { instanceId: instanceId.rotate(spec.name), input: { spec } });
    await stack.host.runUntilIdle({ until: stack.clock.now() + 6 * 60_000 }); // the first NVA is down or coming back
    assert.equal(stack.host.status(id)?.runtimeStatus, "Running");
    const mid = await stack.registry.get(spec.name);
    assert.deepEqual([mid?.status, mid?.lease?.kind], ["Rotating", "rotate"]);

    const check = stack.host.start(ORCHESTRATION.checkHealth, { input: { deployment: spec.name } });
    const remediation = stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.remediate(spec.name), input: { spec, purpose: "remediate" } });
    const rotated = (await stack.host.waitForCompletion(id)).output as RotatePskResult;
    const checked = (await stack.host.waitForCompletion(check)).output as { outcome: string; reason?: string };
    const remediated = (await stack.host.waitForCompletion(remediation)).output as { status: string; writes: number; failures: Array<{ error: { code: string } }> };
    assert.equal(checked.outcome, "changing", "a deployment being rotated is reported changing, not judged (shared/health/changing.ts)");
    assert.match(checked.reason ?? "", /rotate/, "changing because the rotation runs");
    assert.deepEqual([remediated.status, remediated.writes, remediated.failures[0]?.error.code], ["Failed", 0, "OperationInProgress"]);
    assert.equal(rotated.status, "Succeeded", JSON.stringify(rotated.failures));
    await assertKeysAgree(stack, clients, spec, { [spec.keyVault.pskSecretName]: await latestVersion(clients, spec, spec.keyVault.pskSecretName) });
  } finally {
    await stack.close();
  }
});

test("one NVA: a rotation over HTTP is refused as an outage (no new version, nothing written) unless allowOutage, and then reports the outage it caused", async () => {
  const spec = specOf("shared", [seed.nvas[0]]);
  const { stack, clients } = await deployed(spec);
  try {
    const context = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
    const post = (body?: unknown) =>
      rotatePskDeployment(
        new functions.HttpRequest({ method: "POST", url: `http://localhost/api/deployments/${spec.name}/rotate-psk`, params: { name: spec.name }, ...(body === undefined ? {} : { body: { string: JSON.stringify(body) } }) }),
        stack.client,
        context,
        stack.registry,
      );
    const versionBefore = await latestVersion(clients, spec, spec.keyVault.pskSecretName);
    const armWrites = () => [...stack.emulator.counters].filter(([k]) => /^(PUT|DELETE|PATCH) /.test(k)).reduce((n, [, v]) => n + v, 0);
    const writesBefore = armWrites();
    assert.ok(writesBefore > 0, "positive control: the deploy's writes are counted");
    assert.equal((await post()).status, 202);
    const refused = (await stack.host.waitForCompletion(instanceId.rotate(spec.name))).output as RotatePskResult;
    assert.equal(refused.status, "Failed");
    assert.equal(refused.failures[0]?.error.code, "OutageNotAllowed");
    assert.match(refused.failures[0]!.error.message, /10\.0\.0\.0\/16.*without any path/);
    assert.deepEqual([...new Set(refused.changes.map((c) => c.outcome))], ["refused"]);
    assert.equal(refused.writes, 0);
    assert.equal(armWrites(), writesBefore, "no ARM write");
    assert.equal(await latestVersion(clients, spec, spec.keyVault.pskSecretName), versionBefore, "no new version made");
    assert.equal((await stack.registry.get(spec.name))?.lease, undefined, "the lock is released");

    const from = stack.clock.now();
    assert.equal((await post({ allowOutage: true })).status, 202);
    const done = (await stack.host.waitForCompletion(instanceId.rotate(spec.name))).output as RotatePskResult;
    assert.equal(done.status, "Succeeded", JSON.stringify(done.failures));
    const after = await latestVersion(clients, spec, spec.keyVault.pskSecretName);
    assert.notEqual(after, versionBefore);
    await assertKeysAgree(stack, clients, spec, { [spec.keyVault.pskSecretName]: after });
    const d = computeDisruption(stack.emulator.timeline(spec.resourceGroup), { from, to: stack.clock.now() });
    assert.ok(d.secondsWithoutPath > 0, "the allowed outage is measured");
  } finally {
    await stack.close();
  }
});

test("a process that dies mid-rotation: a new stack on the same state folder (emulator and registry) resumes the rotation and converges", async () => {
  const spec = specOf("shared");
  const stateDir = mkdtempSync(join(tmpdir(), "bowtie-rotate-restart-"));
  const first = await deployed(spec, stateDir);
  const id = instanceId.rotate(spec.name);
  let recorded = 0;
  first.stack.host.onEvent((e) => {
    if (e.type === "activity" && e.name === ACTIVITY.recordPskVersion && e.phase === "end" && ++recorded === 1) first.stack.host.terminate(id, "process killed");
  });
  first.stack.host.start(ORCHESTRATION.rotatePsk, { instanceId: id, input: { spec } });
  await first.stack.host.runUntilIdle();
  const targets = (await first.stack.registry.get(spec.name))?.pskRotation?.targets;
  assert.ok(targets, "the rotation is recorded when the process goes");
  await first.stack.close();

  // The next process: the emulator's resources and the registry come back from the folder, the dead run's lock does not.
  const stack = await startLocalStack({ stateDir });
  try {
    await stack.seedSecrets(spec);
    const vault = vaultNameOf(spec.keyVault.vaultUrl);
    const clients = createAzureClients(stack.emulator.azureConfig({ [vault]: await stack.emulator.vaultUrl(vault) }));
    const kept = await stack.registry.get(spec.name);
    assert.deepEqual(kept?.pskRotation?.targets, targets);
    assert.equal(kept?.lease, undefined, "the dead run's lock is not kept");
    const out = await rotate(stack, spec);
    assert.equal(out.status, "Succeeded", JSON.stringify(out.failures) + JSON.stringify(out.problems));
    assert.equal(out.resumed, true);
    const [, second] = resolveTopology(spec).nvas;
    assert.deepEqual(out.changes.map((c) => [c.name, c.outcome]), [[second!.name, "done"], [second!.connectionName, "done"]]);
    await assertKeysAgree(stack, clients, spec, targets);
  } finally {
    await stack.close();
  }
});

test("an NVA a change adds is pinned as it is written (by the run's plan: the recorded spec is the old one until the change ends)", async () => {
  const spec = specOf("perConnection");
  const { stack, clients } = await deployed(spec);
  try {
    const bigger = specOf("perConnection", [...seed.nvas, { name: "c8k-30", asn: 65002, outsideIp: "10.10.0.6", insideIp: "10.10.1.6" }]);
    await stack.seedSecrets(bigger); // the new NVA's own PSK secret
    const out = (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(spec.name), input: { spec: bigger } }))).output as { status: string; failures: unknown[] };
    assert.equal(out.status, "Succeeded", JSON.stringify(out.failures));
    const pin = (await stack.registry.get(spec.name))?.pskVersions?.["c8k-30"];
    assert.deepEqual(pin, { secretName: `${spec.keyVault.pskSecretName}-c8k-30`, version: await latestVersion(clients, bigger, `${spec.keyVault.pskSecretName}-c8k-30`) });
    await assertKeysAgree(stack, clients, bigger);
  } finally {
    await stack.close();
  }
});
