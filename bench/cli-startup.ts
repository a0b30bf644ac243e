// npm run bench: how fast the `bowtie` command answers. Median wall time of
// `--help`, `validate` and `plan --json` on the seed lab against `node -e 0`
// in the same run (the machine's floor), and each command's peak memory
// (measured inside the child by bench/peak-rss.mjs). Uses the compiled CLI
// when dist/ is current (`npm run build`), as an installed command would.
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { textTable } from "../cli/format/table.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.env.BOWTIE_BENCH_RUNS ?? 7);
const bin = join(root, "bin/bowtie.js");

const CASES: Array<{ label: string; args: string[] }> = [
  { label: "node -e 0", args: ["-e", "0"] },
  { label: "bowtie --help", args: [bin, "--help"] },
  { label: "bowtie validate seed-lab", args: [bin, "validate", "examples/seed-lab.json"] },
  { label: "bowtie plan seed-lab --json", args: [bin, "plan", "examples/seed-lab.json", "--json"] },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function wallMs(args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: ["ignore", "ignore", "pipe"] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function peakMb(args: string[]): number {
  const r = spawnSync(process.execPath, [join(root, "bench/peak-rss.mjs"), ...args], { cwd: root, encoding: "utf8", stdio: ["ignore", "ignore", "pipe"] });
  const kb = Number(/peak-rss-kb (\d+)/.exec(r.stderr)?.[1]);
  return Math.round(kb / 1024);
}

// Warm the file cache (and V8's compile cache where Node has one) before timing.
for (const c of CASES) wallMs(c.args);
const rows = CASES.map((c) => {
  const times = Array.from({ length: RUNS }, () => wallMs(c.args));
  return { label: c.label, median: median(times), min: Math.min(...times), mb: c.args[0] === "-e" ? null : peakMb(c.args.slice(1)) };
});
const floor = rows[0]!.median;
console.log(`CLI start-up, median of ${RUNS} runs (node ${process.version}; compare within this run: the machine's load moves every figure)`);
console.log(
  textTable(
    ["command", "median wall ms", "min ms", "over node -e 0 ms", "peak RSS MB"],
    rows.map((r) => [r.label, r.median.toFixed(0), r.min.toFixed(0), (r.median - floor).toFixed(0), r.mb === null ? "-" : String(r.mb)]),
  ),
);
