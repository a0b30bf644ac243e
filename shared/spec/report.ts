// Collects what the rules find: errors (the spec is rejected) and warnings
// (it is accepted, but an engineer should look).
import type { Violation } from "./violations.js";

export class RuleReport {
  readonly errors: Violation[] = [];
  readonly warnings: Violation[] = [];

  error(path: string, rule: string, value?: unknown): void {
    this.errors.push({ path, rule, ...(value === undefined ? {} : { value }) });
  }

  warn(path: string, rule: string, value?: unknown): void {
    this.warnings.push({ path, rule, ...(value === undefined ? {} : { value }) });
  }
}

export type Rule = (spec: import("./schema.js").TopologySpec, report: RuleReport) => void;
