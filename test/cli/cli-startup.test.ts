// The quick commands stay quick: `--help`, `validate` and `plan` load the spec
// rules and the planner, never the Azure SDKs, the durable engine, the
// emulator's certificate maker or Azurite (which `deploy` needs). Timings are
// measured by `npm run bench` (bench/cli-startup.ts); this checks the cause.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const HEAVY = /^(@azure\/|azurite$|durable-functions$|selfsigned$)/;

function packagesLoadedBy(...args: string[]): string[] {
  const r = spawnSync(process.execPath, ["--import", join(root, "test/helpers/record-packages.mjs"), join(root, "bin/bowtie.js"), ...args], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return [...new Set([...r.stderr.matchAll(/^package (\S+)$/gm)].map((m) => m[1]!))].sort();
}

for (const args of [["--help"], ["validate", "examples/seed-lab.json"], ["plan", "examples/seed-lab.json", "--json"]]) {
  test(`bowtie ${args.join(" ")} loads no Azure SDK, durable engine, emulator or Azurite`, () => {
    const loaded = packagesLoadedBy(...args);
    assert.ok(loaded.includes("commander"), `the recorder must see packages: ${loaded.join(", ")}`);
    assert.deepEqual(loaded.filter((p) => HEAVY.test(p)), []);
  });
}

test("the recorder does see heavy packages where they are loaded (the deploy command's module)", () => {
  const r = spawnSync(process.execPath, ["--import", join(root, "test/helpers/record-packages.mjs"), "--import", "tsx", "-e", 'await import("./cli/commands/deploy.ts")'], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^package @azure\//m);
});
