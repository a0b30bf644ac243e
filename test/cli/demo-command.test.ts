import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;

test("bowtie demo --json: every fault, by event and by timer, ends healthy", () => {
  const r = spawnSync(process.execPath, [join(root, "bin/bowtie.js"), "demo", "--json"], { cwd: root, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as Array<{ fault: string; detectedBy: string; detectedAfterSeconds: number; remediatedAfterSeconds: number; finalStatus: string }>;
  assert.equal(rows.length, 12, "six faults, two detection paths each");
  assert.deepEqual([...new Set(rows.map((x) => x.fault))], [
    "delete a connection",
    "change a gateway custom APIPA address",
    "change a connection's PSK",
    "delete a Route Server peering",
    "power off an NVA",
    "open the NVAs' NSG to everything",
  ]);
  for (const row of rows) {
    assert.equal(row.finalStatus, "healthy", row.fault);
    assert.ok(row.remediatedAfterSeconds >= row.detectedAfterSeconds);
    if (row.detectedBy === "event") assert.equal(row.detectedAfterSeconds, 0, "events are acted on as they arrive");
    else assert.ok(row.detectedAfterSeconds <= 300, "the timer finds it within one 5-minute interval");
  }
});
