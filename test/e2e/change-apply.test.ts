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
import { readFileSync } from "node:fs";
import { readWhatIfForSpec } from "../../activities/read-what-if.js";
import { computeDisruption } from "../../emulator/network/disruption.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { startDeployment } from "../../functions/http/start-deployment.js";
import type { DeployResult } from "../../orchestrations/deploy/deploy-topology.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { validateSpec } from "../../shared/spec/validate.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
function specOf(edit: (s: any) => void = () => {}): TopologySpec {
  const raw = structuredClone(seed);
  edit(raw);
  const r = validateSpec(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  return r.spec;
}
const spec = specOf();
const context = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
const post = (url: string, body: unknown) => new functions.HttpRequest({ method: "POST", url: `http://localhost${url}`, body: { string: JSON.stringify(body) } });

let stack: LocalStack;
before(async () => {
  stack = await startLocalStack();
  await stack.seedSecrets(spec);
  assert.equal((await deploy(spec)).status, "Succeeded");
});
after(() => stack.close());

async function deploy(s: TopologySpec, allowOutage = false): Promise<DeployResult> {
  const id = stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(s.name), input: { spec: s, ...(allowOutage ? { allowOutage } : {}) } });
  const status = await stack.host.waitForCompletion(id);
  assert.equal(status.runtimeStatus, "Completed", JSON.stringify(status.output).slice(0, 2000));
  return status.output as DeployResult;
}

const disruptionOf = (r: DeployResult) => computeDisruption(stack.emulator.timeline(spec.resourceGroup), { from: Date.parse(r.startedAt), to: Date.parse(r.finishedAt) });
const pending = async (s: TopologySpec) => (await readWhatIfForSpec(s)).changes.filter((c) => c.action !== "none").map((c) => `${c.action} ${c.name}`);
const outcomes = (r: DeployResult) => (r.changes ?? []).map((c) => `${c.action} ${c.name}: ${c.outcome}`).sort();

test("an IPsec policy change on the seed lab: both NVAs replaced one at a time, no second without path or blackholed, converged", async () => {
  const changed = specOf((s) => Object.assign(s.ipsec, { ikeEncryption: "GCMAES256", ikeIntegrity: "SHA384", dhGroup: "DHGroup24", pfsGroup: "PFS24" }));
  const result = await deploy(changed);
  assert.equal(result.status, "Succeeded", JSON.stringify({ failures: result.failures, problems: result.problems }));
  assert.deepEqual(outcomes(result), ["replace c8k-10: done", "replace c8k-20: done", "update con-c8k-10: done", "update con-c8k-20: done"]);
  const d = disruptionOf(result);
  assert.equal(d.secondsWithoutPath, 0, JSON.stringify(d));
  assert.equal(d.secondsBlackholed, 0, JSON.stringify(d));
  assert.ok(d.minGatewaySessionsUp >= 2, JSON.stringify(d));
  assert.deepEqual(await pending(changed), []);
  const record = await stack.registry.get(spec.name);
  assert.equal(record?.status, "Succeeded");
  assert.equal(record?.spec.ipsec?.ikeEncryption, "GCMAES256");
});

test("an NVA ASN change: only that NVA is rolled (its VM, local network gateway and peering), without path or black hole for 0 s", async () => {
  const changed = specOf((s) => {
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
  const changed = specOf((s) => (s.nvas[1].asn = 65030));
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
  const record = await stack.registry.get(spec.name);
  assert.equal(record?.status, "Succeeded");
  assert.equal(record?.lease, undefined);
  assert.equal(record?.spec.nvas[1]?.asn, 65030);
});
