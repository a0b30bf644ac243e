// Runs a Node script (argv[2] onwards, as `node <script> <args>` would) and
// reports the process's peak resident memory on stderr when it exits, for
// bench/cli-startup.ts (spawnSync does not report a child's rusage).
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...args];
process.on("exit", () => process.stderr.write(`peak-rss-kb ${process.resourceUsage().maxRSS}\n`));
await import(pathToFileURL(resolve(script)).href);
