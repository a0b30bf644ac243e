// The CLI's answer to any spec file is a list of errors and exit 1, never a
// stack trace: missing, a folder, endless (/dev/zero), over 256 KiB, 10,000
// levels deep, not UTF-8, not JSON, empty, or breaking thousands of rules
// (the first 100 listed, then a count). In-process through the real program
// for the bulk; through the real bin for a few, as a user runs it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram } from "../../cli/program.js";

const root = new URL("../..", import.meta.url).pathname;
const seed = JSON.parse(readFileSync(join(root, "examples/seed-lab.json"), "utf8"));
const dir = mkdtempSync(join(tmpdir(), "bowtie-bounded-"));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  let code = -1;
  const program = buildProgram({ out: (l) => out.push(l), err: (l) => err.push(l) }, (c) => (code = c));
  await program.parseAsync(args, { from: "user" });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

const STACK_FRAME = /^\s+at .+[:(]/m;

const files: Array<[string, string, RegExp]> = [
  ["missing", join(dir, "nope.json"), /cannot read .*nope\.json: ENOENT/],
  ["a folder", dir, /is a directory/],
  ["endless (/dev/zero)", "/dev/zero", /larger than 256 KiB/],
  ["over 256 KiB", file("huge.json", JSON.stringify({ ...seed, $schema: "x".repeat(300_000) })), /huge\.json is larger than 256 KiB; a topology spec may be at most 262144 bytes/],
  ["10,000 levels deep", file("deep.json", "[".repeat(10_000) + "]".repeat(10_000)), /\$\[0\]\[0\].*: the spec nests objects and arrays more than 32 levels deep/],
  ["deep under an unknown key", file("deep-key.json", JSON.stringify(seed).replace(/}$/, `,"extra":${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}}`)), /\$\.extra\.a\.a.*more than 32 levels deep/],
  ["not UTF-8", file("latin1.json", new Uint8Array([0x7b, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d])), /not valid UTF-8/],
  ["not JSON", file("yaml.json", "name: lab\nnvas: []\n"), /yaml\.json must be JSON/],
  ["empty", file("empty.json", ""), /empty\.json is empty/],
];

for (const [what, path, message] of files) {
  test(`bowtie validate and plan on a file that is ${what}: errors, exit 1, no stack trace`, async () => {
    for (const command of ["validate", "plan"]) {
      const r = await run(command, path);
      assert.equal(r.code, 1, `${command}: ${r.err}`);
      assert.match(r.err, message, `${command}: ${r.err.slice(0, 500)}`);
      assert.doesNotMatch(r.err, STACK_FRAME);
      assert.equal(r.out, "");
    }
  });
}

test("bowtie validate on 5,000 duplicate prefixes: the first 100 errors, then how many more", async () => {
  const path = file("dups.json", JSON.stringify({ ...seed, clientVnet: { ...seed.clientVnet, addressSpace: Array(5000).fill("10.0.0.0/16") } }));
  const r = await run("validate", path);
  assert.equal(r.code, 1);
  const lines = r.err.split("\n");
  assert.match(lines[0]!, /dups\.json: 4999 violation\(s\):$/);
  assert.equal(lines.filter((l) => l.startsWith("  error ")).length, 100);
  assert.equal(lines.at(-1), "  … and 4899 more error(s), not listed");
  assert.ok(r.err.length < 100_000, `${r.err.length} characters`);
});

// Through the real bin (each start costs seconds, so only these).
const bowtie = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/bowtie.js"), ...args], { cwd: root, encoding: "utf8", timeout: 120_000 });

test("the real bin answers a deep file, a huge file and a failing --out folder with a message and exit 1, no stack trace", () => {
  const cases: Array<[string[], RegExp]> = [
    [["validate", join(dir, "deep-key.json")], /more than 32 levels deep/],
    [["plan", join(dir, "huge.json")], /larger than 256 KiB/],
    // An unexpected failure inside a command (here mkdir under a file) is one line from main.ts.
    [["plan", join(root, "examples/seed-lab.json"), "--out", join(dir, "empty.json", "sub")], /^bowtie: ENOTDIR/m],
  ];
  for (const [args, message] of cases) {
    const r = bowtie(...args);
    assert.equal(r.status, 1, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, STACK_FRAME, r.stderr);
    assert.ok(r.stdout.length + r.stderr.length < 1_000_000);
  }
});
