// topology.svg: the bow-tie as a picture. Client VNet with the two gateway
// instances on the left, provider VNet with the NVAs and Route Server on the
// right; one line per tunnel labelled with its APIPA pair, dashed lines for
// Route Server sessions. Plain SVG 1.1 that any browser renders.
import type { Plan } from "../../shared/plan/types.js";

const esc = (s: string | number) =>
  String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const INSTANCE_COLOURS = ["#1f77b4", "#d62728"] as const;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function rect(b: Box, fill: string, stroke: string, extra = ""): string {
  return `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8" fill="${fill}" stroke="${stroke}" ${extra}/>`;
}

function text(x: number, y: number, s: string, attrs = ""): string {
  return `<text x="${x}" y="${y}" ${attrs}>${esc(s)}</text>`;
}

export function renderTopologySvg(plan: Plan): string {
  const t = plan.topology;
  const n = t.nvas.length;
  const nvaH = 70;
  const gap = 50;
  const top = 130;
  const nvaSpan = n * nvaH + (n - 1) * gap;
  const rsH = t.routeServer ? 70 : 0;
  const height = Math.max(top + nvaSpan + rsH + 120, 420);
  const width = 1100;

  const client: Box = { x: 20, y: 50, w: 300, h: height - 70 };
  const provider: Box = { x: 700, y: 50, w: 380, h: height - 70 };
  const nvaBoxes: Box[] = t.nvas.map((_, i) => ({ x: 760, y: top + i * (nvaH + gap), w: 240, h: nvaH }));
  const mid = top + nvaSpan / 2;
  // Below the VNet's caption lines, whatever the number of NVAs.
  const inst0y = Math.max(client.y + 60, mid - 110);
  const instBoxes: Box[] = [
    { x: 60, y: inst0y, w: 220, h: 80 },
    { x: 60, y: Math.max(inst0y + 120, mid + 30), w: 220, h: 80 },
  ];
  const rsBox: Box | null = t.routeServer ? { x: 760, y: top + nvaSpan + 50, w: 240, h: 60 } : null;

  const parts: string[] = [];
  parts.push(`<?xml version="1.0" encoding="UTF-8"?>`);
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Segoe UI, Helvetica, Arial, sans-serif" font-size="12">`,
  );
  parts.push(`<title>${esc(`${plan.deployment}: HA bow-tie VPN`)}</title>`);
  parts.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  parts.push(text(20, 30, `${plan.deployment} — ${t.resourceGroup} (${t.location})`, `font-size="16" font-weight="bold"`));

  parts.push(rect(client, "#f3f8fd", "#7aa7d6"));
  parts.push(text(client.x + 12, client.y + 22, `${t.clientVnet.name} ${t.clientVnet.addressSpace.join(", ")}`, `font-weight="bold"`));
  parts.push(text(client.x + 12, client.y + 40, `${t.gateway.name} · ${t.gateway.sku} · ASN ${t.gateway.asn}`));
  parts.push(rect(provider, "#f6fbf3", "#8cbf73"));
  parts.push(text(provider.x + 12, provider.y + 22, `${t.providerVnet.name} ${t.providerVnet.addressSpace.join(", ")}`, `font-weight="bold"`));

  // Tunnels first so the boxes sit on top of the line ends.
  for (const row of plan.apipa) {
    const i = row.gatewayInstance;
    const a = instBoxes[i]!;
    const b = nvaBoxes[t.nvas.findIndex((v) => v.name === row.nva)]!;
    const x1 = a.x + a.w;
    const y1 = a.y + a.h / 2 + (i === 0 ? -10 : 10);
    const x2 = b.x;
    const y2 = b.y + b.h / 2 + (i === 0 ? -12 : 12);
    const colour = INSTANCE_COLOURS[i];
    parts.push(
      `<line class="tunnel" data-nva="${esc(row.nva)}" data-instance="${i}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${colour}" stroke-width="2"/>`,
    );
    // Label near the NVA end, where the lines of one NVA run apart and no others cross.
    const lx = x1 + (x2 - x1) * 0.8;
    const ly = y1 + (y2 - y1) * 0.8 + (i === 0 ? -6 : 14);
    parts.push(
      text(lx, ly, `${row.tunnel}: ${row.gatewayBgpIp} ⇄ ${row.nvaBgpIp}`, `class="tunnel-label" fill="${colour}" text-anchor="end" font-size="11"`),
    );
  }

  t.gateway.instances.forEach((inst, i) => {
    const b = instBoxes[i]!;
    parts.push(rect(b, "#ffffff", INSTANCE_COLOURS[i]!, `stroke-width="2"`));
    parts.push(text(b.x + 10, b.y + 20, `Gateway instance ${i}`, `font-weight="bold"`));
    parts.push(text(b.x + 10, b.y + 38, `public IP ${inst.publicIpName}`));
    parts.push(text(b.x + 10, b.y + 56, `APIPA ${inst.customBgpIps.join(", ")}`, `font-size="11"`));
  });

  t.nvas.forEach((nva, k) => {
    const b = nvaBoxes[k]!;
    parts.push(rect(b, "#ffffff", "#4d8a33", `stroke-width="2"`));
    parts.push(text(b.x + 10, b.y + 20, `${nva.name} · ASN ${nva.asn}`, `font-weight="bold"`));
    parts.push(text(b.x + 10, b.y + 38, `Loopback0 ${nva.loopbackIp} · ${nva.publicIpName}`));
    parts.push(text(b.x + 10, b.y + 56, `outside ${nva.outsideIp} · inside ${nva.insideIp}`, `font-size="11"`));
  });

  if (rsBox && t.routeServer) {
    for (const [k, nva] of t.nvas.entries()) {
      const b = nvaBoxes[k]!;
      const x = b.x + b.w + 20 + k * 8;
      parts.push(
        `<path class="rs-session" data-nva="${esc(nva.name)}" d="M ${b.x + b.w} ${b.y + b.h / 2} H ${x} V ${rsBox.y + rsBox.h / 2} H ${rsBox.x + rsBox.w}" fill="none" stroke="#6a3d9a" stroke-dasharray="5 4"/>`,
      );
    }
    parts.push(rect(rsBox, "#f5f0fa", "#6a3d9a", `stroke-width="2"`));
    parts.push(text(rsBox.x + 10, rsBox.y + 22, `Route Server ${t.routeServer.name} · ASN ${t.routeServer.asn}`, `font-weight="bold"`));
    parts.push(text(rsBox.x + 10, rsBox.y + 42, `eBGP multihop, both router IPs`, `font-size="11"`));
  }

  parts.push(`</svg>`);
  return parts.join("\n") + "\n";
}
