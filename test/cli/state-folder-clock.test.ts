// A state folder is one Azure and one Table Storage that outlive each command:
// time on them only moves forward. Every local stack's virtual clock used to
// start at 2030-01-01T00:00Z, so `bowtie health` after `bowtie deploy` on the
// same folder stamped its report 45 simulated minutes before the deploy it
// checks had ended (and a history row, a lease's `since`, a secret version's
// created time could all come out older than the ones already kept).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startAzuriteTables } from "../../emulator/storage/azurite.js";
import { OperationHistory } from "../../shared/storage/operation-history.js";

const root = new URL("../..", import.meta.url).pathname;
const bowtie = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/bowtie.js"), ...args], { cwd: root, encoding: "utf8" });

async function historyOf(stateDir: string, deployment: string) {
  const tables = await startAzuriteTables(stateDir);
  try {
    return await OperationHistory.fromConnectionString(tables.connectionString).list(deployment);
  } finally {
    await tables.close();
  }
}

test("bowtie health after bowtie deploy on one state folder: the report is stamped after the deploy it checks ended", async (t) => {
  const state = mkdtempSync(join(tmpdir(), "bowtie-state-clock-"));
  t.after(() => rmSync(state, { recursive: true, force: true }));
  const deployed = bowtie("deploy", "examples/seed-lab.json", "--state", state);
  assert.equal(deployed.status, 0, deployed.stderr);
  const [deploy] = await historyOf(state, "vpn-bgp-apipa-lab");
  assert.equal(deploy?.kind, "deploy");

  const health = bowtie("health", "examples/seed-lab.json", "--state", state, "--json");
  assert.equal(health.status, 0, health.stderr);
  const report = JSON.parse(health.stdout) as { checkedAt: string };
  assert.ok(Date.parse(report.checkedAt) > Date.parse(deploy.endedAt), `the report (${report.checkedAt}) is later than the deploy's end (${deploy.endedAt})`);
});
