// A what-if entry as a run carried it out: the change and what became of it.
// `bowtie deploy --json` and the deployment's last result list these.
import { idKey } from "./change-steps.js";
import type { Change } from "./what-if.js";

export type ChangeOutcome = "done" | "failed" | "not reached" | "refused";

export interface CarriedChange extends Omit<Change, "paths"> {
  outcome: ChangeOutcome;
}

/** Every entry that is not `none`, with its outcome: failed ids, done ids, the rest not reached (or all refused). */
export function carriedOut(changes: Change[], done: Set<string>, failed: Set<string>, refused = false): CarriedChange[] {
  const key = idKey;
  const doneKeys = new Set([...done].map(key));
  const failedKeys = new Set([...failed].map(key));
  return changes
    .filter((c) => c.action !== "none")
    .map(({ paths: _paths, ...c }) => ({
      ...c,
      outcome: refused ? "refused" : failedKeys.has(key(c.id)) ? "failed" : doneKeys.has(key(c.id)) ? "done" : "not reached",
    }));
}
