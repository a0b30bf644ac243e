// The one bow-tie drawing (plan --out and the live page) stays readable from
// 1 to 8 NVAs: no two labels overlap, every label inside a box stays inside
// it, no free label sits on a box, and everything is on the canvas — checked
// from the layout's own label boxes, the geometry the SVG is written from.
// The live drawing carries every element's state as data-state and in words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { layoutTopology, type TopologyLayout } from "../../shared/diagram/topology-layout.js";
import { inside, labelBox, overlaps } from "../../shared/diagram/text-box.js";
import { renderTopologySvg } from "../../shared/diagram/topology-svg.js";
import { healthReport } from "../../shared/health/report.js";
import { topologyState, type ElementState } from "../../shared/live/topology-state.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { Plan } from "../../shared/plan/types.js";
import { validateSpec } from "../../shared/spec/validate.js";

const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const ROUTER_IPS = ["10.10.4.4", "10.10.4.5"];

function planWith(nvas: number): Plan {
  const spec = structuredClone(seed);
  spec.nvas = Array.from({ length: nvas }, (_, i) => ({ name: `c8k-${(i + 1) * 10}`, asn: 65002, outsideIp: `10.10.0.${4 + i}`, insideIp: `10.10.1.${4 + i}` }));
  const r = validateSpec(spec);
  if (!r.ok) throw new Error(`${nvas} NVAs: ${JSON.stringify(r.violations)}`);
  return planFromSpec(r.spec);
}

/** A report where the last NVA is down (its tunnels NotConnected, its sessions Connecting) and the rest are up. */
function liveState(plan: Plan): ElementState[] {
  const last = plan.topology.nvas.at(-1)!;
  const state = (nva: string) => (nva === last.name ? "Connecting" : "Connected");
  const report = healthReport(plan, {
    inventory: new Map(),
    powerStates: {},
    network: {
      gatewayPeers: plan.apipa.map((row) => ({ localAddress: row.gatewayBgpIp, neighbor: row.nvaBgpIp, asn: 65002, state: state(row.nva) })),
      tunnels: plan.apipa.map((row) => ({ connection: row.connection, instance: row.gatewayInstance, state: row.nva === last.name ? "NotConnected" : "Connected" })),
      routeServerPeers: plan.topology.nvas.flatMap((nva) => ROUTER_IPS.map((routerIp) => ({ peerIp: nva.insideIp, routerIp, state: state(nva.name) }))),
      gatewayLearned: [],
      routeServerLearned: {},
    },
    routerIps: ROUTER_IPS,
    subscriptionId: "00000000-0000-4000-8000-000000000001",
    checkedAt: "2030-01-01T09:38:12.000Z",
  });
  return topologyState(plan, report);
}

/** Every readability problem of a layout, in words (empty when it reads well). */
function problems(layout: TopologyLayout): string[] {
  const out: string[] = [];
  const boxes = layout.labels.map((l) => ({ l, box: labelBox(l) }));
  const canvas = { x: 0, y: 0, w: layout.width, h: layout.height };
  for (const [i, a] of boxes.entries()) {
    if (!inside(a.box, canvas)) out.push(`"${a.l.text}" runs off the canvas`);
    for (const b of boxes.slice(i + 1)) if (overlaps(a.box, b.box)) out.push(`"${a.l.text}" overlaps "${b.l.text}"`);
    if (a.l.within) {
      const node = layout.nodes.find((n) => n.id === a.l.within)!;
      if (!inside(a.box, node)) out.push(`"${a.l.text}" runs out of ${node.id}`);
    } else {
      for (const node of layout.nodes) if (overlaps(a.box, node) && a.l.cls !== "title") out.push(`"${a.l.text}" sits on ${node.id}`);
    }
  }
  return out;
}

for (let n = 1; n <= 8; n++) {
  test(`${n} NVA(s): the plan's and the live drawing's labels neither overlap nor leave their boxes`, () => {
    const plan = planWith(n);
    const live = liveState(plan);
    for (const layout of [layoutTopology(plan), layoutTopology(plan, new Map(live.map((s) => [s.id, s])))]) {
      assert.deepEqual(problems(layout), []);
      // Room enough that nothing of these topologies had to be cut short to fit.
      assert.deepEqual(layout.labels.filter((l) => l.text.endsWith("…")).map((l) => l.text), []);
      assert.equal(layout.tunnels.length, 2 * n);
      // Each tunnel's last run is its own level: no two tunnels share one.
      const levels = layout.tunnels.map((t) => t.points.at(-1)![1]);
      assert.equal(new Set(levels).size, levels.length);
    }
  });
}

test("the checker does find an overlap and a label out of its box (it can fail)", () => {
  const layout = layoutTopology(planWith(2));
  const tunnel = layout.labels.find((l) => l.cls === "tunnel-label")!;
  const moved = { ...layout, labels: [...layout.labels, { ...tunnel, text: "stray" }] };
  assert.ok(problems(moved).some((p) => p.includes('overlaps "stray"')));
  const nodeLabel = layout.labels.find((l) => l.within === "nva-c8k-10")!;
  const wide = { ...layout, labels: layout.labels.map((l) => (l === nodeLabel ? { ...l, text: "x".repeat(200) } : l)) };
  assert.ok(problems(wide).some((p) => p.includes("runs out of nva-c8k-10")));
});

test("the live drawing: every element has one hook with its state, said in words too; the plan's drawing has no state", () => {
  const plan = planWith(4);
  const live = liveState(plan);
  const svg = renderTopologySvg(plan, { live, inline: true });
  assert.match(svg, /^<svg /, "inline markup has no XML declaration");
  for (const e of live) {
    const hooks = svg.match(new RegExp(`data-testid="${e.id.replace(/\./g, "\\.")}"[^>]*data-state="(\\w+)"`, "g")) ?? [];
    assert.equal(hooks.length, 1, `${e.id} has one hook`);
    assert.ok(hooks[0]!.endsWith(`data-state="${e.state}"`), `${e.id} is ${e.state}`);
  }
  assert.equal(live.filter((e) => e.kind === "routeServerSession").length, 8);
  assert.equal(live.filter((e) => e.nva === "c8k-40" && e.kind !== "nva").every((e) => e.state === "down"), true);
  assert.equal(live.find((e) => e.id === "nva-c8k-40")?.state, "down");
  assert.equal(live.find((e) => e.id === "nva-c8k-10")?.state, "up");
  // Words, not colour alone.
  assert.match(svg, />BGP down since 2030-01-01 09:38Z</);
  assert.match(svg, />IPsec up since 2030-01-01 09:38Z</);
  assert.match(svg, />RS 10\.10\.4\.4: down since 2030-01-01 09:38Z</);
  const planned = renderTopologySvg(plan);
  assert.match(planned, /^<\?xml/);
  assert.doesNotMatch(planned, /data-state=/);
  assert.match(planned, /Tunnel101: 169\.254\.21\.2 ⇄ 169\.254\.21\.1/);
});
