// Azure Monitor alerts start a precise check, end to end on the emulator with
// the durable driver: POST /api/alerts (the handler, called as the host calls
// it) with the common-schema fixture. A Fired BgpPeerStatus alert on the
// deployment's gateway starts that deployment's check, whose remediation
// starts the powered-off NVA again; a second alert while the remediation runs
// starts nothing and names it; Resolved and foreign targets start nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import functions, { type HttpResponseInit } from "@azure/functions";
import type { LocalStack } from "../../emulator/local-stack.js";
import { receiveAlert } from "../../functions/http/receive-alert.js";
import { expectChecked } from "../../orchestrations/health/check-health.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { deployedStack } from "../helpers/deployed-stack.js";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const spec = r.spec;
const FIXTURE = readFileSync(new URL("../fixtures/alerts/bgp-peer-status-fired.json", import.meta.url), "utf8");
const FIXTURE_SUB = "00000000-0000-4000-8000-000000000001";
const lines: string[] = [];
const context = new functions.InvocationContext({ functionName: "receiveAlert", logHandler: (_level, ...args) => lines.push(args.join(" ")) });

/** The fixture in the emulator's subscription, optionally changed. */
function alert(stack: LocalStack, change: (essentials: Record<string, unknown>) => void = () => undefined): string {
  const body = JSON.parse(FIXTURE.replaceAll(FIXTURE_SUB, stack.emulator.subscriptionId));
  change(body.data.essentials);
  return JSON.stringify(body);
}

const post = (stack: LocalStack, body: string) =>
  receiveAlert(new functions.HttpRequest({ method: "POST", url: "http://localhost/api/alerts", headers: { "content-type": "application/json" }, body: { string: body } }), context, {
    registry: stack.registry,
    client: stack.client,
    subscriptionId: stack.emulator.subscriptionId,
  });

type AlertAnswer = { started: Array<{ deployment: string; instanceId: string; targets: string[] }>; notStarted: Array<{ deployment: string; reason: string; operation?: string; instanceId?: string }>; unowned: number };
const bodyOf = (res: HttpResponseInit) => res.jsonBody as AlertAnswer;
const alertLines = () => lines.filter((l) => l.includes('"event":"AlertReceived"')).map((l) => JSON.parse(l.slice(l.indexOf("{"))) as Record<string, unknown>);

test("a Fired BgpPeerStatus alert on the gateway checks that deployment, and its remediation starts the powered-off NVA; a second alert meanwhile names the remediation", async () => {
  const stack = await deployedStack(spec);
  try {
    const vmId = `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Compute/virtualMachines/c8k-20`;
    stack.emulator.outOfBand.powerOff(vmId);
    stack.clock.advanceBy(200_000); // past the BGP hold timer: the gateway's sessions to c8k-20 drop, as the metric alert saw
    const before = alertLines().length;
    const res = await post(stack, alert(stack));
    assert.equal(res.status, 202, JSON.stringify(res.jsonBody));
    assert.deepEqual(
      bodyOf(res).started.map((s) => [s.deployment, s.instanceId]),
      [[spec.name, instanceId.alertCheck(spec.name)]],
    );
    assert.equal(bodyOf(res).unowned, 0);
    // A second of virtual time at a time, until the check's remediation runs (it takes the lock; c8k-20 takes a while to start).
    const remediating = () => stack.host.status(instanceId.remediate(spec.name))?.runtimeStatus === "Running";
    for (let step = 0; step < 900 && !remediating(); step++) await stack.host.runUntilIdle({ until: stack.clock.now() + 1000 });
    assert.ok(remediating(), "the check started the remediation");
    const check = expectChecked(stack.host.status(instanceId.alertCheck(spec.name))!.output as never);
    assert.equal(check.report.status, "degraded");
    assert.ok(check.report.findings.some((f) => f.kind === "powerState" && f.resource.endsWith("/c8k-20")), "the check found the NVA off");
    assert.equal(check.remediation, "started");

    // The remediation holds the deployment's lock: another alert starts no second operation, and says which one runs.
    const again = await post(stack, alert(stack));
    assert.equal(again.status, 200);
    assert.deepEqual(bodyOf(again).started, []);
    assert.deepEqual(bodyOf(again).notStarted.map((n) => [n.deployment, n.operation, n.instanceId]), [[spec.name, "remediate", instanceId.remediate(spec.name)]]);
    assert.match(bodyOf(again).notStarted[0]!.reason, /a remediate \(instance remediate:vpn-bgp-apipa-lab\) is already running/);

    const done = (await stack.host.waitForCompletion(instanceId.remediate(spec.name))).output as { status: string };
    assert.equal(done.status, "Succeeded");
    const after = expectChecked((await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { spec, remediate: false } }))).output as never);
    assert.equal(after.report.status, "healthy", "the remediation started c8k-20 and its sessions came back");

    // One telemetry line per alert, with the deployment's name and the rule, never the targets.
    const [first, second] = alertLines().slice(before);
    assert.equal(alertLines().length - before, 2);
    assert.deepEqual([first!.outcome, first!.httpStatus, first!.started, first!.alertRule, first!.signalType], ["started", 202, [spec.name], "bowtie-bgp-sessions-vpn-bgp-apipa-lab-rg", "Metric"]);
    assert.deepEqual([second!.outcome, second!.httpStatus, second!.notStarted], ["busy", 200, [spec.name]]);
  } finally {
    await stack.close();
  }
});

test("a Resource Health alert on a connection edited out of band: the check finds the edit and the remediation puts it back", async () => {
  const stack = await deployedStack(spec);
  try {
    const conId = `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${spec.resourceGroup}/providers/Microsoft.Network/connections/con-c8k-10`;
    stack.emulator.outOfBand.edit(conId, { enableBgp: false });
    const res = await post(
      stack,
      alert(stack, (e) => {
        e.signalType = "Activity Log";
        e.monitoringService = "Resource Health";
        e.alertRule = "bowtie-connection-health-vpn-bgp-apipa-lab-rg";
        e.alertTargetIDs = [conId.toLowerCase()];
      }),
    );
    assert.equal(res.status, 202, JSON.stringify(res.jsonBody));
    const check = expectChecked((await stack.host.waitForCompletion(instanceId.alertCheck(spec.name))).output as never);
    assert.ok(check.report.findings.some((f) => f.resource.toLowerCase() === conId.toLowerCase()), JSON.stringify(check.report.findings));
    assert.equal(check.remediation, "started");
    assert.equal(((await stack.host.waitForCompletion(instanceId.remediate(spec.name))).output as { status: string }).status, "Succeeded");
    const after = expectChecked((await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { spec, remediate: false } }))).output as never);
    assert.equal(after.report.status, "healthy");
  } finally {
    await stack.close();
  }
});

test("Resolved, and targets Bowtie does not own (another group, a resource it did not plan, another subscription), start nothing", async () => {
  const stack = await deployedStack(spec);
  try {
    const resolved = await post(stack, alert(stack, (e) => ((e.monitorCondition = "Resolved"), (e.resolvedDateTime = "2026-12-06T00:03:16.2246313Z"))));
    assert.equal(resolved.status, 200);
    const sub = stack.emulator.subscriptionId;
    for (const target of [
      `/subscriptions/${sub}/resourcegroups/someone-elses-rg/providers/microsoft.network/virtualnetworkgateways/client-vnet-gw`,
      `/subscriptions/${sub}/resourcegroups/${spec.resourceGroup}/providers/microsoft.network/virtualnetworkgateways/not-bowties-gw`,
      `/subscriptions/11111111-1111-4111-8111-111111111111/resourcegroups/${spec.resourceGroup}/providers/microsoft.network/virtualnetworkgateways/client-vnet-gw`,
    ]) {
      const res = await post(stack, alert(stack, (e) => (e.alertTargetIDs = [target])));
      assert.equal(res.status, 200, target);
      assert.deepEqual([bodyOf(res).started, bodyOf(res).unowned], [[], 1], target);
    }
    assert.equal(stack.host.status(instanceId.alertCheck(spec.name)), null, "no check was ever started");
    assert.equal(stack.host.status(instanceId.remediate(spec.name)), null);
  } finally {
    await stack.close();
  }
});
