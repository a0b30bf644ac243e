// npm run bench (second part): the two-tier health pass over a fleet (issue 13).
//
//   tsx bench/health-fleet.ts --deployments N --subscriptions S --faults K [--json]
//
// One run: a fresh local stack, the seed lab deployed once and copied to N
// deployments spread over S subscriptions, everything left to settle (longer
// than Resource Graph's lag), K random deployments broken in K ways (NVA
// power off, PSK mismatch, connection deleted, custom APIPA edited, Route
// Server peering deleted), `--fault-age` simulated seconds for the signals to
// reach Resource Graph and Azure Monitor, then ARM's token buckets on (each
// subscription its own) and one full pass. `--json` prints one object:
// { deployments, subscriptions, simulatedSeconds, checked, failed, throttled,
//   armReadsPerHealthy, armWritesPerHealthy, graphQueries, metricsBatchCalls,
//   detected, missed, wallSeconds }.
//
// Without --deployments (npm run bench): 1,000 deployments in 1 subscription
// and 10,000 in 10, next to today's pass (every deployment checked over ARM,
// `precise`) measured on the 1,000; then the detection latency per fault kind
// on a small fleet, a pass every minute from the fault on.
// Nothing is asserted: compare within one run.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { textTable } from "../cli/format/table.js";
import { startLocalStack, type LocalStack } from "../emulator/local-stack.js";
import type { FleetResult } from "../orchestrations/health/check-fleet-health.js";
import { instanceId, ORCHESTRATION } from "../shared/names.js";
import type { TopologySpec } from "../shared/spec/schema.js";
import { validateSpec } from "../shared/spec/validate.js";
import { buildFleet } from "../emulator/fleet.js";
import { FAULT_KINDS, injectFault, seededRandom, type FaultKind } from "./fleet-faults.js";

const { values } = parseArgs({
  options: {
    deployments: { type: "string" },
    subscriptions: { type: "string", default: "1" },
    faults: { type: "string", default: "5" },
    "fault-age": { type: "string", default: "360" },
    seed: { type: "string", default: "13" },
    precise: { type: "boolean", default: false },
    json: { type: "boolean", default: false },
    latency: { type: "boolean", default: false },
  },
});
const parsed = validateSpec(JSON.parse(readFileSync(new URL("../examples/seed-lab.json", import.meta.url), "utf8")));
if (!parsed.ok) throw new Error("examples/seed-lab.json is not a valid spec");
const seed = parsed.spec;

/** Longer than Resource Graph's lag and the metrics window's start: the fleet has a settled past. */
const SETTLE_SECONDS = 20 * 60;

export interface RunResult {
  deployments: number;
  subscriptions: number;
  simulatedSeconds: number;
  checked: number;
  failed: number;
  throttled: number;
  armReadsPerHealthy: number;
  armWritesPerHealthy: number;
  graphQueries: number;
  metricsBatchCalls: number;
  detected: number;
  missed: number;
  wallSeconds: number;
}

interface Run {
  json: RunResult;
  /** This process's CPU seconds over the run (the emulator and the app; Azurite apart): the work, whatever else loads the machine. */
  cpuSeconds: number;
  result: FleetResult;
  passWallSeconds: number;
  buildWallSeconds: number;
  faults: Array<{ deployment: string; kind: FaultKind; detected: boolean; decidedBy: string; latencySeconds: number | null }>;
}

const subscriptionOf = (stack: LocalStack, spec: TopologySpec) => spec.subscriptionId ?? stack.emulator.subscriptionId;

const fleetOf = (stack: LocalStack, size: number, subscriptions: number): Promise<TopologySpec[]> => buildFleet(stack, seed, size, { subscriptions });

function pick(size: number, count: number, random: () => number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < Math.min(count, size)) chosen.add(Math.floor(random() * size));
  return [...chosen];
}

async function pass(stack: LocalStack, input: Record<string, unknown>): Promise<FleetResult> {
  const done = await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkFleetHealth, { instanceId: instanceId.healthFleet, input }));
  if (done.runtimeStatus !== "Completed") throw new Error(`the fleet pass ended ${done.runtimeStatus}: ${JSON.stringify(done.output)}`);
  return done.output as FleetResult;
}

export async function run(size: number, subscriptions: number, faultCount: number, options: { faultAgeSeconds: number; seed: number; precise: boolean }): Promise<Run> {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  const stack = await startLocalStack();
  try {
    const fleet = await fleetOf(stack, size, subscriptions);
    const buildWallSeconds = (performance.now() - wall) / 1000;
    stack.clock.advanceBy(SETTLE_SECONDS * 1000);
    const random = seededRandom(options.seed);
    const broken = pick(size, faultCount, random).map((i, n) => ({ spec: fleet[i]!, kind: FAULT_KINDS[n % FAULT_KINDS.length]! }));
    const faultAt = stack.clock.now();
    for (const b of broken) injectFault(stack.emulator, b.spec, subscriptionOf(stack, b.spec), b.kind);
    stack.clock.advanceBy(options.faultAgeSeconds * 1000);
    stack.emulator.faults.enableTokenBuckets();
    const graphBefore = stack.emulator.resourceGraph.stats.throttled;
    const passWall = performance.now();
    const result = await pass(stack, options.precise ? { precise: true } : {});
    const passWallSeconds = (performance.now() - passWall) / 1000;
    const faults = await Promise.all(
      broken.map(async (b) => {
        const report = await stack.health.latest(b.spec.name);
        const detected = !!report && report.status !== "healthy" && Date.parse(report.checkedAt) >= faultAt;
        const decision = result.decisions.find((d) => d.deployment === b.spec.name);
        return { deployment: b.spec.name, kind: b.kind, detected, decidedBy: decision ? `${decision.decidedBy} (flagged: ${decision.flaggedBy[0]?.split(":")[0] ?? "-"})` : "tier1", latencySeconds: detected ? (Date.parse(report!.checkedAt) - faultAt) / 1000 : null };
      }),
    );
    const healthy = Math.max(1, result.byStatus.healthy);
    const detected = faults.filter((f) => f.detected).length;
    return {
      json: {
        deployments: size,
        subscriptions,
        simulatedSeconds: Math.round(result.durationSeconds),
        checked: result.checked,
        failed: result.failedCount,
        throttled: stack.emulator.faults.throttled + (stack.emulator.resourceGraph.stats.throttled - graphBefore),
        armReadsPerHealthy: Number((result.tiers.armOnHealthy.reads / healthy).toFixed(3)),
        armWritesPerHealthy: Number((result.tiers.armOnHealthy.writes / healthy).toFixed(3)),
        graphQueries: result.tiers.graphQueries,
        metricsBatchCalls: result.tiers.metricsBatchCalls,
        detected,
        missed: faults.length - detected,
        wallSeconds: Number(((performance.now() - wall) / 1000).toFixed(1)),
      },
      cpuSeconds: (() => {
        const used = process.cpuUsage(cpu);
        return (used.user + used.system) / 1e6;
      })(),
      result,
      passWallSeconds,
      buildWallSeconds,
      faults,
    };
  } finally {
    await stack.close();
  }
}

/** Fault to finding, per kind: a small fleet, every kind at once, a pass starting every minute until each is found (the seconds are to the start of the pass that found it). */
async function latency(): Promise<Array<{ kind: FaultKind; seconds: number | null; tier: string }>> {
  // No remediation (the circuit breaker admits none): a repair would move the clock through its
  // provisioning waits and hide the fault from the passes that follow.
  const stack = await startLocalStack({ maxRemediationsPerHour: 0 });
  try {
    const fleet = await buildFleet(stack, seed, FAULT_KINDS.length + 1);
    stack.clock.advanceBy(SETTLE_SECONDS * 1000);
    const faultAt = stack.clock.now();
    FAULT_KINDS.forEach((kind, i) => injectFault(stack.emulator, fleet[i + 1]!, subscriptionOf(stack, fleet[i + 1]!), kind));
    const found = new Map<FaultKind, { seconds: number; tier: string }>();
    for (let minute = 1; minute <= 20 && found.size < FAULT_KINDS.length; minute++) {
      stack.clock.advanceTo(faultAt + minute * 60_000);
      const result = await pass(stack, {});
      for (const [i, kind] of FAULT_KINDS.entries()) {
        if (found.has(kind)) continue;
        const d = result.decisions.find((x) => x.deployment === fleet[i + 1]!.name);
        if (d && d.status !== "healthy" && d.status !== "skipped" && d.status !== "failed") {
          found.set(kind, { seconds: Math.round((Date.parse(result.startedAt) - faultAt) / 1000), tier: `tier 1 saw ${d.flaggedBy[0]?.split(":")[0] ?? "?"}` });
        }
      }
    }
    return FAULT_KINDS.map((kind) => ({ kind, seconds: found.get(kind)?.seconds ?? null, tier: found.get(kind)?.tier ?? "not found in 20 min" }));
  } finally {
    await stack.close();
  }
}

const row = (label: string, r: Run) => [
  label,
  r.json.deployments,
  r.json.subscriptions,
  r.json.simulatedSeconds,
  r.json.checked,
  r.json.failed,
  r.json.throttled,
  r.json.armReadsPerHealthy,
  r.json.armWritesPerHealthy,
  r.json.graphQueries,
  r.json.metricsBatchCalls,
  `${r.json.detected}/${r.json.detected + r.json.missed}`,
  r.passWallSeconds.toFixed(1),
  r.json.wallSeconds,
  r.cpuSeconds.toFixed(0),
];
const HEAD = ["Pass", "Deployments", "Subs", "Simulated s", "Checked", "Failed", "Throttled", "ARM reads/healthy", "ARM writes/healthy", "Graph queries", "getBatch calls", "Detected", "Pass wall s", "Run wall s", "Run CPU s"];

const opts = { faultAgeSeconds: Number(values["fault-age"]), seed: Number(values.seed), precise: values.precise };
const latencyTable = async () => textTable(["Fault", "Seconds to finding", "How"], (await latency()).map((l) => [l.kind, l.seconds ?? "-", l.tier]));
if (values.latency) {
  console.log(await latencyTable());
} else if (values.deployments) {
  const r = await run(Number(values.deployments), Number(values.subscriptions), Number(values.faults), opts);
  if (values.json) console.log(JSON.stringify(r.json));
  else {
    console.log(textTable(HEAD, [row(opts.precise ? "today (precise)" : "two tiers", r)]));
    for (const f of r.faults) console.log(`${f.kind}: ${f.deployment} ${f.detected ? `found, ${f.latencySeconds} s after the fault, decided by ${f.decidedBy}` : "MISSED"}`);
    console.log(`Tier 2 ran for ${r.result.tiers.tier2Checked} (first reasons: ${JSON.stringify(r.result.tiers.flaggedByKind)}); false alarms: ${r.result.decisions.filter((d) => d.status === "healthy").slice(0, 3).map((d) => `${d.deployment}: ${d.flaggedBy.join("; ")}`).join(" | ") || "none"}`);
  }
} else {
  const today = await run(1000, 1, 5, { ...opts, precise: true });
  const small = await run(1000, 1, 5, opts);
  const big = await run(10_000, 10, 10, opts).catch((e) => (console.log(`10,000 over 10 subscriptions: not run (${(e as Error).message})`), null));
  console.log(`Health pass over a fleet (ARM token buckets on, each subscription its own; faults injected ${opts.faultAgeSeconds} s before the pass)\n`);
  console.log(textTable(HEAD, [row("today: every deployment over ARM", today), row("two tiers", small), ...(big ? [row("two tiers", big)] : [])]));
  for (const r of [small, big]) if (r && r.result.failed.length) console.log(`Failed checks (${r.json.deployments}): ${r.result.failed.slice(0, 5).map((f) => `${f.deployment}: ${f.reason}`).join("; ")}`);
  const flagged = (r: Run) => Object.entries(r.result.tiers.flaggedByKind).map(([k, n]) => `${k} ${n}`).join(", ") || "none";
  console.log(`\nTier 2 ran for ${small.result.tiers.tier2Checked} of 1,000 (flagged: ${flagged(small)})${big ? ` and ${big.result.tiers.tier2Checked} of 10,000 (flagged: ${flagged(big)})` : ""}.`);
  console.log(`\nDetection latency, fault to finding (a pass every minute after the fault; metrics arrive minutes late, events and alerts cover the gap):\n`);
  console.log(await latencyTable());
}
