// What an answer shows of a list of violations: the first hundred, each
// with its path, rule and value cut to a readable length, and how many more
// there were. A 50 KB body can break thousands of rules, and a violation
// echoes the value it rejects (which may be a 200 KB string or a whole
// object); listed in full, such answers ran to hundreds of megabytes.
import type { Violation } from "./violations.js";

export const MAX_LISTED_VIOLATIONS = 100;
/** Longest path, rule or string value shown, in characters. */
export const MAX_SHOWN_CHARS = 200;

export interface ViolationList {
  listed: Violation[];
  /** How many were left out of `listed`. */
  omitted: number;
}

export function clip(text: string, max = MAX_SHOWN_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** Does the value's JSON fit in `budget` characters? Walks at most `budget` nodes, iteratively. */
function fitsIn(value: unknown, budget: number): boolean {
  const stack: unknown[] = [value];
  let used = 0;
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") used += v.length + 2;
    else if (v === null || typeof v !== "object") used += String(v).length;
    else {
      const entries = Array.isArray(v) ? v : Object.entries(v).flat();
      used += 2 + entries.length;
      if (used > budget) return false;
      stack.push(...entries);
    }
    if (used > budget) return false;
  }
  return true;
}

/** A violation's offending value as an answer may echo it: short strings and small values as they are, the rest described. */
export function shownValue(value: unknown): unknown {
  if (typeof value === "string") return clip(value);
  if (value === null || typeof value !== "object") return value;
  if (fitsIn(value, MAX_SHOWN_CHARS)) return value;
  return Array.isArray(value) ? `(an array of ${value.length} item(s), too long to show)` : `(an object with ${Object.keys(value).length} key(s), too long to show)`;
}

export function shownViolation(v: Violation): Violation {
  const shown: Violation = { path: clip(v.path), rule: clip(v.rule, 2 * MAX_SHOWN_CHARS) };
  return v.value === undefined ? shown : { ...shown, value: shownValue(v.value) };
}

/** The first MAX_LISTED_VIOLATIONS violations, each shown at a bounded length, and the count of the rest. */
export function listViolations(all: readonly Violation[], max = MAX_LISTED_VIOLATIONS): ViolationList {
  return { listed: all.slice(0, max).map(shownViolation), omitted: Math.max(0, all.length - max) };
}
