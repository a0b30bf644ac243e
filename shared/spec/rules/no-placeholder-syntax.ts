// Placeholders ({{secret:name}}, {{publicIp:name}}, ...) are Bowtie's own
// syntax: the planner writes them into the fields it owns and the apply step
// fills them there (DESIGN.md §7). A user string that carried one, a tag
// value, an SSH key comment, an image SKU, would ask the apply step to paste
// a Key Vault secret wherever the user chose, readable by anyone who can read
// the resource. So no string of the spec, key or value, may contain "{{".
// The filler refuses such a placeholder too (shared/plan/placeholder-slots.ts);
// this rule says so up front, at the field, before anything is planned.
import { jsonPath } from "../violations.js";
import type { Rule } from "../report.js";

export const PLACEHOLDER_OPENER = "{{";

const RULE = `must not contain "${PLACEHOLDER_OPENER}": placeholders are Bowtie's own syntax, written only by its planner`;

export const noPlaceholderSyntax: Rule = (spec, r) => {
  const walk = (v: unknown, at: Array<string | number>): void => {
    if (typeof v === "string") {
      if (v.includes(PLACEHOLDER_OPENER)) r.error(jsonPath(at), RULE, v);
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...at, i]));
    } else if (v && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) {
        if (k.includes(PLACEHOLDER_OPENER)) r.error(jsonPath([...at, k]), `a key ${RULE}`, k);
        walk(x, [...at, k]);
      }
    }
  };
  walk(spec, []);
};
