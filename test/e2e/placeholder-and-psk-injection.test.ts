// Two defects of issue 10, end to end on the emulator with the real SDK clients:
// 1. a placeholder the planner did not put there (here: a forged plan with
//    {{secret:…}} in a tag) is never filled: the apply refuses the resource
//    before reading Key Vault, and nothing is written;
// 2. a Key Vault PSK that would break the IOS XE keyring line (a newline that
//    injects `username … privilege 15`, a space, "6 …", more than 128
//    characters) fails the apply, naming the secret and the rule, never the
//    value, and no resource is written with it.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { TableClient } from "@azure/data-tables";
import functions from "@azure/functions";
import type { SecretClient } from "@azure/keyvault-secrets";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import { applyResource } from "../../activities/apply-resource.js";
import { azureTarget, useAzureTarget, type AzureTarget } from "../../activities/azure-target.js";
import type { ApplyResourceInput } from "../../activities/contracts.js";
import { createAzureClients, vaultNameOf } from "../../shared/azure/clients.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { PlannedResource } from "../../shared/plan/types.js";
import { ORCHESTRATION } from "../../shared/names.js";
import { DEPLOYMENTS_TABLE } from "../../shared/storage/deployment-registry.js";
import { validateSpec } from "../../shared/spec/validate.js";
import type { TopologySpec } from "../../shared/spec/schema.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const specOf = (json: unknown): TopologySpec => {
  const r = validateSpec(json);
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  return r.spec;
};
// The direct applies run in their own resource group and vault, apart from the full deploy.
const direct = specOf({ ...seed, resourceGroup: "forged-rg", keyVault: { ...seed.keyVault, vaultUrl: "https://forged-kv.vault.azure.net/" } });
const directPlan = planFromSpec(direct);

const logs: string[] = [];
const telemetry: string[] = [];
const context = new functions.InvocationContext({ functionName: "applyResource", logHandler: (_l, ...args) => telemetry.push(args.join(" ")) });
let stack: LocalStack;
let base: AzureTarget;
/** Names of the Key Vault secrets the activities read. */
const reads: string[] = [];

before(async () => {
  stack = await startLocalStack({ log: (l) => logs.push(l) });
  await stack.seedSecrets(direct);
  base = azureTarget();
  // The same target, counting Key Vault reads.
  useAzureTarget({
    ...base,
    secrets: (url) => {
      const client = base.secrets(url);
      return { getSecret: (name: string, o?: object) => (reads.push(name), client.getSecret(name, o)) } as unknown as SecretClient;
    },
  });
});
after(async () => stack.close());

const byName = (name: string): PlannedResource => directPlan.resources.find((r) => r.name === name)!;
const inputFor = (resource: PlannedResource): ApplyResourceInput => ({
  deployment: direct.name,
  resource,
  context: { vaultUrl: direct.keyVault.vaultUrl, routeServerName: directPlan.topology.routeServer?.name ?? null },
});
const puts = (type: string) => stack.emulator.counters.get(`PUT ${type}`) ?? 0;
const stored = (r: PlannedResource) => stack.emulator.storeIds().some((id) => id.endsWith(`/${r.type.split("/").pop()!.toLowerCase()}/${r.name.toLowerCase()}`));
const secretValue = async (name: string) => (await createAzureClients(stack.emulator.azureConfig({ [vaultNameOf(direct.keyVault.vaultUrl)]: await stack.emulator.vaultUrl(vaultNameOf(direct.keyVault.vaultUrl)) })).secrets(direct.keyVault.vaultUrl).getSecret(name)).value!;

test("a forged plan with {{secret:…}} in a tag: the filler refuses before reading Key Vault, and nothing is written", async () => {
  const pip = byName("gw-1-pip");
  const password = await secretValue("nva-admin-password");
  const forgeries: Array<[string, PlannedResource]> = [
    ["a tag value", { ...pip, body: { ...pip.body, tags: { ...(pip.body.tags as object), note: "{{secret:nva-admin-password}}" } } }],
    // A forger who also marks the field still cannot aim a secret at it: secrets fill only sharedKey / adminPassword.
    ["a tag value the forged plan marks", { ...pip, body: { ...pip.body, tags: { note: "{{secret:nva-admin-password}}" } }, placeholderSlots: { "$.tags.note": "secret" } }],
    ["a tag key", { ...pip, body: { ...pip.body, tags: { "{{secret:nva-admin-password}}": "x" } } }],
  ];
  for (const [what, forged] of forgeries) {
    reads.length = 0;
    telemetry.length = 0;
    const before = puts(pip.type);
    const out = await applyResource(inputFor(forged), context);
    assert.equal(out.outcome, "failed", what);
    assert.ok(out.outcome === "failed");
    assert.equal(out.error.code, "PlaceholderNotAllowed", what);
    assert.match(out.error.message, /\$\.tags/, `${what}: the error names where`);
    assert.deepEqual(reads, [], `${what}: Key Vault was not read`);
    assert.equal(puts(pip.type), before, `${what}: no PUT was sent`);
    assert.equal(stored(pip), false, `${what}: no public IP was created`);
    assert.ok(!JSON.stringify(out).includes(password) && !telemetry.join("\n").includes(password));
    assert.match(telemetry.join("\n"), /PlaceholderNotAllowed/, "the refusal is in telemetry, by code");
  }
  // Positive control: the planner's own resource is written.
  const ok = await applyResource(inputFor(pip), context);
  assert.equal(ok.outcome, "started", JSON.stringify(ok));
  assert.equal(stored(pip), true);
});

const INJECTION = "Abc123\nusername pwned privilege 15 secret 0 Pwned-Pass-1";
const BAD_PSKS: Array<[string, string, RegExp]> = [
  ["a newline (IOS command injection)", INJECTION, /line break/],
  ["a space", "Abc 123xyz", /space/],
  ["a key that starts '6 ' (read by IOS as an encrypted key type)", "6 Abc123xyz", /space/],
  ["more than 128 characters", "A".repeat(129), /longer than 128/],
  ["a '?'", "Abc?123", /'\?'/],
];

test("a Key Vault PSK that IOS XE or Azure cannot take: the connection apply fails naming the secret and the rule, never the value", async () => {
  const connection = byName("con-c8k-10");
  for (const [what, value, rule] of BAD_PSKS) {
    await stack.emulator.setSecret(vaultNameOf(direct.keyVault.vaultUrl), direct.keyVault.pskSecretName, value);
    telemetry.length = 0;
    const before = puts(connection.type);
    const out = await applyResource(inputFor(connection), context);
    assert.ok(out.outcome === "failed", `${what}: ${JSON.stringify(out)}`);
    assert.equal(out.error.code, "InvalidSecretValue", what);
    assert.match(out.error.message, new RegExp(`Key Vault secret ${direct.keyVault.pskSecretName} `), `${what}: names the secret`);
    assert.match(out.error.message, rule, `${what}: names the rule`);
    for (const text of [JSON.stringify(out), telemetry.join("\n")]) {
      assert.ok(!text.includes(value) && !text.includes("pwned") && !text.includes("A".repeat(129)), `${what}: the value leaked`);
    }
    assert.equal(puts(connection.type), before, `${what}: no connection PUT`);
    assert.equal(stored(connection), false);
  }
});

test("a full deploy with a PSK that injects an IOS command fails; no connection or NVA is written, and the value is nowhere", async () => {
  useAzureTarget(base);
  const spec = specOf(seed);
  await stack.emulator.setSecret(vaultNameOf(spec.keyVault.vaultUrl), spec.keyVault.pskSecretName, INJECTION);
  await stack.seedSecrets(spec); // keeps the PSK set above, adds the admin password
  const id = await stack.client.startNew(ORCHESTRATION.deployTopology, { input: { spec } });
  const out = (await stack.host.waitForCompletion(id)).output as { status: string; failures: Array<{ id: string; error: { code: string; message: string } }> };
  assert.equal(out.status, "Failed");
  const refused = out.failures.filter((f) => f.error.code === "InvalidSecretValue");
  assert.ok(refused.length > 0, JSON.stringify(out.failures));
  for (const f of refused) assert.match(f.error.message, /Key Vault secret vpn-psk .*line break/);
  assert.ok(refused.some((f) => f.id.includes("/virtualMachines/")), "the day-0 config (customData) path refuses it too");
  const ids = stack.emulator.storeIds().filter((i) => i.includes(`/resourcegroups/${spec.resourceGroup.toLowerCase()}/`));
  assert.ok(ids.length > 0, "the deploy did write what needs no PSK");
  assert.deepEqual(ids.filter((i) => /\/(connections|virtualmachines)\//.test(i)), [], "no connection or VM was written");

  const places: Record<string, string> = { logs: logs.join("\n"), events: JSON.stringify(stack.emulator.events.log) };
  for (const s of stack.host.allStatuses()) {
    places[`history ${s.instanceId}`] = JSON.stringify(stack.host.history(s.instanceId));
    places[`status ${s.instanceId}`] = JSON.stringify(s);
  }
  const rows = [];
  for await (const e of TableClient.fromConnectionString(stack.azurite.connectionString, DEPLOYMENTS_TABLE, { allowInsecureConnection: true }).listEntities()) rows.push(e);
  places.registry = JSON.stringify(rows);
  for (const [where, text] of Object.entries(places)) assert.ok(!text.includes("pwned") && !text.includes("Abc123"), `the PSK leaked into ${where}`);
});
