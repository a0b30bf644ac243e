import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allCreates, type Change } from "../../shared/changes/what-if.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { Plan } from "../../shared/plan/types.js";
import { renderTopologySvg } from "../diagram/topology-svg.js";
import { changeListLines } from "../format/change-list.js";
import { planSummary } from "../format/plan-summary.js";
import type { CliIo } from "../io.js";
import { loadSpec, printViolations } from "../load-spec.js";

export interface PlanOptions {
  json?: boolean;
  out?: string;
  /** An emulator state folder (`bowtie deploy --state`): compare the plan with what it holds (what-if). */
  state?: string;
}

/** The plan as --json prints it and plan.json holds it. */
export function planJson(plan: Plan): string {
  return JSON.stringify(plan, null, 2);
}

/** The JSON of each change --json prints: what, what happens to it, why, and its impact. */
const changeJson = (c: Change) => ({ id: c.id, type: c.type, name: c.name, action: c.action, reason: c.reason, paths: c.paths, impact: c.impact });

export async function planCommand(file: string, opts: PlanOptions, io: CliIo): Promise<number> {
  const loaded = loadSpec(file);
  printViolations(file, loaded, io.err);
  if (!loaded.ok) return 1;
  const plan = planFromSpec(loaded.spec);
  // Without a state folder nothing exists yet: every resource is a create, and nothing heavy is loaded.
  const changes = opts.state ? await (await import("./plan-against-state.js")).changesAgainstState(loaded.spec, opts.state) : allCreates(plan);
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    writeFileSync(join(opts.out, "plan.json"), planJson(plan) + "\n");
    for (const [nva, config] of Object.entries(plan.nvaConfigs)) writeFileSync(join(opts.out, `${nva}.ios`), config);
    writeFileSync(join(opts.out, "topology.svg"), renderTopologySvg(plan));
  }
  if (opts.json) io.out(JSON.stringify({ ...plan, changes: changes.map(changeJson) }, null, 2));
  else if (opts.state) {
    for (const line of changeListLines(changes)) io.out(line);
  } else {
    io.out(planSummary(plan));
    if (opts.out) io.out(`\nWrote plan.json, ${Object.keys(plan.nvaConfigs).map((n) => `${n}.ios`).join(", ")} and topology.svg to ${opts.out}`);
  }
  return 0;
}
