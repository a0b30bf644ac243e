// The health report as a person reads it: resources and ipConfigurations by
// name (type in brackets), not by full ARM id; times as elapsed simulated
// time on the emulator's virtual clock (a date in 2030 means nothing); long
// likely causes in full below the table instead of cut off inside it.
import type { HealthFinding, HealthReport } from "../../shared/health/report.js";
import { textTable } from "./table.js";

const CELL = 48;

/** ".../virtualNetworkGateways/client-Vnet-gw" -> "client-Vnet-gw (virtualNetworkGateways)"; other text as it is. */
export function resourceLabel(resource: string): string {
  const m = /\/providers\/[^/]+\/(.+)$/i.exec(resource);
  if (!m) return resource;
  const parts = m[1]!.split("/");
  // type/name pairs: virtualHubs/rs/bgpConnections/c8k-10 -> c8k-10 (virtualHubs/bgpConnections of rs)
  const name = parts[parts.length - 1]!;
  const types = parts.filter((_, i) => i % 2 === 0);
  const parents = parts.filter((_, i) => i % 2 === 1).slice(0, -1);
  return `${name} (${types.join("/")}${parents.length ? ` of ${parents.join("/")}` : ""})`;
}

/** ARM ids inside a property path ("bgpPeeringAddresses[/subscriptions/.../ipconfigurations/vnetgwconfig]") -> their names. */
export function pathLabel(path: string): string {
  return path.replace(/\[\/subscriptions\/[^\]]*\/([^/\]]+)\]/gi, "[$1]");
}

/** Elapsed time as h:mm:ss (negative never: a report can't predate the clock's start). */
export function elapsed(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

const show = (v: unknown) => (v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));
const cut = (text: string) => (text.length > CELL ? `${text.slice(0, CELL - 1)}…` : text);

/**
 * Lines for the terminal. `clockStart` is the emulator clock's start (ms): times print as
 * "+h:mm:ss simulated" from it.
 */
export function healthReportLines(report: HealthReport, clockStart: number): string[] {
  const at = (iso: string) => `+${elapsed(Date.parse(iso) - clockStart)}`;
  const lines = [`Deployment ${report.deployment}: ${report.status} (checked at ${at(report.checkedAt)} simulated)`];
  if (report.findings.length === 0) return lines;
  const details: string[] = [];
  const row = (f: HealthFinding, i: number) => {
    const actual = show(f.actual);
    if (actual.length > CELL) details.push(`[${i + 1}] ${resourceLabel(f.resource)}: ${actual}`);
    return [String(i + 1), f.severity, f.kind, resourceLabel(f.resource), pathLabel(f.path ?? ""), cut(show(f.expected)), actual.length > CELL ? `${cut(actual)} [${i + 1}]` : actual, at(f.since)];
  };
  lines.push("", textTable(["#", "Severity", "Kind", "Resource", "Path", "Expected", "Actual", "Since"], report.findings.map(row)));
  if (details.length) lines.push("", ...details);
  return lines;
}
