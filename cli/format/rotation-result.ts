// What `bowtie rotate-psk` prints: what was rolled (one line per resource, in
// what-if's signs), the disruption the emulator measured over the run, and
// the BGP table after it. --json is the same as one object. Version ids are
// Key Vault identifiers; no key is ever part of a result.
import type { Disruption } from "../../emulator/network/disruption.js";
import type { RotatePskResult, RotationChange } from "../../orchestrations/rotate/rotate-psk.js";
import { sessionTables } from "./deploy-result.js";
import { textTable } from "./table.js";

export interface RotationReport {
  status: RotatePskResult["status"];
  deployment: string;
  resumed: boolean;
  changes: RotationChange[];
  disruption: Disruption;
  writes: number;
  simulatedSeconds: number;
  sessions: RotatePskResult["sessions"];
  failures: RotatePskResult["failures"];
  problems: RotatePskResult["problems"];
}

export function rotationReport(result: RotatePskResult, disruption: Disruption, simulatedSeconds: number): RotationReport {
  const { status, deployment, resumed, changes, writes, sessions, failures, problems } = result;
  return { status, deployment, resumed, changes, disruption, writes, simulatedSeconds, sessions, failures, problems };
}

// A rotation replaces VMs and updates connections only.
const SIGN: Partial<Record<RotationChange["action"], string>> = { replace: "-/+", update: "~" };

export function rotationSummary(report: RotationReport): string {
  const d = report.disruption;
  const lines = [
    `PSK rotation of ${report.deployment}: ${report.status}${report.resumed ? " (resumed an unfinished rotation)" : ""} after ${Math.round(report.simulatedSeconds / 60)} simulated minutes, ${report.writes} write(s)`,
    "",
  ];
  if (report.changes.length) {
    lines.push(textTable(["", "Resource", "NVA", "Outcome", "Why"], report.changes.map((c) => [SIGN[c.action] ?? c.action, c.name, c.nva, c.outcome, c.reason])), "");
  } else {
    lines.push("Every NVA already holds the rotation's version: nothing to roll.", "");
  }
  lines.push(
    `Disruption: ${d.secondsWithoutPath} s without a path, ${d.secondsBlackholed} s blackholed, ${d.secondsDegraded} s degraded, at least ${d.minGatewaySessionsUp} gateway session(s) up`,
    "",
    ...sessionTables(report.sessions),
  );
  for (const f of report.failures) lines.push(`FAILED ${f.id}: ${f.error.code}: ${f.error.message}`);
  for (const p of report.problems) lines.push(`DOWN ${p.session}: ${p.state}. Likely cause: ${p.likelyCause}`);
  return lines.join("\n");
}
