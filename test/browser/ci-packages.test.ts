// CI installs exactly the Debian packages the browser tests say they need,
// so those tests (which fail in CI when Chromium is missing) have them on a
// fresh machine.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { BROWSER_PACKAGES } from "../helpers/browser.js";

test(".ci/run installs the browser tests' packages, as root, before the tests run", () => {
  const ci = readFileSync(new URL("../../.ci/run", import.meta.url), "utf8").replace(/\\\n\s*/g, " ");
  const lines = [...ci.matchAll(/apt-get install -y -qq --no-install-recommends ([^>\n]+)/g)].map((m) => m[1]!.trim().split(/\s+/).sort());
  assert.ok(lines.length > 0, ".ci/run has apt-get install lines");
  assert.ok(
    lines.some((packages) => JSON.stringify(packages) === JSON.stringify(BROWSER_PACKAGES.split(" ").sort())),
    `one install line is exactly: ${BROWSER_PACKAGES} (found: ${lines.map((l) => l.join(" ")).join(" | ")})`,
  );
  assert.ok(ci.indexOf(BROWSER_PACKAGES.split(" ")[0]!) < ci.indexOf("npm ci"), "installed before the tests run");
});
