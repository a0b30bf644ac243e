// npm run bench: how close the deploy comes to its critical path. Deploys on
// the emulator with Azure's typical provisioning times (virtual clock), then
// compares the time until every resource is Succeeded with the plan's
// critical-path lower bound (the slowest dependency chain, unlimited
// parallelism). Also: total time with BGP verification, ARM requests by kind
// for the deploy and for one health check, wall time. Ratios are compared within one run; nothing here is asserted.
import { readFileSync } from "node:fs";
import { startLocalStack } from "../emulator/local-stack.js";
import { textTable } from "../cli/format/table.js";
import { criticalPath } from "../shared/plan/critical-path.js";
import { planFromSpec } from "../shared/plan/plan.js";
import { TYPICAL_SECONDS } from "../shared/plan/typical-durations.js";
import { ORCHESTRATION } from "../shared/names.js";
import { validateSpec } from "../shared/spec/validate.js";

const seed = JSON.parse(readFileSync(new URL("../examples/seed-lab.json", import.meta.url), "utf8"));
const fourNvas = { ...structuredClone(seed), nvas: [0, 1, 2, 3].map((i) => ({ name: `nva-${i}`, asn: 65002, outsideIp: `10.10.0.${10 + i}`, insideIp: `10.10.1.${10 + i}` })) };

async function measure(label: string, json: unknown) {
  const r = validateSpec(json);
  if (!r.ok) throw new Error(`${label}: invalid spec`);
  const plan = planFromSpec(r.spec);
  const bound = criticalPath(plan.resources, (x) => TYPICAL_SECONDS[x.type]);
  const stack = await startLocalStack();
  try {
    await stack.seedSecrets(r.spec);
    const t0 = stack.clock.now();
    let allSucceededAt = 0;
    stack.host.onEvent((e) => {
      const s = e.type === "status" ? (e.customStatus as { total?: number; byPhase?: { succeeded: number } } | null) : null;
      if (!allSucceededAt && s?.total && s.byPhase?.succeeded === s.total) allSucceededAt = stack.clock.now();
    });
    const wall = performance.now();
    const status = await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.deployTopology, { input: { spec: r.spec } }));
    const wallMs = performance.now() - wall;
    const out = status.output as { status: string };
    const makespan = (allSucceededAt - t0) / 1000;
    const total = (stack.clock.now() - t0) / 1000;
    const counters = new Map(stack.emulator.counters);
    // One health check of the fresh deployment: how many ARM requests it costs.
    const before = [...stack.emulator.counters.values()].reduce((a, b) => a + b, 0);
    await stack.host.waitForCompletion(stack.host.start(ORCHESTRATION.checkHealth, { input: { spec: r.spec, remediate: false } }));
    const healthRequests = [...stack.emulator.counters.values()].reduce((a, b) => a + b, 0) - before;
    return { label, status: out.status, bound: bound.seconds, makespan, total, wallMs, counters, chain: bound.chain, healthRequests };
  } finally {
    await stack.close();
  }
}

const runs = [await measure("seed lab (2 NVAs)", seed), await measure("4 NVAs", fourNvas)];
const min = (s: number) => (s / 60).toFixed(1);
console.log("Deploy makespan vs critical path (simulated minutes; typical Azure durations)\n");
console.log(
  textTable(
    ["Topology", "Status", "Critical path", "Makespan", "Ratio", "With BGP verify", "Wall ms", "ARM requests per health check"],
    runs.map((r) => [r.label, r.status, min(r.bound), min(r.makespan), (r.makespan / r.bound).toFixed(3), min(r.total), Math.round(r.wallMs), r.healthRequests]),
  ),
);
console.log(`\nCritical chain (seed): ${runs[0]!.chain.map((id) => id.split("/").slice(-1)[0]).join(" -> ")}\n`);
const kinds = [...new Set(runs.flatMap((r) => [...r.counters.keys()]))].sort();
console.log("ARM requests by kind\n");
console.log(textTable(["Request", ...runs.map((r) => r.label)], kinds.map((k) => [k, ...runs.map((r) => r.counters.get(k) ?? 0)])));
console.log(`\nTotal: ${runs.map((r) => `${r.label} ${[...r.counters.values()].reduce((a, b) => a + b, 0)}`).join(", ")}`);
