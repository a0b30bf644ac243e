// Day 2 on the emulator: a deploy over a running seed lab (2 NVAs) whose
// spec changed is carried out as a change. An IPsec policy change and an NVA
// ASN change replace both NVAs one at a time, drained first: no prefix ever
// loses its last path and Azure never routes into a dead NVA
// (secondsWithoutPath = secondsBlackholed = 0, from the emulator's session
// timeline), and the run converges (what-if afterwards: nothing to do). The
// real orchestration through the local durable driver, real SDK clients.
import { after, before, test } from "node:test";
import functions from "@azure/functions";
import assert from "node:assert/strict";
import { readWhatIfForSpec } from "../../activities/read-what-if.js";
import { computeDisruption } from "../../emulator/network/disruption.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { startDeployment } from "../../functions/http/start-deployment.js";
import type { DeployResult } from "../../orchestrations/deploy/deploy-topology.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { seedSpec } from "../helpers/seed-spec.js";

const spec = seedSpec();
const context = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
const post = (url: string, body: unknown) => new functions.HttpRequest({ method: "POST", url: `http://localhost${url}`, body: { string: JSON.stringify(body) } });

let stack: LocalStack;
before(async () => {
  stack = await startLocalStack();
  await stack.seedSecrets(spec);
  assert.equal((await deploy(spec)).status, "Succeeded");
});
after(() => stack.close());

async function deploy(s: TopologySpec): Promise<DeployResult> {
  const id = stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(s.name), input: { spec: s } });
  const status = await stack.host.waitForCompletion(id);
  assert.equal(status.runtimeStatus, "Completed", JSON.stringify(status.output).slice(0, 2000));
  return status.output as DeployResult;
}

const disruptionOf = (r: DeployResult) => computeDisruption(stack.emulator.timeline(spec.resourceGroup), { from: Date.parse(r.startedAt), to: Date.parse(r.finishedAt) });
const pending = async (s: TopologySpec) => (await readWhatIfForSpec(s)).changes.filter((c) => c.action !== "none").map((c) => `${c.action} ${c.name}`);
const outcomes = (r: DeployResult) => (r.changes ?? []).map((c) => `${c.action} ${c.name}: ${c.outcome}`).sort();

test("an IPsec policy change on the seed lab: both NVAs replaced one at a time, no second without path or blackholed, converged", async () => {
  const changed = seedSpec((s) => Object.assign(s.ipsec, { ikeEncryption: "GCMAES256", ikeIntegrity: "SHA384", dhGroup: "DHGroup24", pfsGroup: "PFS24" }));
  const result = await deploy(changed);
  assert.equal(result.status, "Succeeded", JSON.stringify({ failures: result.failures, problems: result.problems }));
  assert.deepEqual(outcomes(result), ["replace c8k-10: done", "replace c8k-20: done", "update con-c8k-10: done", "update con-c8k-20: done"]);
  const d = disruptionOf(result);
  assert.equal(d.secondsWithoutPath, 0, JSON.stringify(d));
  assert.equal(d.secondsBlackholed, 0, JSON.stringify(d));
  assert.ok(d.minGatewaySessionsUp >= 2, JSON.stringify(d));
  assert.deepEqual(await pending(changed), []);
  // Each replaced VM took its OS disk with it: one disk per NVA, no more.
  assert.equal(stack.emulator.storeIds().filter((id) => /\/providers\/Microsoft\.Compute\/disks\//i.test(id)).length, 2);
  const record = await stack.registry.get(spec.name);
  assert.equal(record?.status, "Succeeded");
  assert.equal(record?.spec.ipsec?.ikeEncryption, "GCMAES256");
});

test("an NVA ASN change: only that NVA is rolled (its VM, local network gateway and peering), without path or black hole for 0 s", async () => {
  const changed = seedSpec((s) => {
    Object.assign(s.ipsec, { ikeEncryption: "GCMAES256", ikeIntegrity: "SHA384", dhGroup: "DHGroup24", pfsGroup: "PFS24" });
    s.nvas[1].asn = 65020;
  });
  const before = await pending(changed);
  assert.ok(before.includes("replace c8k-20") && !before.some((c) => c.endsWith("c8k-10")), before.join(", "));
  const result = await deploy(changed);
  assert.equal(result.status, "Succeeded", JSON.stringify({ failures: result.failures, problems: result.problems }));
  assert.ok(outcomes(result).every((o) => o.endsWith(": done")), outcomes(result).join(", "));
  assert.deepEqual(result.sessions.gateway.filter((s) => s.nva === "c8k-20").map((s) => s.asn), [65020, 65020]);
  const d = disruptionOf(result);
  assert.equal(d.secondsWithoutPath, 0, JSON.stringify(d));
  assert.equal(d.secondsBlackholed, 0, JSON.stringify(d));
  assert.deepEqual(await pending(changed), []);
});

test("a crash in the middle of a rolling replacement: a new run on the same emulator state reclaims the stale lock, resumes and converges", async () => {
  const changed = seedSpec((s) => (s.nvas[1].asn = 65030));
  const id = instanceId.deploy(spec.name);
  let crashedAt: string | null = null;
  const stop = stack.host.onEvent((e) => {
    const phase = (e.type === "status" ? (e.customStatus as { phase?: string } | undefined)?.phase : undefined) ?? "";
    if (crashedAt === null && e.instanceId === id && phase === "changing: replacing c8k-20: applying") {
      crashedAt = phase;
      stack.host.terminate(id, "driver stopped");
    }
  });
  const first = stack.host.start(ORCHESTRATION.deployTopology, { instanceId: id, input: { spec: changed } });
  const from = stack.clock.now();
  assert.equal((await stack.host.waitForCompletion(first)).runtimeStatus, "Terminated");
  stop();
  assert.equal(crashedAt, "changing: replacing c8k-20: applying");
  // The lock is still held by the run that died.
  const held = await stack.registry.get(spec.name);
  assert.equal(held?.lease?.instanceId, id);
  assert.equal(held?.status, "Changing");

  const again = await startDeployment(post("/api/deployments", changed), stack.client, context, stack.registry);
  assert.equal(again.status, 202, JSON.stringify(again.jsonBody));
  const status = await stack.host.waitForCompletion(id);
  const result = status.output as DeployResult;
  assert.equal(result.status, "Succeeded", JSON.stringify({ failures: result.failures, problems: result.problems }));
  assert.deepEqual(await pending(changed), []);
  const d = computeDisruption(stack.emulator.timeline(spec.resourceGroup), { from, to: Date.parse(result.finishedAt) });
  assert.equal(d.secondsWithoutPath, 0, JSON.stringify(d));
  assert.equal(d.secondsBlackholed, 0, JSON.stringify(d));
  const record = await stack.registry.get(spec.name);
  assert.equal(record?.status, "Succeeded");
  assert.equal(record?.lease, undefined);
  assert.equal(record?.spec.nvas[1]?.asn, 65030);
});

// From here the deployment has one NVA: the seed lab without c8k-20.
const oneNva = (edit: (s: any) => void = () => {}) =>
  seedSpec((s) => {
    s.nvas = s.nvas.slice(0, 1);
    edit(s);
  });

test("removing an NVA through deploy: its resources deleted (the gateway keeps its APIPA addresses until the connection is gone), no path lost, converged", async () => {
  const changed = oneNva((s) => (s.nvas[0].asn = 65002));
  const result = await deploy(changed);
  assert.equal(result.status, "Succeeded", JSON.stringify({ failures: result.failures, problems: result.problems }));
  assert.ok(outcomes(result).includes("delete c8k-20: done") && outcomes(result).includes("update client-Vnet-gw: done"), outcomes(result).join(", "));
  assert.equal(disruptionOf(result).secondsWithoutPath, 0);
  assert.deepEqual(await pending(changed), []);
  assert.ok(!stack.emulator.storeIds().some((id) => /c8k-20|c8k-2-pip/i.test(id)), "nothing of c8k-20 is left");
});

test("a 1-NVA replacement is refused without allowOutage (nothing written, the registered spec kept) and carried out with it", async () => {
  const registered = await stack.registry.get(spec.name);
  const changed = oneNva((s) => (s.nvas[0].asn = 65040));
  const writesBefore = [...stack.emulator.counters].filter(([k]) => /^(PUT|DELETE|PATCH) /.test(k)).reduce((a, [, n]) => a + n, 0);
  const refused = await deploy(changed);
  assert.equal(refused.status, "Failed");
  assert.equal(refused.failures[0]?.error.code, "OutageNotAllowed");
  assert.match(refused.failures[0]!.error.message, /10\.\d+\.\d+\.\d+\/\d+.* without any path for about \d+ s/);
  assert.equal(refused.writes, 0);
  assert.ok((refused.changes ?? []).every((c) => c.outcome === "refused"));
  const writesAfter = [...stack.emulator.counters].filter(([k]) => /^(PUT|DELETE|PATCH) /.test(k)).reduce((a, [, n]) => a + n, 0);
  assert.equal(writesAfter, writesBefore, "no ARM write");
  const record = await stack.registry.get(spec.name);
  assert.deepEqual(record?.spec, registered?.spec, "the registered spec is the one still running");
  assert.equal(record?.lease, undefined);
  assert.match(record?.reason ?? "", /^OutageNotAllowed: /);

  // Through the HTTP API: the body's allowOutage must be a boolean; true carries the change out.
  const bad = await startDeployment(post("/api/deployments", { ...changed, allowOutage: "yes" }), stack.client, context, stack.registry);
  assert.equal(bad.status, 400);
  assert.deepEqual((bad.jsonBody as { violations: Array<{ path: string }> }).violations.map((v) => v.path), ["$.allowOutage"]);
  assert.equal((await startDeployment(post("/api/deployments", { ...changed, allowOutage: true }), stack.client, context, stack.registry)).status, 202);
  const allowed = (await stack.host.waitForCompletion(instanceId.deploy(spec.name))).output as DeployResult;
  assert.equal(allowed.status, "Succeeded", JSON.stringify({ failures: allowed.failures, problems: allowed.problems }));
  assert.ok(disruptionOf(allowed).secondsWithoutPath > 0, "the outage it was allowed to cause");
  assert.deepEqual(await pending(changed), []);
  assert.equal((await stack.registry.get(spec.name))?.spec.nvas[0]?.asn, 65040);
});

test("gateway SKU VpnGw1AZ -> VpnGw2AZ is an in-place update (the deployed Generation1 kept), carried out without a replace", async () => {
  const changed = oneNva((s) => {
    s.nvas[0].asn = 65040;
    s.gateway.sku = "VpnGw2AZ";
  });
  const { changes } = await readWhatIfForSpec(changed);
  const gw = changes.filter((c) => c.action !== "none");
  assert.deepEqual(gw.map((c) => `${c.action} ${c.name}`), ["update client-Vnet-gw"]);
  assert.deepEqual(gw[0]!.paths.filter((p) => p.startsWith("sku")).sort(), ["sku.name", "sku.tier"]);
  const gatewayId = stack.emulator.storeIds().find((id) => id.toLowerCase().endsWith("/virtualnetworkgateways/client-vnet-gw"))!;
  const result = await deploy(changed);
  assert.equal(result.status, "Succeeded", JSON.stringify({ failures: result.failures, problems: result.problems }));
  assert.ok(stack.emulator.storeIds().includes(gatewayId));
  assert.equal(stack.emulator.counters.get("DELETE Microsoft.Network/virtualNetworkGateways") ?? 0, 0, "the gateway was never deleted");
  assert.deepEqual(await pending(changed), []);
  assert.equal((await stack.registry.get(spec.name))?.spec.gateway.generation, "Generation1", "the record keeps the generation it runs");
});
