// What-if as a Terraform user reads it: one line per change with its sign
// (+ create, ~ update, -/+ replace, - delete), why, and what goes down
// meanwhile; unchanged resources are counted, not listed; then the summary.
import { changeSummary, type Change, type ChangeAction } from "../../shared/changes/what-if.js";

const SIGN: Record<Exclude<ChangeAction, "none">, string> = { create: "  +", update: "  ~", replace: "-/+", delete: "  -" };

const shortType = (type: string) => type.replace(/^Microsoft\.(Network|Compute)\//, "");

function impactLines(c: Change): string[] {
  const i = c.impact;
  if (i.sessionsDown.length === 0 && i.tunnelsDown.length === 0) return [];
  const lines = [`        down ~${Math.round(i.seconds / 60) || 1} min${i.note ? ` (${i.note})` : ""}: ${i.sessionsDown.length} BGP session(s), ${i.tunnelsDown.length} tunnel(s)`];
  for (const s of i.sessionsDown) lines.push(`          session ${s}`);
  if (i.prefixesWithoutPath.length) lines.push(`        NO PATH meanwhile for ${i.prefixesWithoutPath.join(", ")}`);
  return lines;
}

export function changeListLines(changes: Change[]): string[] {
  const lines: string[] = [];
  for (const action of ["create", "update", "replace", "delete"] as const) {
    for (const c of changes.filter((x) => x.action === action)) {
      lines.push(`${SIGN[action]} ${shortType(c.type)}/${c.name}${action === "create" ? "" : `  (${c.reason})`}`);
      lines.push(...impactLines(c));
    }
  }
  const unchanged = changes.filter((c) => c.action === "none").length;
  if (unchanged) lines.push(`    ${unchanged} resource(s) unchanged`);
  lines.push("", changeSummary(changes));
  return lines;
}
