// The --state DIR every command after `bowtie deploy --state DIR` needs: the
// emulator state folder that deploy left. Without it there is nothing to
// read, so the command stops before it starts anything (exit 2, a usage error).
import type { CliIo } from "./io.js";

/** The folder, or null after saying what is missing. */
export function requireStateDir(state: string | undefined, io: CliIo): string | null {
  if (state) return state;
  io.err("--state DIR is required: the emulator state folder a `bowtie deploy --state DIR` left");
  return null;
}
