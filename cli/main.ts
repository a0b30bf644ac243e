// Entry point of the `bowtie` command (bin/bowtie.js loads this through tsx).
// A command that fails unexpectedly prints one line naming the error and
// exits 1: a user gets a message, never a stack trace (BOWTIE_DEBUG=1 shows it).
import { consoleIo } from "./io.js";
import { buildProgram } from "./program.js";

const program = buildProgram(consoleIo, (code) => {
  process.exitCode = code;
});
try {
  await program.parseAsync(process.argv);
} catch (e) {
  consoleIo.err(`bowtie: ${e instanceof Error ? e.message : String(e)}`);
  if (process.env.BOWTIE_DEBUG && e instanceof Error && e.stack) consoleIo.err(e.stack);
  process.exitCode = 1;
}
