// npm run bench (second half): the health pass over a fleet. For each size,
// a fresh local stack with ARM's token-bucket throttling on (250 reads
// refilling 25/s, 200 writes refilling 10/s per subscription), the seed lab
// deployed and copied to the fleet size, then one checkFleetHealth pass.
// Prints the pass's simulated duration, failed checks (goal 0), 429s and ARM
// requests per check. Nothing is asserted: compare within one run.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startLocalStack } from "../emulator/local-stack.js";
import { textTable } from "../cli/format/table.js";
import type { FleetResult } from "../orchestrations/health/check-fleet-health.js";
import { DEFAULT_FLEET_PACING } from "../shared/health/fleet-pacing.js";
import { instanceId, ORCHESTRATION } from "../shared/names.js";
import { validateSpec } from "../shared/spec/validate.js";
import { buildFleet } from "../emulator/fleet.js";

const { values } = parseArgs({ options: { sizes: { type: "string", default: "100,1000" } } });
const sizes = values.sizes.split(",").map(Number);
const parsed = validateSpec(JSON.parse(readFileSync(new URL("../examples/seed-lab.json", import.meta.url), "utf8")));
if (!parsed.ok) throw new Error("examples/seed-lab.json is not a valid spec");
const seed = parsed.spec;

async function run(size: number) {
  const stack = await startLocalStack();
  try {
    const built = performance.now();
    await buildFleet(stack, seed, size);
    const buildMs = performance.now() - built;
    stack.emulator.faults.enableTokenBuckets();
    const wall = performance.now();
    const done = await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkFleetHealth, { instanceId: instanceId.healthFleet, input: {} }));
    const wallMs = performance.now() - wall;
    if (done.runtimeStatus !== "Completed") throw new Error(`the fleet pass ended ${done.runtimeStatus}: ${JSON.stringify(done.output)}`);
    return { size, result: done.output as FleetResult, throttled: stack.emulator.faults.throttled, wallMs, buildMs };
  } finally {
    await stack.close();
  }
}

const rows = [];
for (const size of sizes) rows.push(await run(size));
const p = DEFAULT_FLEET_PACING;
console.log(`Health pass over a fleet (ARM token buckets on; pacing: ${p.concurrency} checks at a time, ${p.readsPerSecond} reads/s, ${p.writesPerSecond} writes/s)\n`);
console.log(
  textTable(
    ["Deployments", "Simulated s", "Checked", "Failed", "Healthy", "429s", "ARM reads", "ARM writes", "Reads/check", "Writes/check", "Batches", "Wall s"],
    rows.map(({ size, result: r, throttled, wallMs }) => [
      size,
      r.durationSeconds.toFixed(0),
      r.checked,
      r.failedCount,
      r.byStatus.healthy,
      throttled,
      r.requests.reads,
      r.requests.writes,
      (r.requests.reads / Math.max(1, r.checked)).toFixed(1),
      (r.requests.writes / Math.max(1, r.checked)).toFixed(1),
      r.batches,
      (wallMs / 1000).toFixed(1),
    ]),
  ),
);
const first = rows[0]!;
console.log(`\nBuilding the fleet (one real deploy, then copies): ${rows.map((r) => `${r.size}: ${(r.buildMs / 1000).toFixed(1)} s`).join(", ")}`);
for (const r of rows) if (r.result.failed.length) console.log(`Failed checks (${r.size}): ${r.result.failed.slice(0, 5).map((f) => `${f.deployment}: ${f.reason}`).join("; ")}`);
console.log(`A check costs ${(first.result.requests.reads / first.result.checked).toFixed(0)} reads + ${(first.result.requests.writes / first.result.checked).toFixed(0)} writes; at the paced rate one subscription checks at most ${Math.floor(300 / Math.max(first.result.requests.reads / first.result.checked / p.readsPerSecond, first.result.requests.writes / first.result.checked / p.writesPerSecond))} deployments per 5-minute period.`);
