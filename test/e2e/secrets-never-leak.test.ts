// The PSK reaches the two places that need it — the connection's sharedKey
// and the NVA's keyring in its day-0 config — and nowhere else: not in
// orchestration history, custom status or output, not in the registry's
// rows, the Event Grid events, the driver's logs, the plan, or the HTTP API.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { TableClient } from "@azure/data-tables";
import functions from "@azure/functions";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { createAzureClients, vaultNameOf } from "../../shared/azure/clients.js";
import { dryRunPlan } from "../../functions/http/dry-run-plan.js";
import { getDeployment } from "../../functions/http/get-deployment.js";
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

test("the PSK is in no orchestration history, status, output, log, event or registry row", async () => {
  const places: Record<string, string> = {};
  for (const s of stack.host.allStatuses()) {
    places[`history ${s.instanceId}`] = JSON.stringify(stack.host.history(s.instanceId));
    places[`status ${s.instanceId}`] = JSON.stringify(s);
  }
  places.logs = logs.join("\n");
  places.events = JSON.stringify(stack.emulator.events.log);
  const rows = [];
  for await (const e of TableClient.fromConnectionString(stack.azurite.connectionString, DEPLOYMENTS_TABLE, { allowInsecureConnection: true }).listEntities()) rows.push(e);
  assert.ok(rows.length > 0);
  places.registry = JSON.stringify(rows);
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
