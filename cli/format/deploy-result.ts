// What `bowtie deploy` prints: the BGP table (every tunnel's session and each
// Route Server session with its state), then the shape --json documents.
import type { Disruption } from "../../emulator/network/disruption.js";
import type { DeployResult } from "../../orchestrations/deploy/deploy-topology.js";
import type { CarriedChange } from "../../shared/changes/carried-out.js";
import { textTable } from "./table.js";

export interface DeployReport {
  status: string;
  sessions: {
    gateway: Array<{ instance: number; localAddress: string; neighbor: string; asn: number; state: string }>;
    routeServer: Array<{ peerIp: string; routerIp: string; state: string }>;
  };
  resources: Array<{ id: string; provisioningState: string }>;
  armRequests: Record<string, number>;
  simulatedSeconds: number;
  /** The what-if entries (all but `none`) as carried out, each with its outcome. */
  changes: CarriedChange[];
  /** What the run cost the traffic, from the emulator's session timeline over the run's window. */
  disruption: Disruption;
}

export function deployReport(
  result: DeployResult,
  resources: DeployReport["resources"],
  armRequests: Record<string, number>,
  simulatedSeconds: number,
  disruption: Disruption,
): DeployReport {
  return {
    status: result.status,
    sessions: {
      gateway: result.sessions.gateway.map(({ instance, localAddress, neighbor, asn, state }) => ({ instance, localAddress, neighbor, asn, state })),
      routeServer: result.sessions.routeServer.map(({ peerIp, routerIp, state }) => ({ peerIp, routerIp, state })),
    },
    resources,
    armRequests,
    simulatedSeconds,
    changes: result.changes ?? [],
    disruption,
  };
}

const SIGN: Record<CarriedChange["action"], string> = { create: "  +", update: "  ~", replace: "-/+", delete: "  -", none: "   " };

/** One line per change carried out (or not), then what it cost the traffic. */
function changeLines(report: DeployReport): string[] {
  const changed = report.changes.filter((c) => c.action !== "create");
  if (changed.length === 0) return [];
  const n = (a: CarriedChange["action"]) => report.changes.filter((c) => c.action === a).length;
  const d = report.disruption;
  return [
    "",
    `Changes: ${n("create")} created, ${n("update")} updated, ${n("replace")} replaced, ${n("delete")} deleted`,
    ...report.changes.map((c) => `${SIGN[c.action]} ${c.type.replace(/^Microsoft\.(Network|Compute)\//, "")}/${c.name}: ${c.outcome}`),
    `Disruption: ${d.secondsWithoutPath} s without path, ${d.secondsBlackholed} s blackholed, ${d.secondsDegraded} s degraded, at least ${d.minGatewaySessionsUp} gateway session(s) up`,
  ];
}

/** The gateway BGP table and, with Route Server, its sessions: the same for a deploy and a twin run. */
export function sessionTables(sessions: DeployResult["sessions"]): string[] {
  const lines = [
    textTable(
      ["NVA", "Tunnel", "Gateway instance", "Gateway BGP IP", "NVA BGP IP", "ASN", "State"],
      sessions.gateway.map((s) => [s.nva, s.tunnel, s.instance, s.localAddress, s.neighbor, s.asn, s.state]),
    ),
  ];
  if (sessions.routeServer.length) {
    lines.push("", textTable(["NVA", "Peer IP", "Route Server IP", "State"], sessions.routeServer.map((s) => [s.nva, s.peerIp, s.routerIp, s.state])));
  }
  return lines;
}

export function deploySummary(result: DeployResult, report: DeployReport): string {
  const lines = [
    `Deployment ${result.deployment}: ${result.status} after ${Math.round(report.simulatedSeconds / 60)} simulated minutes, ${result.writes} write(s)`,
    "",
    ...sessionTables(result.sessions),
    ...changeLines(report),
  ];
  for (const f of result.failures) lines.push(`FAILED ${f.id}: ${f.error.code}: ${f.error.message}`);
  for (const p of result.problems) lines.push(`DOWN ${p.session}: ${p.state}. Likely cause: ${p.likelyCause}`);
  for (const m of result.missingRoutes) lines.push(`MISSING ROUTE ${m.prefix} at ${m.where}`);
  return lines.join("\n");
}
