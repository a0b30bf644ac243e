// README's "install as a command" line works: npm links the clone as a
// global package (into a scratch prefix here, never the machine's own), and
// the linked `bowtie` runs. --ignore-scripts: the line's prepare script would
// rebuild dist/ under the other CLI tests running beside this one; the
// build itself is what `npm ci` already ran.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const readme = readFileSync(join(root, "README.md"), "utf8");

test("README: npm install -g . puts a working bowtie on the PATH", () => {
  assert.match(readme, /^npm install -g \.$/m);
  const prefix = mkdtempSync(join(tmpdir(), "bowtie-global-"));
  try {
    const install = spawnSync("npm", ["install", "-g", ".", "--prefix", prefix, "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: root, encoding: "utf8" });
    assert.equal(install.status, 0, install.stderr);
    const r = spawnSync(join(prefix, "bin", "bowtie"), ["validate", join(root, "examples/seed-lab.json")], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /valid/);
  } finally {
    rmSync(prefix, { recursive: true, force: true });
  }
});
