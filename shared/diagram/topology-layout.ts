// Where everything in the bow-tie drawing goes, for 1 to 8 (or more) NVAs:
// the client VNet with the two gateway instances on the left, the provider
// VNet with one row per NVA and Route Server on the right. Each tunnel runs
// from its own port on the instance, along its own vertical lane, to its own
// level beside its NVA, so lines never share a segment; its labels sit in
// the NVA's row, beside that last horizontal run, where no other line passes.
// Every text is a TextLabel with its estimated box, so the renderer and the
// no-overlap test read the same geometry.
import type { ElementState } from "../live/topology-state.js";
import { elementId } from "../live/topology-state.js";
import type { Plan } from "../plan/types.js";
import { fitText, type Rect, type TextLabel } from "./text-box.js";

/** A label with what it belongs to: its class, the element whose state it shows, and the box it sits in if any. */
export interface PlacedLabel extends TextLabel {
  cls: string;
  /** The element (ElementState.id) this label states, for data-testid and data-state. */
  element?: string;
  /** The node box the label is written inside. */
  within?: string;
}

export interface NodeBox extends Rect {
  id: string;
  kind: "clientVnet" | "providerVnet" | "gatewayInstance" | "nva" | "routeServer";
}

export interface TunnelPath {
  element: string;
  nva: string;
  instance: 0 | 1;
  points: Array<[number, number]>;
}

export interface RouteServerPath {
  nva: string;
  points: Array<[number, number]>;
}

export interface TopologyLayout {
  width: number;
  height: number;
  nodes: NodeBox[];
  tunnels: TunnelPath[];
  routeServerPaths: RouteServerPath[];
  labels: PlacedLabel[];
}

const LINE = 15;
const PAD = 16;
const INSTANCE = { x: 40, w: 260 };
const LANE0 = 322; // the first tunnel's vertical lane, just right of the client VNet
const LANE_STEP = 7;
const LABEL_RIGHT = 872; // tunnel labels end here (text-anchor end)
const LABEL_ROOM = 290;
const NVA = { x: 900, w: 290 };
const RS = { x: 1252, w: 176 };
const FIRST_ROW = 120;
const SEGMENT_OFFSET = 16; // each NVA's two tunnels arrive this far above and below its centre

/** An ISO time as the drawing shows it: minutes, UTC. */
export const shortTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}Z`;

/** "up since 2030-01-01 09:38Z", "unknown". */
export function stateWords(s: ElementState | undefined): string {
  if (!s) return "unknown";
  return s.since ? `${s.state} since ${shortTime(s.since)}` : s.state;
}

export function layoutTopology(plan: Plan, live?: Map<string, ElementState>): TopologyLayout {
  const t = plan.topology;
  const n = t.nvas.length;
  const labels: PlacedLabel[] = [];
  const nodes: NodeBox[] = [];
  const boxText = (box: NodeBox, line: number, text: string, size: number, extra: Partial<PlacedLabel> = {}) =>
    labels.push({ text: fitText(text, box.w - 2 * 12, size, extra.bold), x: box.x + 12, y: box.y + 20 + line * LINE, size, cls: "node-label", within: box.id, ...extra });

  // The Route Server sessions each NVA has in the live state (two, one per router IP), none in a plan.
  const rsSessions = (nva: string) => (live ? [...live.values()].filter((s) => s.kind === "routeServerSession" && s.nva === nva) : []);
  const rsLines = Math.max(0, ...t.nvas.map((v) => rsSessions(v.name).length));
  const nvaLines = 3 + (live ? 2 + rsLines : 0);
  const nvaH = 12 + nvaLines * LINE;
  // A row holds the NVA box and, to its left, three label lines above and below the tunnels' runs.
  const pitch = Math.max(nvaH, 114) + 28;
  const rowCentre = (k: number) => FIRST_ROW + k * pitch + pitch / 2 - 14;
  const nvaBoxes: NodeBox[] = t.nvas.map((v, k) => ({ id: elementId.nva(v.name), kind: "nva", x: NVA.x, y: rowCentre(k) - nvaH / 2, w: NVA.w, h: nvaH }));
  const rowsBottom = FIRST_ROW + n * pitch;

  // Gateway instances: centred on the NVA rows, one above the other.
  const apipaLines = Math.ceil(Math.max(...t.gateway.instances.map((i) => i.customBgpIps.length), 1) / 2);
  const instLines = 2 + apipaLines + (live ? 2 : 0);
  const instH = 12 + instLines * LINE;
  const mid = (FIRST_ROW + rowsBottom) / 2;
  const inst0y = Math.max(FIRST_ROW, mid - instH - 20);
  const instBoxes: NodeBox[] = [0, 1].map((i) => ({ id: elementId.gatewayInstance(i), kind: "gatewayInstance", x: INSTANCE.x, y: inst0y + i * (instH + 40), w: INSTANCE.w, h: instH }));

  const height = Math.max(rowsBottom, instBoxes[1]!.y + instH) + 40;
  const width = t.routeServer ? RS.x + RS.w + 32 : NVA.x + NVA.w + 40;
  const client: NodeBox = { id: "client-vnet", kind: "clientVnet", x: 20, y: 50, w: LANE0 - 22, h: height - 60 };
  const provider: NodeBox = { id: "provider-vnet", kind: "providerVnet", x: NVA.x - 20, y: 50, w: width - NVA.x + 20 - 12, h: height - 60 };
  nodes.push(client, provider, ...instBoxes, ...nvaBoxes);

  labels.push({ text: fitText(`${plan.deployment} — ${t.resourceGroup} (${t.location})`, width - 40, 16, true), x: 20, y: 30, size: 16, bold: true, cls: "title" });
  boxText(client, 0, `${t.clientVnet.name} ${t.clientVnet.addressSpace.join(", ")}`, 12, { bold: true });
  boxText(client, 1, `${t.gateway.name} · ${t.gateway.sku} · ASN ${t.gateway.asn}`, 11);
  boxText(provider, 0, `${t.providerVnet.name} ${t.providerVnet.addressSpace.join(", ")}`, 12, { bold: true });

  t.gateway.instances.forEach((inst, i) => {
    const b = instBoxes[i]!;
    boxText(b, 0, `Gateway instance ${i}`, 12, { bold: true });
    boxText(b, 1, `public IP ${inst.publicIpName}`, 11);
    for (let l = 0; l < apipaLines; l++) boxText(b, 2 + l, `${l === 0 ? "APIPA" : "     "} ${inst.customBgpIps.slice(2 * l, 2 * l + 2).join(", ")}`, 11);
    if (live) {
      const s = live.get(b.id);
      boxText(b, 2 + apipaLines, stateWords(s), 11, { cls: "state-label", element: b.id, bold: true });
      boxText(b, 3 + apipaLines, s?.detail ?? "", 11);
    }
  });

  t.nvas.forEach((nva, k) => {
    const b = nvaBoxes[k]!;
    boxText(b, 0, `${nva.name} · ASN ${nva.asn}`, 12, { bold: true });
    boxText(b, 1, `Loopback0 ${nva.loopbackIp} · ${nva.publicIpName}`, 11);
    boxText(b, 2, `outside ${nva.outsideIp} · inside ${nva.insideIp}`, 11);
    if (live) {
      const s = live.get(b.id);
      boxText(b, 3, stateWords(s), 11, { cls: "state-label", element: b.id, bold: true });
      boxText(b, 4, s?.detail ?? "", 11);
      rsSessions(nva.name).forEach((rs, j) => boxText(b, 5 + j, `RS ${rs.routerIp}: ${stateWords(rs)}`, 10, { cls: "rs-session-label", element: rs.id }));
    }
  });

  // Tunnels: port on the instance's right edge, a lane of its own, a level of its own beside the NVA.
  const tunnels: TunnelPath[] = [];
  for (const row of plan.apipa) {
    const i = row.gatewayInstance;
    const k = t.nvas.findIndex((v) => v.name === row.nva);
    const a = instBoxes[i]!;
    const b = nvaBoxes[k]!;
    const portY = a.y + ((k + 1) * a.h) / (n + 1);
    const lane = LANE0 + (i * n + k) * LANE_STEP;
    const levelY = rowCentre(k) + (i === 0 ? -SEGMENT_OFFSET : SEGMENT_OFFSET);
    const element = elementId.tunnel(row.nva, i);
    tunnels.push({ element, nva: row.nva, instance: i, points: [[a.x + a.w, portY], [lane, portY], [lane, levelY], [b.x, levelY]] });
    // Instance 0's labels stack upwards from its run, instance 1's downwards: the row's two halves.
    const at = (step: number) => levelY + (i === 0 ? -4 - step * 14 : 13 + step * 14);
    const text = (s: string, size: number) => fitText(s, LABEL_ROOM, size);
    labels.push({ text: text(`${row.tunnel}: ${row.gatewayBgpIp} ⇄ ${row.nvaBgpIp}`, 11), x: LABEL_RIGHT, y: at(0), size: 11, anchor: "end", cls: "tunnel-label", element });
    if (live) {
      const tunnel = live.get(element);
      const session = live.get(elementId.gatewaySession(row.nva, i));
      labels.push({ text: text(`IPsec ${stateWords(tunnel)}`, 10), x: LABEL_RIGHT, y: at(1), size: 10, anchor: "end", cls: "tunnel-state-label", element });
      labels.push({ text: text(`BGP ${stateWords(session)}`, 10), x: LABEL_RIGHT, y: at(2), size: 10, anchor: "end", cls: "gw-session-label", element: elementId.gatewaySession(row.nva, i) });
    }
  }

  const routeServerPaths: RouteServerPath[] = [];
  if (t.routeServer) {
    const rs: NodeBox = { id: "route-server", kind: "routeServer", x: RS.x, y: FIRST_ROW + 6, w: RS.w, h: Math.max(rowsBottom - FIRST_ROW - 40, 5 * LINE + 12) };
    nodes.push(rs);
    boxText(rs, 0, "Route Server", 12, { bold: true });
    boxText(rs, 1, t.routeServer.name, 11);
    boxText(rs, 2, `ASN ${t.routeServer.asn}`, 11);
    boxText(rs, 3, "eBGP multihop,", 11);
    boxText(rs, 4, "both router IPs", 11);
    for (const [k, nva] of t.nvas.entries()) {
      const b = nvaBoxes[k]!;
      const y = Math.min(Math.max(rowCentre(k), rs.y + 8), rs.y + rs.h - 8);
      routeServerPaths.push({ nva: nva.name, points: [[b.x + b.w, rowCentre(k)], [(b.x + b.w + rs.x) / 2, rowCentre(k)], [(b.x + b.w + rs.x) / 2, y], [rs.x, y]] });
    }
  }
  return { width, height, nodes, tunnels, routeServerPaths, labels };
}
