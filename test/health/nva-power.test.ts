// A verification trusts an NVA's sessions only while its VM runs: a VM that
// reboots (resized, just created) still shows Connected sessions until DPD or
// the hold timer notices.
import { test } from "node:test";
import assert from "node:assert/strict";
import { nvasNotRunning, notRunningLine } from "../../shared/health/nva-power.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { seedSpec } from "../helpers/seed-spec.js";

const plan = planFromSpec(seedSpec());

test("every NVA whose VM was read and does not run is named with its power state; running ones and unread power are trusted", () => {
  assert.deepEqual(nvasNotRunning(plan, { "c8k-10": "running", "c8k-20": "starting" }), [{ nva: "c8k-20", power: "starting" }]);
  assert.deepEqual(nvasNotRunning(plan, { "c8k-10": "deallocated" }), [{ nva: "c8k-10", power: "deallocated" }, { nva: "c8k-20", power: "unknown" }]);
  assert.deepEqual(nvasNotRunning(plan, { "c8k-10": "running", "c8k-20": "running" }), []);
  assert.deepEqual(nvasNotRunning(plan, undefined), [], "no power read (the health check reads it elsewhere): nothing to say");
  assert.equal(notRunningLine({ nva: "c8k-20", power: "absent" }), "c8k-20 VM is absent: its sessions are not trusted until it runs");
});
