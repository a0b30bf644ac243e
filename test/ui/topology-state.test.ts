// The live state the page draws, from health reports: each session keeps the
// time it was first seen in its state from report to report; an NVA powered
// off is down with its tunnels and sessions even while Azure still reports
// them Connected (DPD and the BGP hold timer keep them so for minutes);
// without a report everything is unknown, never up.
import { test } from "node:test";
import assert from "node:assert/strict";
import { carrySince, type HealthReport } from "../../shared/health/report.js";
import type { SessionStateRow } from "../../shared/health/session-states.js";
import { topologyState } from "../../shared/live/topology-state.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import { degradedReport } from "../../openapi/generate.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { readFileSync } from "node:fs";

const r = validateSpec(JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8")));
if (!r.ok) throw new Error("seed invalid");
const plan = planFromSpec(r.spec);
const T0 = "2030-01-01T09:00:00.000Z";
const T1 = "2030-01-01T09:05:00.000Z";

const at = (report: HealthReport, sessions: SessionStateRow[] | undefined, checkedAt: string): HealthReport => ({ ...report, checkedAt, sessions });

test("a health report keeps every planned session (4 gateway with their tunnels, 4 Route Server), not only the failing ones", () => {
  const report = degradedReport();
  assert.equal(report.sessions?.filter((s) => s.kind === "gateway").length, 4);
  assert.equal(report.sessions?.filter((s) => s.kind === "routeServer").length, 4);
  assert.deepEqual(
    report.sessions?.filter((s) => s.nva === "c8k-20").map((s) => (s.kind === "gateway" ? [s.state, s.tunnelState] : [s.state])),
    [["Connecting", "NotConnected"], ["Connecting", "NotConnected"], ["Connecting"], ["Connecting"]],
  );
});

test("since carries over while a session's state holds and restarts when it changes; the tunnel's apart from its session's", () => {
  const base = degradedReport();
  const first = at(base, base.sessions!.map((s) => ({ ...s, since: T0, ...(s.kind === "gateway" ? { tunnelSince: T0 } : {}) })), T0);
  // Five minutes on: c8k-20's tunnels are back, its BGP sessions not yet.
  const next = at(
    base,
    base.sessions!.map((s) => ({ ...s, since: T1, ...(s.kind === "gateway" ? { tunnelSince: T1, tunnelState: "Connected" as const } : {}) })),
    T1,
  );
  const merged = carrySince(first, next).sessions!;
  const gw20 = merged.find((s) => s.kind === "gateway" && s.nva === "c8k-20")!;
  assert.equal(gw20.since, T0, "still Connecting: since the first report");
  assert.equal(gw20.kind === "gateway" && gw20.tunnelSince, T1, "the tunnel came up: since now");
  const gw10 = merged.find((s) => s.kind === "gateway" && s.nva === "c8k-10")!;
  assert.equal(gw10.kind === "gateway" && gw10.tunnelSince, T0, "unchanged Connected tunnel keeps its since");
  // A report from before sessions were kept: nothing to carry, nothing lost.
  assert.deepEqual(carrySince(at(base, undefined, T0), next).sessions, next.sessions);
});

test("an NVA powered off: it, its tunnels and all its sessions are down from the power finding on, though Azure still says Connected", () => {
  const base = degradedReport();
  const held = at(base, base.sessions!.map((s) => ({ ...s, state: "Connected" as const, ...(s.kind === "gateway" ? { tunnelState: "Connected" as const } : {}) })), base.checkedAt);
  const els = new Map(topologyState(plan, held).map((e) => [e.id, e]));
  const power = base.findings.find((f) => f.kind === "powerState")!;
  for (const id of ["nva-c8k-20", "tunnel-c8k-20-0", "tunnel-c8k-20-1", "gw-session-c8k-20-0", "gw-session-c8k-20-1", "rs-session-c8k-20-10.10.4.4", "rs-session-c8k-20-10.10.4.5"]) {
    assert.equal(els.get(id)?.state, "down", id);
    assert.equal(els.get(id)?.since, power.since, id);
  }
  assert.match(els.get("gw-session-c8k-20-0")!.detail, /BGP Connected as reported, but c8k-20 is powered off \(deallocated\)/);
  assert.match(els.get("nva-c8k-20")!.detail, /powered off/);
  for (const id of ["nva-c8k-10", "gw-session-c8k-10-0", "rs-session-c8k-10-10.10.4.5", "gateway-instance-0", "gateway-instance-1"]) assert.equal(els.get(id)?.state, "up", id);
  assert.equal(els.get("gateway-instance-0")?.detail, "1 of 2 BGP sessions up");
});

test("states in three words: Connected up, Unknown unknown, anything else down; an instance with every session down is down", () => {
  const base = degradedReport();
  const sessions = base.sessions!.map((s): SessionStateRow => (s.kind === "gateway" ? { ...s, state: s.instance === 1 ? "Idle" : "Unknown" } : s));
  const els = new Map(topologyState(plan, at({ ...base, findings: [] }, sessions, T1)).map((e) => [e.id, e]));
  assert.equal(els.get("gw-session-c8k-10-0")?.state, "unknown");
  assert.equal(els.get("gw-session-c8k-10-1")?.state, "down");
  assert.equal(els.get("gateway-instance-1")?.state, "down");
  assert.equal(els.get("gateway-instance-0")?.state, "unknown");
});

test("before the first check (or from a report without sessions) every element is unknown, none up", () => {
  for (const report of [null, at({ ...degradedReport(), findings: [] }, undefined, T0)]) {
    const els = topologyState(plan, report);
    // 4 tunnels, 4 gateway sessions, 2 NVAs, 2 instances; Route Server sessions come only from a report (their router IPs are Azure's).
    assert.equal(els.length, 12);
    assert.deepEqual(els.filter((e) => e.state !== "unknown").map((e) => e.id), []);
    assert.ok(els.every((e) => e.since === null));
  }
});
