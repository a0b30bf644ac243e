// A state folder's time. The folder is one Azure (emulator-state.json) and,
// beside it, the tables a local stack keeps there: every run on it stamps
// things (resources' operations, secret versions, and the tables' history
// rows, health reports and leases). Each run's clock must begin after
// everything an earlier run stamped, or times go backwards across runs: a
// report older than the deploy it checks, a lease from the future.
//
// The file holds a high-water mark, not the last instant: while a clock runs
// the mark is kept AHEAD of it, written before the clock passes it. A process
// killed outright (SIGKILL, no close) cannot have stamped anything later than
// the mark, whatever the tables had flushed by then (Azurite writes its file
// every few seconds), so the next run resumes past it and at worst skips the
// lead. A clean close writes the exact instant.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { VirtualClock, type Clock } from "./clock.js";
import { writePrivateFile } from "./private-file.js";

export const CLOCK_FILE = "emulator-clock.json";

/** How far ahead of a running virtual clock the mark is kept (simulated ms): one write per minute of simulated time at most. */
export const MARK_LEAD_MS = 60_000;

/** A run on a folder begins this long after its mark, so its first stamp is strictly later than any kept before. */
export const RESUME_GAP_MS = 1000;

/** The instant (ms) a run on this folder may begin at, or null for a folder no clock has run on yet. */
export function resumeInstant(stateDir: string): number | null {
  let text: string;
  try {
    text = readFileSync(join(stateDir, CLOCK_FILE), "utf8");
  } catch {
    return null;
  }
  let mark = NaN;
  try {
    mark = Date.parse(String((JSON.parse(text) as { mark?: unknown }).mark));
  } catch {
    // not JSON: said below, as a mark that is not a time
  }
  // Written whole or not at all (private-file.ts renames it into place): a bad one was edited by hand.
  if (!Number.isFinite(mark)) throw new Error(`${join(stateDir, CLOCK_FILE)} must hold {"mark": "<ISO time>"}; delete it to start this folder's clock afresh`);
  return mark + RESUME_GAP_MS;
}

/**
 * Keep the folder's mark at or ahead of `clock` from now on. A VirtualClock
 * moves only by advanceTo, and its listeners run before anything else can
 * read the new time, so the mark is written ahead as it moves; any other clock
 * (the standalone emulator's sped-up real time) is marked at close only.
 * close() writes the clock's exact instant and stops following it.
 */
export function keepClockInFolder(clock: Clock, stateDir: string): { close(): void } {
  const path = join(stateDir, CLOCK_FILE);
  const write = (ms: number) => writePrivateFile(path, JSON.stringify({ mark: new Date(ms).toISOString() }));
  let stop = () => {};
  if (clock instanceof VirtualClock) {
    let mark = clock.now() + MARK_LEAD_MS;
    write(mark);
    stop = clock.onAdvance((now) => {
      if (now <= mark) return;
      mark = now + MARK_LEAD_MS;
      write(mark);
    });
  }
  return {
    close() {
      stop();
      write(clock.now());
    },
  };
}
