// Day 2 on the emulator, from the seed lab as deployed: what-if for a changed
// spec lists exactly the expected changes (the same comparison drift uses),
// and health under a spec that dropped an NVA lists each of its still-owned
// resources as an orphan, which only the change path deletes. Deployed and
// asked through the HTTP API's handlers, as a registered deployment.
import { test, after, before } from "node:test";
import functions from "@azure/functions";
import assert from "node:assert/strict";
import { readWhatIf } from "../../activities/read-what-if.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { startDeployment } from "../../functions/http/start-deployment.js";
import { whatIfDeployment } from "../../functions/http/what-if.js";
import { expectChecked, type CheckedHealth } from "../../orchestrations/health/check-health.js";
import { createAzureClients } from "../../shared/azure/clients.js";
import type { Change } from "../../shared/changes/what-if.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { acted, REMOVE_C8K_20, SEED_LAB, seedSpec } from "../helpers/seed-spec.js";

const spec = seedSpec();
const dropped = seedSpec((s) => (s.nvas = s.nvas.slice(0, 1)));

const context = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
const post = (url: string, body: unknown, params: Record<string, string> = {}) =>
  new functions.HttpRequest({ method: "POST", url: `http://localhost${url}`, body: { string: JSON.stringify(body) }, params });
const whatIfUrl = (name: string) => `/api/deployments/${name}/whatif`;

let stack: LocalStack;
before(async () => {
  stack = await startLocalStack();
  await stack.seedSecrets(spec);
  // Asked before anything is registered: 404, nothing read.
  const early = await whatIfDeployment(post(whatIfUrl(spec.name), SEED_LAB, { name: spec.name }), stack.registry);
  assert.equal(early.status, 404);
  assert.equal((await startDeployment(post("/api/deployments", SEED_LAB), stack.client, context, stack.registry)).status, 202);
  const out = (await stack.host.waitForCompletion(instanceId.deploy(spec.name))).output as { status: string };
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
  const { changes } = await readWhatIf(planFromSpec(seedSpec((s) => Object.assign(s.ipsec, { ikeEncryption: "GCMAES256", ikeIntegrity: "SHA384", dhGroup: "DHGroup24", pfsGroup: "PFS24" }))));
  assert.deepEqual(acted(changes), ["replace virtualMachines/c8k-10", "replace virtualMachines/c8k-20", "update connections/con-c8k-10", "update connections/con-c8k-20"]);
  for (const c of changes) assert.deepEqual(c.impact.prefixesWithoutPath, [], c.name);
});

test("what-if of a VM resize and of a dropped NVA", async () => {
  assert.deepEqual(acted((await readWhatIf(planFromSpec(seedSpec((s) => (s.nvas[1].vmSize = "Standard_D4as_v5"))))).changes), ["update virtualMachines/c8k-20"]);
  assert.deepEqual(acted((await readWhatIf(planFromSpec(dropped))).changes), REMOVE_C8K_20);
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

test("POST /api/deployments/{name}/whatif: 200 with the changes; a spec of another name or an invalid one is a 400 naming the field", async () => {
  const resized = structuredClone(SEED_LAB);
  resized.nvas[0].vmSize = "Standard_D4as_v5";
  const res = await whatIfDeployment(post(whatIfUrl(spec.name), resized, { name: spec.name }), stack.registry);
  assert.equal(res.status, 200);
  const body = res.jsonBody as { name: string; changes: Change[] };
  assert.equal(body.name, spec.name);
  assert.deepEqual(acted(body.changes), ["update virtualMachines/c8k-10"]);
  assert.deepEqual(body.changes.find((c) => c.action === "update")!.paths, ["hardwareProfile.vmSize"]);

  const renamed = await whatIfDeployment(post(whatIfUrl("other-lab"), SEED_LAB, { name: "other-lab" }), stack.registry);
  assert.equal(renamed.status, 400);
  assert.deepEqual((renamed.jsonBody as { violations: Array<{ path: string }> }).violations.map((v) => v.path), ["$.name"]);
  const bad = structuredClone(SEED_LAB);
  bad.gateway.asn = "x";
  const invalid = await whatIfDeployment(post(whatIfUrl(spec.name), bad, { name: spec.name }), stack.registry);
  assert.equal(invalid.status, 400);
  assert.deepEqual((invalid.jsonBody as { violations: Array<{ path: string }> }).violations.map((v) => v.path), ["$.gateway.asn"]);
});

test("orphans alone: no repair; a health check that may remediate starts the change path, which deletes them (and only them)", async () => {
  // A resource carrying the deployment's tag that no plan holds.
  const { network } = createAzureClients(stack.emulator.azureConfig());
  await network.publicIPAddresses.beginCreateOrUpdateAndWait(spec.resourceGroup, "stray-pip", {
    location: spec.location,
    sku: { name: "Standard" },
    publicIPAllocationMethod: "Static",
    tags: { "bowtie-deployment": spec.name },
  });
  stack.emulator.settle();
  const stray = () => stack.emulator.storeIds().some((id) => id.endsWith("/publicipaddresses/stray-pip"));
  const looked = await healthCheck(spec, false);
  assert.equal(looked.report.status, "degraded");
  assert.deepEqual(looked.report.findings.map((f) => `${f.kind} ${f.resource.split("/").pop()}`), ["orphan stray-pip"]);
  assert.equal(looked.remediation, "not allowed");
  assert.ok(stray(), "a check that may not remediate deletes nothing");
  // What-if names it for deletion: the one comparison agrees with health.
  assert.deepEqual(acted((await readWhatIf(planFromSpec(spec))).changes), ["delete publicIPAddresses/stray-pip"]);

  const result = await healthCheck(spec, true);
  assert.equal(result.remediation, "change started (orphans)");
  const change = (await stack.host.waitForCompletion(instanceId.deploy(spec.name))).output as { status: string; changes?: Change[] };
  assert.equal(change.status, "Succeeded");
  assert.deepEqual(acted(change.changes ?? []), ["delete publicIPAddresses/stray-pip"], "the change deleted the orphan and wrote nothing else");
  assert.equal(stack.host.status(instanceId.remediate(spec.name)), null, "the repair (which deletes nothing) never ran");
  assert.ok(!stray());
  assert.equal((await healthCheck(spec, false)).report.status, "healthy");
});
