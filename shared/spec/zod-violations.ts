// zod's issues as Bowtie violations: a JSON path, the rule in words and the
// offending value (read from the input at that path). Every issue becomes at
// least one violation, so nothing zod rejects goes unreported.
import type { z } from "zod";
import { jsonPath, type Violation } from "./violations.js";

/** The input's value at a zod path; own properties only, so "__proto__" or "constructor" never reach Object.prototype. */
export function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== "object" || typeof k === "symbol" || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

const withValue = (path: string, rule: string, value: unknown): Violation =>
  value === undefined ? { path, rule } : { path, rule, value };

function toViolations(issue: z.core.$ZodIssue, input: unknown): Violation[] {
  switch (issue.code) {
    case "unrecognized_keys":
      // One violation per unknown key, located at the key itself.
      return issue.keys.map((k) => withValue(jsonPath([...issue.path, k]), issue.message, valueAt(input, [...issue.path, k])));
    case "invalid_key": {
      // The offending value is the key; the inner issue carries the naming rule (e.g. a tag name's characters).
      const key = issue.path.at(-1);
      const rule = issue.issues[0]?.message ?? issue.message;
      return [withValue(jsonPath(issue.path), rule, typeof key === "symbol" ? String(key) : key)];
    }
    default:
      return [withValue(jsonPath(issue.path), issue.message, valueAt(input, issue.path))];
  }
}

export function zodViolations(error: z.ZodError, input: unknown): Violation[] {
  const out = error.issues.flatMap((issue) => toViolations(issue, input));
  // zod reports at least one issue on failure; keep the "at least one violation" promise even if it did not.
  return out.length ? out : [{ path: "$", rule: "is not a valid topology spec" }];
}
