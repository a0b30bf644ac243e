// `bowtie plan --state DIR` through the real bin, as a user runs it after
// `bowtie deploy --state DIR`: the changes of an edited spec, Terraform style,
// and the same changes in --json; without --state, every action is a create.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const bowtie = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/bowtie.js"), ...args], { cwd: root, encoding: "utf8" });
const seed = () => JSON.parse(readFileSync(join(root, "examples/seed-lab.json"), "utf8"));

test("bowtie plan --json without --state: changes lists every planned resource as a create", () => {
  const r = bowtie("plan", "examples/seed-lab.json", "--json");
  assert.equal(r.status, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.equal(plan.changes.length, plan.resources.length);
  for (const c of plan.changes) {
    assert.deepEqual(Object.keys(c).sort(), ["action", "id", "impact", "name", "paths", "reason", "type"]);
    assert.equal(c.action, "create");
  }
});

test("bowtie plan --state after a deploy: unchanged spec changes nothing; a dropped NVA and a resized VM are listed with signs and a summary", () => {
  const dir = mkdtempSync(join(tmpdir(), "bowtie-whatif-"));
  const state = join(dir, "state");
  const deployed = bowtie("deploy", "examples/seed-lab.json", "--state", state);
  assert.equal(deployed.status, 0, deployed.stderr);

  const same = bowtie("plan", "examples/seed-lab.json", "--state", state);
  assert.equal(same.status, 0, same.stderr);
  assert.match(same.stdout, /Plan: 0 to add, 0 to change, 0 to replace, 0 to destroy\./);

  const spec = seed();
  spec.$schema = join(root, "schema/topology.schema.json");
  spec.nvas = spec.nvas.slice(0, 1);
  spec.nvas[0].vmSize = "Standard_D4as_v5";
  spec.ipsec.dhGroup = "DHGroup24";
  const file = join(dir, "changed.json");
  writeFileSync(file, JSON.stringify(spec));
  const r = bowtie("plan", file, "--state", state);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split("\n");
  assert.ok(lines.includes("  - virtualMachines/c8k-20  (owned by this deployment, no longer planned)"), r.stdout);
  assert.ok(lines.some((l) => l.startsWith("-/+ virtualMachines/c8k-10  (tags.bowtie-config-sha256 cannot change in place; also hardwareProfile.vmSize")), r.stdout);
  assert.ok(lines.some((l) => l.startsWith("  ~ connections/con-c8k-10  (ipsecPolicies")), r.stdout);
  // One NVA left, and it is replaced: every prefix is without a path meanwhile.
  assert.ok(lines.some((l) => /NO PATH meanwhile for 10\.0\.0\.0\/16, 10\.10\.0\.0\/16/.test(l)), r.stdout);
  assert.match(r.stdout, /\nPlan: 0 to add, 2 to change, 1 to replace, 7 to destroy\.\n/);

  const json = JSON.parse(bowtie("plan", file, "--state", state, "--json").stdout);
  const byAction = (a: string) => json.changes.filter((c: { action: string }) => c.action === a).map((c: { name: string }) => c.name).sort();
  assert.deepEqual(byAction("replace"), ["c8k-10"]);
  assert.deepEqual(byAction("update"), ["client-Vnet-gw", "con-c8k-10"]);
  assert.equal(byAction("delete").length, 7);
  assert.equal(byAction("create").length, 0);
});
