// Every `npx bowtie …` line in README.md runs and succeeds (the emulator and
// Core Tools walkthroughs are exercised by their own tests). The lines of one
// ```sh block run in order in one folder, as a reader runs them: a block that
// deploys with `--state out/lab` and then changes that deployment finds it there.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((b) =>
  [...b[1]!.matchAll(/^(?:npm ci && )?npx bowtie (.+)$/gm)].map((m) => m[1]!.replace(/\s+#.*$/, "").trim()).filter((c) => !c.startsWith("emulator")),
);
const commands = blocks.flat();

test("README shows the main job and the CLI commands", () => {
  assert.ok(commands.includes("deploy examples/seed-lab.json"), "the main-job command is the emulator deploy of the seed lab");
  assert.ok(commands.length >= 4);
  assert.equal(commands.length, [...readme.matchAll(/^(?:npm ci && )?npx bowtie (?!emulator)/gm)].length, "every command line is inside a sh block");
  assert.match(readme, /^npm test$/m);
});

for (const block of blocks.filter((b) => b.length > 0)) {
  const out = mkdtempSync(join(tmpdir(), "bowtie-readme-"));
  for (const command of block) {
    test(`README: npx bowtie ${command}`, () => {
      const args = command.split(/\s+/).map((a) => (a.startsWith("out/") ? join(out, a) : a));
      const r = spawnSync(process.execPath, [join(root, "bin/bowtie.js"), ...args], { cwd: root, encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /DeprecationWarning/, "nothing the CLI runs is deprecated on this Node.js (CI runs every supported one)");
    });
  }
}
