// The two-tier health pass on a small fleet, against the emulator's Resource
// Graph and metrics:getBatch through the real SDK clients: healthy
// deployments are vouched for by tier 1 without one ARM request; broken ones
// (a deleted connection, an NVA powered off) are flagged by tier 1 and
// decided by tier 2, the precise ARM check, which starts their remediation;
// and a healthy deployment whose metrics are missing or whose rows may be
// stale is sent to tier 2, never called healthy on tier 1's word.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { buildFleet } from "../../emulator/fleet.js";
import { startLocalStack, type LocalStack } from "../../emulator/local-stack.js";
import type { FleetInput, FleetResult } from "../../orchestrations/health/check-fleet-health.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { validateSpec } from "../../shared/spec/validate.js";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const seed = r.spec;

/** Longer than Resource Graph's lag and than the metrics window: the fleet has a settled past. */
const SETTLED_MS = 20 * 60_000;

const armRequests = (stack: LocalStack, rg: string) =>
  [...stack.emulator.counters].filter(([k]) => k.toLowerCase().includes(`/resourcegroups/${rg.toLowerCase()}/`)).reduce((n, [, c]) => n + c, 0);

async function pass(stack: LocalStack, input: FleetInput = {}): Promise<FleetResult> {
  const done = await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkFleetHealth, { instanceId: instanceId.healthFleet, input }));
  assert.equal(done.runtimeStatus, "Completed", JSON.stringify(done.output));
  return done.output as FleetResult;
}

test("tier 1 vouches for the healthy without ARM; a deleted connection and a stopped NVA go to tier 2, which decides and remediates", async () => {
  const stack = await startLocalStack();
  try {
    const fleet: TopologySpec[] = await buildFleet(stack, seed, 4);
    stack.clock.advanceBy(SETTLED_MS);
    const [healthyA, deleted, stopped, healthyB] = fleet as [TopologySpec, TopologySpec, TopologySpec, TopologySpec];
    const rg = (s: TopologySpec) => `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${s.resourceGroup}/providers`;
    stack.emulator.outOfBand.delete(`${rg(deleted)}/Microsoft.Network/connections/${deleted.nvas[0]!.connectionName ?? `con-${deleted.nvas[0]!.name}`}`);
    stack.emulator.outOfBand.powerOff(`${rg(stopped)}/Microsoft.Compute/virtualMachines/${stopped.nvas[0]!.name}`);
    // Past Resource Graph's lag and the metrics' ingestion delay: the pass that follows sees both.
    stack.clock.advanceBy(6 * 60_000);
    stack.emulator.faults.enableTokenBuckets();
    const before = new Map(fleet.map((s) => [s.name, armRequests(stack, s.resourceGroup)]));

    const result = await pass(stack);
    assert.deepEqual([result.deployments, result.checked, result.failedCount], [4, 4, 0], JSON.stringify(result.failed));
    assert.equal(result.tiers.tier1Healthy, 2);
    assert.equal(result.tiers.tier2Checked, 2);
    assert.ok(result.tiers.graphQueries >= 1 && result.tiers.metricsBatchCalls >= 2, JSON.stringify(result.tiers));
    assert.equal(stack.emulator.faults.throttled, 0);
    for (const s of [healthyA, healthyB]) {
      assert.equal(armRequests(stack, s.resourceGroup), before.get(s.name), `${s.name}: tier 1 made no ARM request`);
      assert.equal(stack.host.status(instanceId.health(s.name)), null, `${s.name}: no precise check`);
      const report = await stack.health.latest(s.name);
      assert.equal(report?.status, "healthy", "tier 1's verdict is recorded: the health endpoint serves a current report");
      assert.ok(Date.parse(report!.checkedAt) >= Date.parse(result.startedAt), "checked in this pass");
    }
    const decided = new Map(result.decisions.map((d) => [d.deployment, d]));
    assert.equal(decided.get(deleted.name)?.decidedBy, "tier2");
    assert.match(decided.get(deleted.name)!.flaggedBy.join(" "), /^missing: /, "tier 1 saw the row gone");
    assert.ok(decided.get(deleted.name)!.findings.some((f) => f.kind === "missing"), "tier 2 decided: missing");
    assert.match(decided.get(stopped.name)!.flaggedBy.join(" "), /powerState: .*deallocated|powerState: .*stopped/);
    assert.ok(decided.get(stopped.name)!.findings.some((f) => f.kind === "powerState"));
    assert.equal(result.remediationsStarted, 2, "tier 2's findings start remediation as before");
    for (const s of [deleted, stopped]) {
      const healed = (await stack.host.waitForCompletion(instanceId.remediate(s.name))).output as { status: string };
      assert.equal(healed.status, "Succeeded", s.name);
    }
  } finally {
    await stack.close();
  }
});

test("a healthy deployment whose metrics are missing, or whose Resource Graph rows may predate its last write, falls back to tier 2", async () => {
  const stack = await startLocalStack();
  try {
    const fleet = await buildFleet(stack, seed, 3);
    stack.clock.advanceBy(SETTLED_MS);
    stack.emulator.faults.enableTokenBuckets();
    const settled = await pass(stack);
    assert.equal(settled.tiers.tier1Healthy, 3, `settled and fresh: ${JSON.stringify(settled.tiers)} ${JSON.stringify(settled.decisions)}`);

    // Azure Monitor falls behind: no value inside the window.
    stack.emulator.metrics.setIngestionDelaySeconds(60 * 60);
    stack.clock.advanceBy(60_000);
    const blind = await pass(stack);
    assert.equal(blind.tiers.tier1Healthy, 0, "no deployment is called healthy without its metrics");
    assert.equal(blind.tiers.tier2Checked, 3);
    assert.deepEqual(blind.tiers.flaggedByKind, { noData: 3 });
    assert.equal(blind.byStatus.healthy, 3, "tier 2 decided: healthy");
    assert.ok(blind.decisions.every((d) => d.decidedBy === "tier2" && d.status === "healthy"));
    assert.ok(blind.tiers.armOnHealthy.reads > 0, "and that cost ARM requests, counted as spent on healthy deployments");

    // Metrics back; one deployment was just written by Bowtie (its registry record): Resource Graph may still show the old version.
    stack.emulator.metrics.setIngestionDelaySeconds(180);
    stack.clock.advanceBy(60_000);
    const touched = fleet[1]!.name;
    await stack.registry.update(touched, { status: "Succeeded", updatedAt: new Date(stack.clock.now()).toISOString() });
    const fresh = await pass(stack);
    assert.equal(fresh.tiers.tier1Healthy, 2);
    assert.deepEqual(fresh.decisions.map((d) => [d.deployment, d.decidedBy, d.flaggedBy[0]?.split(":")[0]]), [[touched, "tier2", "stale"]]);
  } finally {
    await stack.close();
  }
});
