// The HTTP API's handlers with the local durable client, and the teardown:
// start (400 with every violation; 202; 409 while running), read, re-deploy
// with zero writes, tear down only what the deployment owns.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import functions from "@azure/functions";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { getDeployment } from "../../functions/http/get-deployment.js";
import { startDeployment } from "../../functions/http/start-deployment.js";
import { teardownDeployment } from "../../functions/http/teardown-deployment.js";
import { createAzureClients } from "../../shared/azure/clients.js";
import { instanceId } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const r = validateSpec(seed);
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
let stack: LocalStack;
const context = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
const request = (method: string, url: string, body?: unknown, params: Record<string, string> = {}) =>
  new functions.HttpRequest({ method, url, body: body === undefined ? undefined : { string: typeof body === "string" ? body : JSON.stringify(body) }, params });

before(async () => {
  stack = await startLocalStack();
  await stack.seedSecrets(spec);
});
after(async () => stack.close());

test("POST /api/deployments with an invalid spec: 400 listing every violation, nothing started", async () => {
  const bad = structuredClone(seed);
  bad.gateway.asn = 65002;
  bad.nvas[0].outsideIp = "10.10.9.4";
  const res = await startDeployment(request("POST", "http://localhost/api/deployments", bad), stack.client, context, stack.registry);
  assert.equal(res.status, 400);
  const body = (res as { jsonBody: { violations: Array<{ path: string }> } }).jsonBody;
  assert.deepEqual(body.violations.map((v) => v.path).sort(), ["$.gateway.asn", "$.nvas[0].outsideIp"]);
  assert.equal(stack.host.allStatuses().length, 0);
  const notJson = await startDeployment(request("POST", "http://localhost/api/deployments", "{oops"), stack.client, context, stack.registry);
  assert.equal(notJson.status, 400);
});

test("POST starts the deployment (202 with its own URL); a second POST while it runs is 409 naming it; GET shows progress then the BGP table", async () => {
  const first = await startDeployment(request("POST", "http://localhost/api/deployments", seed), stack.client, context, stack.registry);
  assert.equal(first.status, 202);
  const urls = { id: instanceId.deploy(spec.name) };
  assert.deepEqual(first.jsonBody, { name: spec.name, operation: "deploy", instanceId: urls.id, statusUrl: `/api/deployments/${spec.name}` });
  assert.equal((first.headers as Record<string, string>).Location, `/api/deployments/${spec.name}`);
  const second = await startDeployment(request("POST", "http://localhost/api/deployments", seed), stack.client, context, stack.registry);
  assert.equal(second.status, 409);
  assert.deepEqual([(second.jsonBody as any).operation, (second.jsonBody as any).instanceId], ["deploy", urls.id]);

  await stack.host.runUntilIdle({ until: stack.clock.now() + 10 * 60_000 });
  const during = await getDeployment(request("GET", `http://localhost/api/deployments/${spec.name}`, undefined, { name: spec.name }), stack.client, stack.registry);
  assert.equal((during.jsonBody as any).status, "Deploying");
  assert.ok(((during.jsonBody as any).orchestration.progress.provisioning as Array<{ name: string }>).some((p) => p.name === "client-Vnet-gw"));

  await stack.host.waitForCompletion(urls.id);
  const done = await getDeployment(request("GET", `http://localhost/api/deployments/${spec.name}`, undefined, { name: spec.name }), stack.client, stack.registry);
  assert.equal((done.jsonBody as any).status, "Succeeded");
  assert.equal((done.jsonBody as any).result.sessions.gateway.length, 4);
  const unknown = await getDeployment(request("GET", "http://localhost/api/deployments/nope", undefined, { name: "nope" }), stack.client, stack.registry);
  assert.equal(unknown.status, 404);
});

test("deploying the unchanged spec again makes zero writes", async () => {
  const res = await startDeployment(request("POST", "http://localhost/api/deployments", seed), stack.client, context, stack.registry);
  assert.equal(res.status, 202);
  const out = (await stack.host.waitForCompletion(instanceId.deploy(spec.name))).output as { status: string; writes: number };
  assert.equal(out.status, "Succeeded");
  assert.equal(out.writes, 0);
});

test("DELETE tears down what the deployment owns, in reverse order, and leaves other resources alone", async () => {
  const clients = createAzureClients(stack.emulator.azureConfig());
  // Someone else's LNG under a name Bowtie would use for a third NVA, and one of ours with its tag removed.
  await clients.network.localNetworkGateways.createOrUpdate(spec.resourceGroup, "lng-not-ours", { location: spec.location, gatewayIpAddress: "198.51.100.250", localNetworkAddressSpace: { addressPrefixes: [] } });
  const nsgId = `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/networkSecurityGroups/provider-Vnet-nva-outside-nsg`;
  await clients.network.networkSecurityGroups.updateTags(spec.resourceGroup, "provider-Vnet-nva-outside-nsg", { tags: { owner: "someone-else" } });
  const res = await teardownDeployment(request("DELETE", `http://localhost/api/deployments/${spec.name}`, undefined, { name: spec.name }), stack.client, context, stack.registry);
  assert.equal(res.status, 202);
  const out = (await stack.host.waitForCompletion(instanceId.teardown(spec.name))).output as { status: string; deletes: number; skipped: unknown[] };
  assert.equal(out.status, "Succeeded", JSON.stringify(out));
  assert.equal(out.deletes, 23, "every planned resource but the NSG that lost its ownership tag");
  assert.match(JSON.stringify(out.skipped), /provider-Vnet-nva-outside-nsg.*not owned by vpn-bgp-apipa-lab/);
  stack.emulator.settle();
  const left = stack.emulator.storeIds().sort();
  const lngId = `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/localNetworkGateways/lng-not-ours`;
  assert.deepEqual(left, [lngId.toLowerCase(), nsgId.toLowerCase()].sort());
  assert.equal((await stack.registry.get(spec.name))?.status, "TornDown");
});
