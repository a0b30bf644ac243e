// Runs the README's commands through the real bin, as a newcomer would.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const bowtie = (...args: string[]) =>
  spawnSync(process.execPath, [join(root, "bin/bowtie.js"), ...args], { cwd: root, encoding: "utf8" });

test("bowtie plan examples/seed-lab.json prints the reference lab's APIPA table", () => {
  const r = bowtie("plan", "examples/seed-lab.json");
  assert.equal(r.status, 0, r.stderr);
  const rows = r.stdout.split("\n").map((l) => l.trim().split(/\s{2,}/));
  const has = (cells: string[]) => rows.some((row) => cells.every((c, i) => row[i] === c));
  assert.ok(has(["c8k-10", "Tunnel101", "169.254.21.1", "0", "169.254.21.2", "con-c8k-10"]), r.stdout);
  assert.ok(has(["c8k-10", "Tunnel102", "169.254.21.1", "1", "169.254.21.6", "con-c8k-10"]), r.stdout);
  assert.ok(has(["c8k-20", "Tunnel101", "169.254.22.1", "0", "169.254.22.2", "con-c8k-20"]), r.stdout);
  assert.ok(has(["c8k-20", "Tunnel102", "169.254.22.1", "1", "169.254.22.6", "con-c8k-20"]), r.stdout);
});

test("bowtie plan --json prints the documented shape", () => {
  const r = bowtie("plan", "examples/seed-lab.json", "--json");
  assert.equal(r.status, 0, r.stderr);
  const plan = JSON.parse(r.stdout);
  assert.equal(plan.deployment, "vpn-bgp-apipa-lab");
  assert.equal(plan.apipa.length, 4);
  for (const row of plan.apipa) {
    for (const k of ["nva", "tunnel", "nvaBgpIp", "gatewayInstance", "gatewayBgpIp", "connection", "localNetworkGateway"]) assert.ok(k in row, k);
  }
  for (const res of plan.resources) {
    for (const k of ["id", "type", "apiVersion", "dependsOn", "body"]) assert.ok(k in res, `${res.id} lacks ${k}`);
  }
  assert.deepEqual(Object.keys(plan.nvaConfigs).sort(), ["c8k-10", "c8k-20"]);
  for (const s of plan.bgpSessions) for (const k of ["router", "neighbor", "localAsn", "remoteAsn", "via"]) assert.ok(k in s, k);
});

test("bowtie plan --out writes plan.json, one .ios per NVA and topology.svg", () => {
  const out = mkdtempSync(join(tmpdir(), "bowtie-plan-"));
  const r = bowtie("plan", "examples/seed-lab.json", "--out", out);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readdirSync(out).sort(), ["c8k-10.ios", "c8k-20.ios", "plan.json", "topology.svg"]);
  const svg = readFileSync(join(out, "topology.svg"), "utf8");
  assert.match(svg, /^<\?xml[^>]*>\s*<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.equal((svg.match(/class="tunnel"/g) ?? []).length, 4, "one line per tunnel");
  assert.equal((svg.match(/class="rs-session"/g) ?? []).length, 2, "one Route Server peering per NVA");
  assert.match(svg, /Tunnel101: 169\.254\.21\.2 ⇄ 169\.254\.21\.1/);
});

test("an invalid spec exits 1, names every violated field and writes nothing", () => {
  const dir = mkdtempSync(join(tmpdir(), "bowtie-bad-"));
  const spec = JSON.parse(readFileSync(join(root, "examples/seed-lab.json"), "utf8"));
  spec.nvas[0].gatewayBgpIps = ["169.254.30.2", "169.254.21.6"];
  spec.gateway.asn = 65002;
  const file = join(dir, "bad.json");
  writeFileSync(file, JSON.stringify(spec));
  const out = join(dir, "out");
  for (const args of [["validate", file], ["plan", file, "--out", out]]) {
    const r = bowtie(...args);
    assert.equal(r.status, 1, `${args[0]} must exit 1`);
    assert.match(r.stderr, /\$\.nvas\[0\]\.gatewayBgpIps\[0\]/);
    assert.match(r.stderr, /\$\.gateway\.asn/);
    assert.equal(r.stdout, "");
  }
  assert.equal(existsSync(out), false, "plan --out must not write for an invalid spec");
});

test("bowtie validate accepts the seed lab", () => {
  const r = bowtie("validate", "examples/seed-lab.json");
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /valid/);
});
