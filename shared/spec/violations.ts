// A rule a spec breaks: where (a JSON path such as $.nvas[1].loopbackIp),
// which rule, and the offending value. Validation returns every violation at
// once; nothing downstream runs on a spec that has any.
import { listViolations } from "./violation-list.js";

export interface Violation {
  path: string;
  rule: string;
  value?: unknown;
}

export function jsonPath(segments: ReadonlyArray<string | number | symbol>): string {
  let out = "$";
  for (const s of segments) {
    if (typeof s === "number") out += `[${s}]`;
    else if (typeof s === "string" && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) out += `.${s}`;
    else out += `[${JSON.stringify(String(s))}]`;
  }
  return out;
}

export function formatViolation(v: Violation): string {
  const got = v.value === undefined ? "" : ` (got ${JSON.stringify(v.value)})`;
  return `${v.path}: ${v.rule}${got}`;
}

// Thrown where a caller asked for a plan from a spec that breaks rules; its
// message lists the first violations only (violation-list.ts).
export class SpecError extends Error {
  constructor(readonly violations: Violation[]) {
    const { listed, omitted } = listViolations(violations);
    const more = omitted ? `\n  … and ${omitted} more` : "";
    super(`the topology spec breaks ${violations.length} rule(s):\n` + listed.map((v) => "  " + formatViolation(v)).join("\n") + more);
    this.name = "SpecError";
  }
}
