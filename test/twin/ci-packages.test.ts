// CI installs exactly the Debian packages the twin says it needs, so the
// twin tests (which fail in CI when the twin cannot run) have what they need
// on a fresh machine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { TWIN_PACKAGES } from "../../twin/host.js";

test(".ci/run installs the twin's packages", () => {
  const ci = readFileSync(new URL("../../.ci/run", import.meta.url), "utf8").replace(/\\\n\s*/g, " ");
  const line = /apt-get install -y -qq --no-install-recommends ([^>\n]+)/.exec(ci);
  assert.ok(line, ".ci/run has an apt-get install line");
  assert.deepEqual(line![1]!.trim().split(/\s+/).sort(), TWIN_PACKAGES.split(" ").sort());
});
