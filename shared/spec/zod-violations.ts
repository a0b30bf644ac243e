// zod's issues as Bowtie violations: a JSON path, the rule in words and the
// offending value (read from the input at that path).
import type { z } from "zod";
import { jsonPath, type Violation } from "./violations.js";

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let v: unknown = input;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

export function zodViolations(error: z.ZodError, input: unknown): Violation[] {
  return error.issues.flatMap((issue): Violation[] => {
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((k) => ({ path: jsonPath([...issue.path, k]), rule: "is not a known field (check its spelling)" }));
    }
    const value = valueAt(input, issue.path);
    const rule =
      issue.code === "invalid_type" && value === undefined ? "is required" : issue.message;
    return [{ path: jsonPath(issue.path), rule, ...(value === undefined ? {} : { value }) }];
  });
}
