import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { Plan } from "../../shared/plan/types.js";
import { renderTopologySvg } from "../diagram/topology-svg.js";
import { planSummary } from "../format/plan-summary.js";
import type { CliIo } from "../io.js";
import { loadSpec, printViolations } from "../load-spec.js";

export interface PlanOptions {
  json?: boolean;
  out?: string;
}

/** The plan as --json prints it and plan.json holds it. */
export function planJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2);
}

export function planCommand(file: string, opts: PlanOptions, io: CliIo): number {
  const loaded = loadSpec(file);
  printViolations(file, loaded, io.err);
  if (!loaded.ok) return 1;
  const plan = planFromSpec(loaded.spec);
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    writeFileSync(join(opts.out, "plan.json"), planJson(plan) + "\n");
    for (const [nva, config] of Object.entries(plan.nvaConfigs)) writeFileSync(join(opts.out, `${nva}.ios`), config);
    writeFileSync(join(opts.out, "topology.svg"), renderTopologySvg(plan));
  }
  if (opts.json) io.out(planJson(plan));
  else {
    io.out(planSummary(plan));
    if (opts.out) io.out(`\nWrote plan.json, ${Object.keys(plan.nvaConfigs).map((n) => `${n}.ios`).join(", ")} and topology.svg to ${opts.out}`);
  }
  return 0;
}
