// Bowtie acts only in the subscription it is configured for: an Event Grid
// event from another subscription naming the same resource group and names
// starts nothing, and a spec naming another subscription is refused, naming
// $.subscriptionId, by every entry point, before anything is created.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import functions from "@azure/functions";
import { deployCommand } from "../../cli/commands/deploy.js";
import { BOWTIE_PRINCIPAL } from "../../emulator/identity.js";
import { startLocalStack } from "../../emulator/local-stack.js";
import { onResourceEvent } from "../../functions/events/on-resource-event.js";
import { dryRunPlan } from "../../functions/http/dry-run-plan.js";
import { startDeployment } from "../../functions/http/start-deployment.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const r = validateSpec(seed);
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
const OTHER = "11111111-2222-4333-8444-555555555555";
const context = new functions.InvocationContext({ functionName: "test", logHandler: () => undefined });
const self = { oids: [BOWTIE_PRINCIPAL.oid], appids: [BOWTIE_PRINCIPAL.appid!] };
const request = (url: string, body: unknown) => new functions.HttpRequest({ method: "POST", url, body: { string: JSON.stringify(body) } });

test("an event from another subscription naming the same resource group and resource is dropped with a reason; the same event from our own starts the remediation", async () => {
  const stack = await startLocalStack();
  try {
    await stack.seedSecrets(spec);
    const deployed = await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { instanceId: instanceId.deploy(spec.name), input: { spec } }));
    assert.equal((deployed.output as { status: string }).status, "Succeeded");
    const ours = stack.emulator.subscriptionId;
    const before = stack.emulator.events.log.length;
    stack.emulator.outOfBand.delete(`/subscriptions/${ours}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/connections/con-c8k-10`);
    const event = stack.emulator.events.log.slice(before);
    assert.equal(event.length, 1);
    // The same change as another subscription's Event Grid topic would deliver it: same group, same names.
    const foreign = JSON.parse(JSON.stringify(event).replaceAll(ours, OTHER));
    const deps = { registry: stack.registry, self, subscriptions: [ours] };

    const dropped = await onResourceEvent(foreign, stack.client, context, deps);
    assert.equal(dropped.length, 1);
    assert.match(dropped[0]!, new RegExp(`^ignored .*: from subscription ${OTHER}, which this app does not deploy into$`));
    await stack.host.runUntilIdle();
    assert.equal(stack.host.allStatuses().filter((s) => s.instanceId === instanceId.remediate(spec.name)).length, 0, "no remediation started");

    const acted = await onResourceEvent(event, stack.client, context, deps);
    assert.match(acted.join("\n"), new RegExp(`^remediating ${spec.name} after`));
  } finally {
    await stack.close();
  }
});

test("a spec naming another subscription: 400 naming $.subscriptionId from POST /api/deployments and POST /api/plan, exit 1 from bowtie deploy; nothing created", async () => {
  const elsewhere = { ...structuredClone(seed), subscriptionId: OTHER };
  const stack = await startLocalStack();
  try {
    for (const [label, call] of [
      ["POST /api/deployments", () => startDeployment(request("http://localhost/api/deployments", elsewhere), stack.client, context, stack.registry)],
      ["POST /api/plan", () => dryRunPlan(request("http://localhost/api/plan", elsewhere))],
    ] as const) {
      const res = await call();
      assert.equal(res.status, 400, label);
      const body = (res as { jsonBody?: unknown }).jsonBody as { violations: Array<{ path: string; rule: string; value: unknown }> };
      assert.deepEqual(body.violations.map((v) => v.path), ["$.subscriptionId"], label);
      assert.match(body.violations[0]!.rule, new RegExp(`must be the subscription this Bowtie deploys into \\(${stack.emulator.subscriptionId}\\)`), label);
      assert.equal(body.violations[0]!.value, OTHER);
    }
    await stack.host.runUntilIdle();
    assert.equal(stack.host.allStatuses().length, 0, "no orchestration started");
    assert.deepEqual(stack.emulator.storeIds(), [], "no resource created");
    assert.equal(await stack.registry.get(spec.name), null);

    // The same spec naming the emulator's own subscription is accepted by the dry-run.
    assert.equal((await dryRunPlan(request("http://localhost/api/plan", { ...structuredClone(seed), subscriptionId: stack.emulator.subscriptionId }))).status, 200);
  } finally {
    await stack.close();
  }

  const dir = mkdtempSync(join(tmpdir(), "bowtie-sub-"));
  const file = join(dir, "elsewhere.json");
  writeFileSync(file, JSON.stringify(elsewhere));
  const out: string[] = [];
  const err: string[] = [];
  const code = await deployCommand(file, { state: join(dir, "state") }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  assert.equal(code, 1);
  assert.match(err.join("\n"), /\$\.subscriptionId: must be the subscription this Bowtie deploys into/);
  assert.deepEqual(out, [], "no deploy report: nothing ran");

  // --target azure: the subscription in AZURE_SUBSCRIPTION_ID is the one it would deploy into.
  const saved = process.env.AZURE_SUBSCRIPTION_ID;
  process.env.AZURE_SUBSCRIPTION_ID = "22222222-3333-4444-8555-666666666666";
  try {
    err.length = 0;
    assert.equal(await deployCommand(file, { target: "azure" }, { out: () => undefined, err: (l) => err.push(l) }), 1);
    assert.match(err.join("\n"), /\$\.subscriptionId: must be the subscription this Bowtie deploys into \(22222222-3333-4444-8555-666666666666\)/);
  } finally {
    if (saved === undefined) delete process.env.AZURE_SUBSCRIPTION_ID;
    else process.env.AZURE_SUBSCRIPTION_ID = saved;
  }
});
