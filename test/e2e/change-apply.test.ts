// Day 2 on the emulator: a deploy over a running seed lab (2 NVAs) whose
// spec changed is carried out as a change. An IPsec policy change and an NVA
// ASN change replace both NVAs one at a time, drained first: no prefix ever
// loses its last path and Azure never routes into a dead NVA
// (secondsWithoutPath = secondsBlackholed = 0, from the emulator's session
// timeline), and the run converges (what-if afterwards: nothing to do). The
// real orchestration through the local durable driver, real SDK clients.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readWhatIfForSpec } from "../../activities/read-what-if.js";
import { computeDisruption } from "../../emulator/network/disruption.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
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
