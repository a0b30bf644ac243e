// topology.svg: the bow-tie as a picture, one drawing for the planned
// topology (`bowtie plan --out`) and the live one (the operations page). The
// live state is styling only: each gateway instance, NVA, tunnel, gateway BGP
// session and Route Server session carries data-state (up/down/unknown) and
// data-since, and says its state in words beside it, so colour is never the
// only signal. Plain SVG 1.1 that any browser renders; geometry comes from
// topology-layout.ts.
import type { ElementState } from "../live/topology-state.js";
import { elementId } from "../live/topology-state.js";
import type { Plan } from "../plan/types.js";
import { layoutTopology, type PlacedLabel } from "./topology-layout.js";

const esc = (s: string | number) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const INSTANCE_COLOURS = ["#1f77b4", "#d62728"] as const;

// State as styling: attribute selectors, so the plan's drawing (no data-state) keeps its own colours.
const STYLE = `
.tunnel[data-state="up"], .rs-session[data-state="up"] { stroke: #2e7d32; }
.tunnel[data-state="down"], .rs-session[data-state="down"] { stroke: #c62828; stroke-dasharray: 7 4; }
.tunnel[data-state="unknown"], .rs-session[data-state="unknown"] { stroke: #757575; stroke-dasharray: 2 3; }
.node[data-state="up"] { stroke: #2e7d32; }
.node[data-state="down"] { stroke: #c62828; stroke-dasharray: 7 4; fill: #fdecea; }
.node[data-state="unknown"] { stroke: #757575; }
text[data-state="up"] { fill: #1b5e20; }
text[data-state="down"] { fill: #b71c1c; font-weight: bold; }
text[data-state="unknown"] { fill: #616161; }
`;

export interface RenderOptions {
  /** The live state of each element (topologyState): draws state as styling and words. Without it, the plan's drawing. */
  live?: ElementState[];
  /** Leave out the XML declaration, for markup placed inside an HTML page. */
  inline?: boolean;
}

const stateAttrs = (s: ElementState | undefined) => (s ? ` data-state="${s.state}" data-since="${esc(s.since ?? "")}" data-detail="${esc(s.detail)}"` : "");
const points = (p: Array<[number, number]>) => p.map(([x, y], i) => `${i ? "L" : "M"} ${x} ${y}`).join(" ");

function label(l: PlacedLabel, live: Map<string, ElementState> | undefined): string {
  const s = l.element ? live?.get(l.element) : undefined;
  // The label that is the element's own reading (a gateway or Route Server session) carries its test id; others point at it.
  const owns = l.cls === "gw-session-label" || l.cls === "rs-session-label";
  const hook = l.element ? (owns ? ` data-testid="${esc(l.element)}"` : ` data-for="${esc(l.element)}"`) : "";
  const attrs = [`class="label ${l.cls}"`, `x="${l.x}"`, `y="${l.y}"`, `font-size="${l.size}"`, l.bold ? `font-weight="bold"` : "", l.anchor === "end" ? `text-anchor="end"` : ""].filter(Boolean).join(" ");
  return `<text ${attrs}${hook}${live && l.element ? stateAttrs(s) : ""}>${esc(l.text)}</text>`;
}

export function renderTopologySvg(plan: Plan, options: RenderOptions = {}): string {
  const live = options.live ? new Map(options.live.map((s) => [s.id, s])) : undefined;
  const layout = layoutTopology(plan, live);
  const { width, height } = layout;
  const parts: string[] = [];
  if (!options.inline) parts.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Segoe UI, Helvetica, Arial, sans-serif" font-size="12" data-testid="topology" data-deployment="${esc(plan.deployment)}" role="img">`,
  );
  parts.push(`<title>${esc(`${plan.deployment}: HA bow-tie VPN`)}</title>`);
  if (live) parts.push(`<style>${STYLE}</style>`);
  parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);

  const box = (id: string) => layout.nodes.find((b) => b.id === id)!;
  const rect = (id: string, fill: string, stroke: string, extra = "") => {
    const b = box(id);
    return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8" fill="${fill}" stroke="${stroke}"${extra}/>`;
  };
  parts.push(rect("client-vnet", "#f3f8fd", "#7aa7d6"));
  parts.push(rect("provider-vnet", "#f6fbf3", "#8cbf73"));

  // Lines first so the boxes sit on top of their ends.
  for (const tun of layout.tunnels) {
    const s = live?.get(tun.element);
    parts.push(
      `<path class="tunnel" data-testid="${esc(tun.element)}" data-nva="${esc(tun.nva)}" data-instance="${tun.instance}"${stateAttrs(s)} d="${points(tun.points)}" fill="none" stroke="${INSTANCE_COLOURS[tun.instance]}" stroke-width="2"/>`,
    );
  }
  for (const rs of layout.routeServerPaths) {
    // One peering (bgpConnection) per NVA: up while either of its two sessions is.
    const sessions = live ? [...live.values()].filter((s) => s.kind === "routeServerSession" && s.nva === rs.nva) : [];
    const state = !live ? "" : sessions.some((s) => s.state === "up") ? "up" : sessions.length && sessions.every((s) => s.state === "down") ? "down" : "unknown";
    parts.push(`<path class="rs-session" data-nva="${esc(rs.nva)}"${state ? ` data-state="${state}"` : ""} d="${points(rs.points)}" fill="none" stroke="#6a3d9a" stroke-dasharray="5 4"/>`);
  }

  for (const b of layout.nodes) {
    if (b.kind === "clientVnet" || b.kind === "providerVnet") continue;
    const s = live?.get(b.id);
    const stroke = b.kind === "gatewayInstance" ? INSTANCE_COLOURS[Number(b.id.slice(-1)) as 0 | 1] : b.kind === "nva" ? "#4d8a33" : "#6a3d9a";
    const fill = b.kind === "routeServer" ? "#f5f0fa" : "#ffffff";
    const hook = b.kind === "routeServer" ? ` data-testid="route-server"` : ` data-testid="${esc(b.id)}"`;
    parts.push(`<rect class="node ${b.kind}"${hook}${stateAttrs(s)} x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8" fill="${fill}" stroke="${stroke}" stroke-width="2"/>`);
  }
  for (const l of layout.labels) parts.push(label(l, live));
  parts.push(`</svg>`);
  return parts.join("\n") + "\n";
}

