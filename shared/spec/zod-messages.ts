// Plain-English rules for zod's built-in checks ("must be a number"), used
// as the per-parse error map. zod gives a schema's own messages precedence
// over this map, so the naming rules in naming.ts and the messages in
// schema.ts still win; only zod's generic wording ("Invalid input: expected
// number, received string") is replaced.
import type { z } from "zod";

const TYPE_NAMES: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  tuple: "an array",
  record: "an object",
  null: "null",
};

const list = (values: readonly unknown[]) => values.map((v) => JSON.stringify(v)).join(", ");

function bound(kind: "at least" | "at most", origin: string, limit: number | bigint, inclusive: boolean | undefined, exact: boolean | undefined): string {
  const n = Number(limit);
  if (origin === "array" || origin === "set") return exact ? `must have exactly ${n} item(s)` : `must have ${kind} ${n} item(s)`;
  if (origin === "string") {
    if (kind === "at least" && n === 1) return "must not be empty";
    return exact ? `must have exactly ${n} character(s)` : `must have ${kind} ${n} character(s)`;
  }
  if (inclusive === false) return kind === "at least" ? `must be greater than ${n}` : `must be less than ${n}`;
  return `must be ${kind} ${n}`;
}

export const plainZodMessages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined ? "is required" : `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`;
    case "invalid_value":
      return issue.values.length === 1 ? `must be ${list(issue.values)}` : `must be one of ${list(issue.values)}`;
    case "too_small":
      return bound("at least", issue.origin, issue.minimum, issue.inclusive, issue.exact);
    case "too_big":
      return bound("at most", issue.origin, issue.maximum, issue.inclusive, issue.exact);
    case "invalid_format":
      return `must be a valid ${issue.format}`;
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}`;
    case "unrecognized_keys":
      return "is not a known field (check its spelling)";
    case "invalid_key":
      return "has a key that breaks the naming rules";
    case "invalid_union":
      return "does not match any allowed form";
    case "invalid_element":
      return "has an invalid element";
    default:
      return undefined;
  }
};
