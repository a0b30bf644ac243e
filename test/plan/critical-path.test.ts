import { test } from "node:test";
import assert from "node:assert/strict";
import { criticalPath } from "../../shared/plan/critical-path.js";
import type { PlannedResource } from "../../shared/plan/types.js";

const r = (id: string, dependsOn: string[] = []): PlannedResource =>
  ({ id, type: "Microsoft.Network/virtualNetworks", name: id, apiVersion: "x", dependsOn, body: {} });

test("the bound is the slowest dependency chain, not the sum", () => {
  const plan = [r("vnet"), r("pip"), r("gw", ["vnet", "pip"]), r("lng", ["pip"]), r("con", ["gw", "lng"]), r("vm", ["pip"])];
  const secs: Record<string, number> = { vnet: 10, pip: 5, gw: 2100, lng: 20, con: 120, vm: 240 };
  const cp = criticalPath(plan, (x) => secs[x.id]!);
  assert.equal(cp.seconds, 10 + 2100 + 120);
  assert.deepEqual(cp.chain, ["vnet", "gw", "con"]);
  assert.equal(cp.finish.vm, 245);
});

test("cycles and unknown dependencies are errors", () => {
  assert.throws(() => criticalPath([r("a", ["b"]), r("b", ["a"])], () => 1), /cycle/);
  assert.throws(() => criticalPath([r("a", ["zzz"])], () => 1), /zzz/);
});
