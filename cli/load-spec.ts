// Reads and validates a topology spec file for the CLI. Every violation is
// printed with its JSON path and rule; the caller exits 1 and writes nothing.
import { readFileSync } from "node:fs";
import type { TopologySpec } from "../shared/spec/schema.js";
import { validateSpec } from "../shared/spec/validate.js";
import { formatViolation, type Violation } from "../shared/spec/violations.js";

export type LoadedSpec =
  | { ok: true; spec: TopologySpec; warnings: Violation[] }
  | { ok: false; violations: Violation[]; warnings: Violation[] };

export function loadSpec(path: string): LoadedSpec {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return { ok: false, violations: [{ path: "$", rule: `cannot read ${path}: ${(e as Error).message}` }], warnings: [] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, violations: [{ path: "$", rule: `must be valid JSON: ${(e as Error).message}` }], warnings: [] };
  }
  return validateSpec(json);
}

export function printViolations(file: string, loaded: LoadedSpec, err: (s: string) => void): void {
  if (!loaded.ok) {
    err(`${file}: ${loaded.violations.length} violation(s):`);
    for (const v of loaded.violations) err(`  error    ${formatViolation(v)}`);
  }
  for (const w of loaded.warnings) err(`  warning  ${formatViolation(w)}`);
}
