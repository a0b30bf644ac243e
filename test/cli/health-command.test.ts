import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator } from "../../emulator/index.js";

const root = new URL("../..", import.meta.url).pathname;
const bowtie = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/bowtie.js"), ...args], { cwd: root, encoding: "utf8" });

test("bowtie health on a deployment kept in a state folder: healthy, then a connection deleted out of band is found", async () => {
  const state = mkdtempSync(join(tmpdir(), "bowtie-health-"));
  assert.equal(bowtie("deploy", "examples/seed-lab.json", "--state", state).status, 0);
  const healthy = bowtie("health", "examples/seed-lab.json", "--state", state, "--json");
  assert.equal(healthy.status, 0, healthy.stderr);
  assert.equal(JSON.parse(healthy.stdout).status, "healthy");

  const emulator = await startEmulator({ stateDir: state });
  emulator.outOfBand.delete(`/subscriptions/${emulator.subscriptionId}/resourceGroups/vpn-bgp-apipa-lab-rg/providers/Microsoft.Network/connections/con-c8k-20`);
  await emulator.close();

  const broken = bowtie("health", "examples/seed-lab.json", "--state", state, "--json");
  assert.equal(broken.status, 1);
  const report = JSON.parse(broken.stdout);
  assert.notEqual(report.status, "healthy");
  assert.ok(report.findings.some((f: any) => f.kind === "missing" && f.resource.endsWith("/connections/con-c8k-20")));
  assert.equal(bowtie("health", "examples/seed-lab.json").status, 2, "--state is required");
});
