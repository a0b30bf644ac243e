// How deep a spec's JSON nests, checked without recursion. A valid spec nests
// at most four containers deep ($.nvas[0].image.sku), but the schema pass and
// the JSON serializer recurse once per level, so 10,000 levels of [[[...]]]
// overflowed the stack (a 500 from the API, a stack trace from the CLI).
// This walk keeps its own stack, so it answers for any depth, and it stops at
// the first container past the limit.
import { jsonPath, type Violation } from "./violations.js";

/** Containers (objects, arrays) nested deeper than this are refused before the schema sees them. */
export const MAX_SPEC_DEPTH = 32;

interface Frame {
  value: unknown;
  depth: number;
  key: string | number | null;
  parent: Frame | null;
}

const segmentsOf = (frame: Frame): Array<string | number> => {
  const out: Array<string | number> = [];
  for (let f: Frame | null = frame; f && f.key !== null; f = f.parent) out.push(f.key);
  return out.reverse();
};

/** The violation for the first container nested deeper than `max`, or null when the value stays within it. */
export function depthViolation(input: unknown, max = MAX_SPEC_DEPTH): Violation | null {
  const stack: Frame[] = [{ value: input, depth: 1, key: null, parent: null }];
  // A value reached twice (shared or cyclic, possible only from code, never from JSON) is walked once.
  const seen = new WeakSet<object>();
  while (stack.length) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (value === null || typeof value !== "object" || seen.has(value)) continue;
    seen.add(value);
    if (frame.depth > max) {
      return { path: jsonPath(segmentsOf(frame)), rule: `the spec nests objects and arrays more than ${max} levels deep (a valid spec nests at most 4)` };
    }
    // Own enumerable keys only, as JSON has them: "__proto__" here is a plain key, never the prototype.
    // Pushed last to first, so the walk (and the path it reports) follows the document's order.
    const keys: Array<string | number> = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      stack.push({ value: (value as Record<string | number, unknown>)[key], depth: frame.depth + 1, key, parent: frame });
    }
  }
  return null;
}
