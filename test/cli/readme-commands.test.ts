// Every `npx bowtie …` line in README.md runs and succeeds, in README order
// and sharing one out/ folder (so a `deploy --state out/x` serves the
// `dashboard --state out/x` after it). A command that runs until Ctrl-C (the
// dashboard) must print its URL and serve its page, then stop cleanly on
// SIGINT. The emulator and Core Tools walkthroughs have their own tests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const readme = readFileSync(join(root, "README.md"), "utf8");
const commands = [...readme.matchAll(/^(?:npm ci && )?npx bowtie (.+)$/gm)]
  .map((m) => m[1]!.replace(/\s+#.*$/, "").trim())
  .filter((c) => !c.startsWith("emulator"));

test("README shows the main job and the CLI commands", () => {
  assert.ok(commands.includes("deploy examples/seed-lab.json"), "the main-job command is the emulator deploy of the seed lab");
  assert.ok(commands.length >= 4);
  assert.match(readme, /^npm test$/m);
});

const out = mkdtempSync(join(tmpdir(), "bowtie-readme-"));

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

for (const command of commands) {
  test(`README: npx bowtie ${command}`, async () => {
    const args = command.split(/\s+/).map((a) => (a.startsWith("out/") ? join(out, a) : a));
    if (args[0] === "dashboard") return runUntilServing(args);
    const r = spawnSync(process.execPath, [join(root, "bin/bowtie.js"), ...args], { cwd: root, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /DeprecationWarning/, "nothing the CLI runs is deprecated on this Node.js (CI runs every supported one)");
  });
}
