// Entry point of the `bowtie` command (bin/bowtie.js loads this through tsx).
import { consoleIo } from "./io.js";
import { buildProgram } from "./program.js";

const program = buildProgram(consoleIo, (code) => {
  process.exitCode = code;
});
await program.parseAsync(process.argv);
