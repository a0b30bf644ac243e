// `bowtie rotate-psk` through the real bin, as a user runs it after
// `bowtie deploy --state DIR`: the rotation's changes and the measured
// disruption in --json, the pins kept in the state folder from one run to
// the next (a second rotation moves from the first one's version), health
// still healthy afterwards, and no key in any output or in the registry file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TABLES_FILE } from "../../emulator/storage/azurite.js";

const root = new URL("../..", import.meta.url).pathname;
const bowtie = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/bowtie.js"), ...args], { cwd: root, encoding: "utf8" });

/** Every secret value the emulator's vaults hold (the state file keeps them, owner-only). */
function vaultValues(state: string): string[] {
  const saved = JSON.parse(readFileSync(join(state, "emulator-state.json"), "utf8")) as { vaults: Record<string, Record<string, Array<{ value: string; version: string }>>> };
  return Object.values(saved.vaults).flatMap((v) => Object.values(v).flat().map((x) => x.value));
}

function latestPskVersion(state: string): string {
  const saved = JSON.parse(readFileSync(join(state, "emulator-state.json"), "utf8")) as { vaults: Record<string, Record<string, Array<{ version: string }>>> };
  return Object.values(saved.vaults)[0]!["vpn-psk"]!.at(-1)!.version;
}

test("bowtie rotate-psk --state --json: both NVAs rolled to a new version with zero seconds without a path; a second run moves on from it; no key anywhere", () => {
  const state = mkdtempSync(join(tmpdir(), "bowtie-rotate-"));
  assert.equal(bowtie("rotate-psk", "examples/seed-lab.json").status, 2, "--state is required");
  const empty = bowtie("rotate-psk", "examples/seed-lab.json", "--state", state);
  assert.equal(empty.status, 1);
  assert.match(empty.stderr, /nothing of vpn-bgp-apipa-lab is deployed/);

  assert.equal(bowtie("deploy", "examples/seed-lab.json", "--state", state).status, 0);
  const deployedVersion = latestPskVersion(state);

  const first = bowtie("rotate-psk", "examples/seed-lab.json", "--state", state, "--json");
  assert.equal(first.status, 0, first.stderr);
  const out = JSON.parse(first.stdout);
  const rotatedVersion = latestPskVersion(state);
  assert.notEqual(rotatedVersion, deployedVersion);
  assert.deepEqual(
    out.changes.map((c: any) => [c.name, c.action, c.outcome, c.fromVersion, c.toVersion]),
    [
      ["c8k-10", "replace", "done", deployedVersion, rotatedVersion],
      ["con-c8k-10", "update", "done", deployedVersion, rotatedVersion],
      ["c8k-20", "replace", "done", deployedVersion, rotatedVersion],
      ["con-c8k-20", "update", "done", deployedVersion, rotatedVersion],
    ],
  );
  assert.equal(out.disruption.secondsWithoutPath, 0);
  assert.equal(out.disruption.secondsBlackholed, 0);
  assert.ok(out.disruption.secondsDegraded > 0, "measured against the network as restored: one NVA was down at a time");
  assert.equal(out.disruption.minGatewaySessionsUp, 2);
  assert.ok(out.sessions.gateway.every((s: any) => s.state === "Connected"));

  // The pins outlived the process: the next rotation starts from the version the first one rolled.
  const second = bowtie("rotate-psk", "examples/seed-lab.json", "--state", state);
  assert.equal(second.status, 0, second.stderr);
  assert.match(second.stdout, new RegExp(`vpn-psk version ${rotatedVersion} -> ${latestPskVersion(state)}`));
  assert.match(second.stdout, /Disruption: 0 s without a path, 0 s blackholed/);
  const health = bowtie("health", "examples/seed-lab.json", "--state", state, "--json");
  assert.equal(health.status, 0, health.stdout);

  const values = vaultValues(state);
  assert.equal(values.length, 4, "the deploy's PSK, two rotated ones and the admin password");
  const registry = readFileSync(join(state, TABLES_FILE), "utf8");
  assert.match(registry, new RegExp(latestPskVersion(state)), "the tables file holds the pins (version ids)");
  for (const [where, text] of Object.entries({ "first stdout": first.stdout, "first stderr": first.stderr, "second stdout": second.stdout, "second stderr": second.stderr, registry })) {
    for (const v of values) assert.ok(!text.includes(v), `no secret value in ${where}`);
  }
});
