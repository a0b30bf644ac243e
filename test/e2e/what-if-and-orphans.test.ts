// Day 2 on the emulator, from the seed lab as deployed: what-if for a changed
// spec lists exactly the expected changes (the same comparison drift uses),
// and health under a spec that dropped an NVA lists each of its still-owned
// resources as an orphan, which no remediation ever deletes.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { readWhatIf } from "../../activities/read-what-if.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { expectChecked, type CheckedHealth } from "../../orchestrations/health/check-health.js";
import { createAzureClients } from "../../shared/azure/clients.js";
import type { Change } from "../../shared/changes/what-if.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
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
const dropped = specOf((s) => (s.nvas = s.nvas.slice(0, 1)));
const acted = (changes: Change[]) =>
  changes
    .filter((c) => c.action !== "none")
    .map((c) => `${c.action} ${c.type.split("/").pop()}/${c.name}`)
    .sort();

let stack: LocalStack;
before(async () => {
  stack = await startLocalStack();
  await stack.seedSecrets(spec);
  const out = (await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(spec.name), input: { spec } }))).output as { status: string };
  assert.equal(out.status, "Succeeded");
});
after(() => stack.close());

async function healthCheck(s: TopologySpec, remediate: boolean): Promise<CheckedHealth> {
  return expectChecked((await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { spec: s, remediate } }))).output as never);
}

test("what-if of the deployed spec itself: nothing to do", async () => {
  const { changes } = await readWhatIf(planFromSpec(spec));
  assert.deepEqual(acted(changes), []);
  assert.equal(changes.length, planFromSpec(spec).resources.length);
});

test("what-if of an IPsec policy change: both connections update, both NVA VMs replace, no prefix loses its path", async () => {
  const { changes } = await readWhatIf(planFromSpec(specOf((s) => Object.assign(s.ipsec, { ikeEncryption: "GCMAES256", ikeIntegrity: "SHA384", dhGroup: "DHGroup24", pfsGroup: "PFS24" }))));
  assert.deepEqual(acted(changes), ["replace virtualMachines/c8k-10", "replace virtualMachines/c8k-20", "update connections/con-c8k-10", "update connections/con-c8k-20"]);
  for (const c of changes) assert.deepEqual(c.impact.prefixesWithoutPath, [], c.name);
});

test("what-if of a VM resize and of a dropped NVA", async () => {
  assert.deepEqual(acted((await readWhatIf(planFromSpec(specOf((s) => (s.nvas[1].vmSize = "Standard_D4as_v5"))))).changes), ["update virtualMachines/c8k-20"]);
  assert.deepEqual(acted((await readWhatIf(planFromSpec(dropped))).changes), [
    "delete bgpConnections/bgp-c8k-20",
    "delete connections/con-c8k-20",
    "delete localNetworkGateways/lng-c8k-20",
    "delete networkInterfaces/c8k-20-inside-nic",
    "delete networkInterfaces/c8k-20-outside-nic",
    "delete publicIPAddresses/c8k-2-pip",
    "delete virtualMachines/c8k-20",
    "update virtualNetworkGateways/client-Vnet-gw",
  ]);
});

test("health under a spec that dropped an NVA is not healthy and lists each of its still-owned resources as an orphan", async () => {
  const { report } = await healthCheck(dropped, false);
  assert.notEqual(report.status, "healthy");
  const orphans = report.findings.filter((f) => f.kind === "orphan");
  assert.deepEqual(orphans.map((f) => f.resource.split("/").slice(-2).join("/")).sort(), [
    "bgpConnections/bgp-c8k-20",
    "connections/con-c8k-20",
    "localNetworkGateways/lng-c8k-20",
    "networkInterfaces/c8k-20-inside-nic",
    "networkInterfaces/c8k-20-outside-nic",
    "publicIPAddresses/c8k-2-pip",
    "virtualMachines/c8k-20",
  ]);
  for (const f of orphans) assert.equal(f.severity, "critical");
  // The deployed spec itself has none.
  assert.equal((await healthCheck(spec, false)).report.status, "healthy");
});

test("orphans alone start no remediation, and nothing deletes them", async () => {
  // A resource carrying the deployment's tag that no plan holds.
  const { network } = createAzureClients(stack.emulator.azureConfig());
  await network.publicIPAddresses.beginCreateOrUpdateAndWait(spec.resourceGroup, "stray-pip", {
    location: spec.location,
    sku: { name: "Standard" },
    publicIPAllocationMethod: "Static",
    tags: { "bowtie-deployment": spec.name },
  });
  stack.emulator.settle();
  const result = await healthCheck(spec, true);
  assert.equal(result.report.status, "degraded");
  assert.deepEqual(result.report.findings.map((f) => `${f.kind} ${f.resource.split("/").pop()}`), ["orphan stray-pip"]);
  assert.equal(result.remediation, "orphans only (removed by a change, not by remediation)");
  assert.ok(stack.emulator.storeIds().some((id) => id.endsWith("/publicipaddresses/stray-pip")));
  // What-if names it for deletion: the one comparison agrees with health.
  assert.deepEqual(acted((await readWhatIf(planFromSpec(spec))).changes), ["delete publicIPAddresses/stray-pip"]);
});
