// The PSK reaches the two places that need it — the connection's sharedKey
// and the NVA's keyring in its day-0 config — and nowhere else: not in
// orchestration history, custom status or output, not in the registry's
// rows, the Event Grid events, the driver's logs, the plan, or the HTTP API;
// nor, after a PSK rotation, any of the keys, old or new.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { TableClient } from "@azure/data-tables";
import functions from "@azure/functions";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { createAzureClients, vaultNameOf } from "../../shared/azure/clients.js";
import { dryRunPlan } from "../../functions/http/dry-run-plan.js";
import { getDeployment } from "../../functions/http/get-deployment.js";
import { rotatePskDeployment } from "../../functions/http/rotate-psk.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { instanceId } from "../../shared/names.js";
import { DEPLOYMENTS_TABLE } from "../../shared/storage/deployment-registry.js";
import { validateSpec } from "../../shared/spec/validate.js";

const raw = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const r = validateSpec(raw);
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
const logs: string[] = [];
let stack: LocalStack;
let psk: string;
const context = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });

before(async () => {
  stack = await startLocalStack({ log: (l) => logs.push(l) });
  await stack.seedSecrets(spec);
  const vault = vaultNameOf(spec.keyVault.vaultUrl);
  const clients = createAzureClients(stack.emulator.azureConfig({ [vault]: await stack.emulator.vaultUrl(vault) }));
  psk = (await clients.secrets(spec.keyVault.vaultUrl).getSecret(spec.keyVault.pskSecretName)).value!;
  const id = stack.client.startNew("deployTopology", { instanceId: instanceId.deploy(spec.name), input: { spec } });
  await stack.host.waitForCompletion(await id);
});
after(async () => stack.close());

test("positive control: the PSK did reach the connection and the NVA's keyring", async () => {
  assert.ok(psk.length >= 20);
  const clients = createAzureClients(stack.emulator.azureConfig());
  const key = await clients.network.virtualNetworkGatewayConnections.getSharedKey(spec.resourceGroup, "con-c8k-10");
  assert.equal(key.value, psk);
  const state = stack.emulator.networkState();
  assert.ok(state.tunnels.every((t) => t.state === "Connected"), "tunnels up means both sides hold the same key");
});

/** Every orchestration's history and status, the logs, the emulator's events and the registry rows, as text by where they are. */
async function placesAKeyMustNotBe(): Promise<Record<string, string>> {
  const places: Record<string, string> = {};
  for (const s of stack.host.allStatuses()) {
    places[`history ${s.instanceId}`] = JSON.stringify(stack.host.history(s.instanceId));
    places[`status ${s.instanceId}`] = JSON.stringify(s);
  }
  places.logs = logs.join("\n");
  places.events = JSON.stringify(stack.emulator.events.log);
  const rows = [];
  for await (const e of TableClient.fromConnectionString(stack.azurite.connectionString, DEPLOYMENTS_TABLE, { allowInsecureConnection: true }).listEntities()) rows.push(e);
  places.registry = JSON.stringify(rows);
  return places;
}

test("the PSK is in no orchestration history, status, output, log, event or registry row", async () => {
  const places = await placesAKeyMustNotBe();
  assert.ok(places.registry!.length > 2, "positive control: the registry has rows");
  for (const [where, text] of Object.entries(places)) assert.ok(!text.includes(psk), `the PSK leaked into ${where}`);
});

test("the plan and the HTTP API show a Key Vault reference, never the key", async () => {
  const plan = JSON.stringify(planFromSpec(spec));
  assert.ok(!plan.includes(psk));
  assert.ok(plan.includes(`{{secret:${spec.keyVault.pskSecretName}}}`));
  const request = (method: string, url: string, body?: unknown, params: Record<string, string> = {}) =>
    new functions.HttpRequest({ method, url, body: body === undefined ? undefined : { string: JSON.stringify(body) }, params });
  const planResponse = await dryRunPlan(request("POST", "http://localhost/api/plan", raw));
  assert.equal(planResponse.status, 200);
  assert.ok(!JSON.stringify(planResponse.jsonBody).includes(psk));
  const status = await getDeployment(request("GET", `http://localhost/api/deployments/${spec.name}`, undefined, { name: spec.name }), stack.client, stack.registry);
  assert.equal(status.status, 200);
  assert.equal((status.jsonBody as any).status, "Succeeded");
  assert.ok(!JSON.stringify(status.jsonBody).includes(psk));
});

test("a PSK rotation started over HTTP: neither the old key nor the new ones appear in history, status, output, logs, events, registry rows or HTTP answers", async () => {
  const request = (method: string, url: string, params: Record<string, string> = {}) => new functions.HttpRequest({ method, url, params });
  const started = await rotatePskDeployment(request("POST", `http://localhost/api/deployments/${spec.name}/rotate-psk`, { name: spec.name }), stack.client, context, stack.registry);
  assert.equal(started.status, 202);
  const done = await stack.host.waitForCompletion(instanceId.rotate(spec.name));
  assert.equal((done.output as { status: string }).status, "Succeeded");

  // Every version the vault holds of the PSK: the deploy's and the rotation's.
  const vault = vaultNameOf(spec.keyVault.vaultUrl);
  const secrets = createAzureClients(stack.emulator.azureConfig({ [vault]: await stack.emulator.vaultUrl(vault) })).secrets(spec.keyVault.vaultUrl);
  const keys: string[] = [];
  for await (const v of secrets.listPropertiesOfSecretVersions(spec.keyVault.pskSecretName)) keys.push((await secrets.getSecret(spec.keyVault.pskSecretName, { version: v.version! })).value!);
  assert.equal(keys.length, 2);
  assert.ok(keys.includes(psk));
  const conKey = (await createAzureClients(stack.emulator.azureConfig()).network.virtualNetworkGatewayConnections.getSharedKey(spec.resourceGroup, "con-c8k-10")).value;
  assert.ok(conKey !== psk && keys.includes(conKey!), "positive control: the connection holds the new key");

  const places: Record<string, string> = { started: JSON.stringify(started), ...(await placesAKeyMustNotBe()) };
  assert.ok(places.registry!.includes("pskVersions"), "positive control: the registry row holds the pins");
  const status = await getDeployment(request("GET", `http://localhost/api/deployments/${spec.name}`, { name: spec.name }), stack.client, stack.registry);
  assert.ok(JSON.stringify(status.jsonBody).includes("toVersion"), "positive control: the answer is the rotation's result");
  places.get = JSON.stringify(status.jsonBody);
  for (const [where, text] of Object.entries(places)) for (const key of keys) assert.ok(!text.includes(key), `a PSK leaked into ${where}`);
});
