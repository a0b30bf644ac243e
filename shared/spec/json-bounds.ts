// How deep and how big a spec's JSON is, checked in one walk without
// recursion, before the schema pass. A valid spec nests at most four
// containers deep ($.nvas[0].image.sku) and holds a few hundred values, but
// the schema pass recurses once per level (10,000 levels of [[[...]]]
// overflowed the stack: a 500 from the API, a stack trace from the CLI) and
// spends microseconds on every value it rejects (60,000 bad array items took
// seconds). This walk keeps its own stack and stops at the first bound broken.
import { jsonPath, type Violation } from "./violations.js";

/** Containers (objects, arrays) nested deeper than this are refused before the schema sees them. */
export const MAX_SPEC_DEPTH = 32;
/**
 * Values (objects, arrays, strings, numbers, ...) a spec may hold. The
 * reference lab holds about 110; 64 NVAs with 1,000 subnets hold about 4,000.
 */
export const MAX_SPEC_VALUES = 10_000;

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

/** The violation for the first bound the value breaks (nesting depth, number of values), or null when it keeps both. */
export function boundsViolation(input: unknown, maxDepth = MAX_SPEC_DEPTH, maxValues = MAX_SPEC_VALUES): Violation | null {
  const stack: Frame[] = [{ value: input, depth: 1, key: null, parent: null }];
  // A value reached twice (shared or cyclic, possible only from code, never from JSON) is walked once.
  const seen = new WeakSet<object>();
  let values = 0;
  while (stack.length) {
    const frame = stack.pop()!;
    values++;
    const { value } = frame;
    if (value === null || typeof value !== "object" || seen.has(value)) continue;
    seen.add(value);
    if (frame.depth > maxDepth) {
      return { path: jsonPath(segmentsOf(frame)), rule: `the spec nests objects and arrays more than ${maxDepth} levels deep (a valid spec nests at most 4)` };
    }
    // Own enumerable keys only, as JSON has them: "__proto__" here is a plain key, never the prototype.
    // Pushed last to first, so the walk (and the path it reports) follows the document's order.
    const keys: Array<string | number> = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
    // Counted before they are pushed: the container that would take the spec past the limit is the one named.
    if (values + stack.length + keys.length > maxValues) {
      const here = Array.isArray(value) ? `this array of ${keys.length} items` : `this object of ${keys.length} keys`;
      return { path: jsonPath(segmentsOf(frame)), rule: `a spec may hold at most ${maxValues} values (objects, arrays, strings, numbers; a real topology holds a few hundred), and ${here} takes it past that` };
    }
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      stack.push({ value: (value as Record<string | number, unknown>)[key], depth: frame.depth + 1, key, parent: frame });
    }
  }
  return null;
}
