// Every `npx bowtie …` line in README.md runs and succeeds (the emulator and
// Core Tools walkthroughs are exercised by their own tests). The lines of one
// ```sh block run in order in one folder, as a reader runs them: a block that
// deploys with `--state out/lab` and then changes that deployment, or serves it
// with `dashboard --state out/lab`, finds it there. A command that runs until
// Ctrl-C (the dashboard) must print its URL and serve its page, then stop
// cleanly on SIGINT.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
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

/** Runs a command that serves until Ctrl-C: its URL printed, its page served, exit 0 on SIGINT. */
async function runUntilServing(args: string[]): Promise<void> {
  const child = spawn(process.execPath, [join(root, "bin/bowtie.js"), ...args], { cwd: root });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    let url: string | undefined;
    for (let i = 0; i < 180 && !url && child.exitCode === null; i++) {
      url = /(http:\/\/127\.0\.0\.1:\d+\/api\/ui)\b/.exec(stdout)?.[1];
      if (!url) await new Promise((r) => setTimeout(r, 1000));
    }
    assert.ok(url, `it prints the page's URL (stderr: ${stderr})`);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const fleet = (await (await fetch(url.replace(/\/api\/ui$/, "/api/ui/api/fleet"))).json()) as { deployments: unknown[] };
    assert.ok(fleet.deployments.length >= 1, "it serves the deployments the state folder holds");
  } finally {
    child.kill("SIGINT");
  }
  assert.equal(await exited, 0, stderr);
}

for (const block of blocks.filter((b) => b.length > 0)) {
  const out = mkdtempSync(join(tmpdir(), "bowtie-readme-"));
  for (const command of block) {
    test(`README: npx bowtie ${command}`, async () => {
      const args = command.split(/\s+/).map((a) => (a.startsWith("out/") ? join(out, a) : a));
      if (args[0] === "dashboard") return runUntilServing(args);
      const r = spawnSync(process.execPath, [join(root, "bin/bowtie.js"), ...args], { cwd: root, encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      assert.doesNotMatch(r.stderr, /DeprecationWarning/, "nothing the CLI runs is deprecated on this Node.js (CI runs every supported one)");
    });
  }
}
