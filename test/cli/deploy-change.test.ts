// `bowtie deploy <spec> --state DIR` over an earlier deploy's folder changes
// that deployment: on a 1-NVA topology an ASN change (the NVA replaced) is
// refused without --allow-outage (exit 1, the prefixes and seconds named,
// nothing written: what-if unchanged) and carried out with it; --json then
// lists the changes with their outcome and the run's disruption figures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deployCommand } from "../../cli/commands/deploy.js";
import { changesAgainstState } from "../../cli/commands/plan-against-state.js";
import { validateSpec } from "../../shared/spec/validate.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const dir = mkdtempSync(join(tmpdir(), "bowtie-change-"));
const specFile = (name: string, edit: (s: any) => void) => {
  const s = structuredClone(seed);
  s.nvas = s.nvas.slice(0, 1);
  edit(s);
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(s));
  return file;
};
const collect = () => {
  const io = { out: [] as string[], err: [] as string[] };
  return { io, cli: { out: (l: string) => io.out.push(l), err: (l: string) => io.err.push(l) } };
};
const pending = async (file: string) => {
  const r = validateSpec(JSON.parse(readFileSync(file, "utf8")));
  if (!r.ok) throw new Error("invalid");
  return (await changesAgainstState(r.spec, join(dir, "state"))).filter((c) => c.action !== "none").map((c) => `${c.action} ${c.name}`);
};

test("deploy over --state: a 1-NVA replacement refused without --allow-outage, done with it; --json has changes and disruption", async (t) => {
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const state = join(dir, "state");
  const one = specFile("one", () => {});
  const changed = specFile("changed", (s) => (s.nvas[0].asn = 65040));
  const first = collect();
  assert.equal(await deployCommand(one, { state }, first.cli), 0, first.io.err.join("\n"));

  const refused = collect();
  assert.equal(await deployCommand(changed, { state }, refused.cli), 1);
  const text = refused.io.out.join("\n");
  assert.match(text, /OutageNotAllowed: the change leaves 10\.0\.0\.0\/16, 10\.10\.0\.0\/16 without any path for about \d+ s/);
  assert.match(text, /Changes: 0 created, \d+ updated, 1 replaced, 0 deleted/);
  assert.match(text, /-\/\+ virtualMachines\/c8k-10: refused/);
  assert.match(text, /Disruption: 0 s without path, 0 s blackholed/);
  assert.ok((await pending(changed)).includes("replace c8k-10"), "nothing was written");

  const allowed = collect();
  assert.equal(await deployCommand(changed, { state, allowOutage: true, json: true }, allowed.cli), 0, allowed.io.err.join("\n"));
  const out = JSON.parse(allowed.io.out.join("\n"));
  assert.equal(out.status, "Succeeded");
  assert.ok(out.changes.some((c: any) => c.action === "replace" && c.name === "c8k-10" && c.outcome === "done"), JSON.stringify(out.changes));
  assert.ok(out.changes.every((c: any) => c.outcome === "done"));
  assert.deepEqual(Object.keys(out.disruption).sort(), ["minGatewaySessionsUp", "secondsBlackholed", "secondsDegraded", "secondsWithoutPath"]);
  assert.ok(out.disruption.secondsWithoutPath > 0, "the outage it was allowed to cause");
  assert.deepEqual(await pending(changed), []);
});
