// A deployment's health: configuration drift against the plan, NVA power,
// and the live BGP picture (every session, every route each side must learn),
// folded into one report: healthy, degraded (something critical is off but
// traffic still has a path) or down (no gateway BGP session is up).
// Orphans (owned, no longer planned) come from the same comparison of plan
// against what exists as drift and what-if (shared/drift/plan-vs-inventory.ts).
import { ownedOutsidePlan } from "../drift/plan-vs-inventory.js";
import type { Plan } from "../plan/types.js";
import { assessBgp, type ObservedNetwork } from "./bgp-assessment.js";
import { detectDrift, type DriftFinding, type Inventory, type Severity } from "./drift.js";
import { carrySessionSince, sessionStates, type SessionStateRow } from "./session-states.js";

export type HealthStatus = "healthy" | "degraded" | "down";

export interface HealthFinding {
  severity: Severity;
  kind: DriftFinding["kind"] | "orphan" | "powerState" | "bgp" | "route";
  resource: string;
  path?: string;
  expected?: unknown;
  actual?: unknown;
  /** When this finding was first seen (carried over from earlier reports). */
  since: string;
}

export interface HealthReport {
  deployment: string;
  checkedAt: string;
  status: HealthStatus;
  findings: HealthFinding[];
  /** Every planned gateway and Route Server session with its tunnel, in its state since when (absent from reports stored before it was added). */
  sessions?: SessionStateRow[];
}

export interface HealthInputs {
  inventory: Inventory;
  powerStates: Record<string, string>;
  network: ObservedNetwork;
  routerIps: string[];
  subscriptionId: string;
  checkedAt: string;
}

export function healthReport(plan: Plan, inputs: HealthInputs): HealthReport {
  const at = inputs.checkedAt;
  const findings: HealthFinding[] = detectDrift(plan, inputs.inventory, inputs.subscriptionId).map((f) => ({ ...f, since: at }));
  // Critical, not a warning: an orphan is live and still claims the
  // deployment's addresses and routes (a removed NVA's connection names
  // gateway APIPA addresses that are gone, its Route Server peering may
  // still advertise), and nothing but a change removes it. Remediation leaves
  // orphans alone (needsRemediation below): they go through create-before-destroy.
  for (const o of ownedOutsidePlan(plan, inputs.inventory, inputs.subscriptionId)) {
    findings.push({ severity: "critical", kind: "orphan", resource: o.id, expected: "absent (not in the plan)", actual: o.type, since: at });
  }
  for (const r of plan.resources.filter((x) => x.type === "Microsoft.Compute/virtualMachines")) {
    const id = r.id.replace("{{subscriptionId}}", inputs.subscriptionId).toLowerCase();
    const power = inputs.powerStates[id];
    if (inputs.inventory.has(id) && power !== "running") {
      findings.push({ severity: "critical", kind: "powerState", resource: r.id.replace("{{subscriptionId}}", inputs.subscriptionId), expected: "running", actual: power ?? "unknown", since: at });
    }
  }
  const bgp = assessBgp(plan, inputs.network, inputs.routerIps);
  for (const p of bgp.problems) findings.push({ severity: "critical", kind: "bgp", resource: p.session, expected: "Connected", actual: `${p.state} (${p.likelyCause})`, since: at });
  for (const m of bgp.missingRoutes) findings.push({ severity: "warning", kind: "route", resource: m.where, expected: m.prefix, actual: "not learned", since: at });
  const anyGatewaySession = bgp.gateway.some((s) => s.state === "Connected");
  const status: HealthStatus = !anyGatewaySession ? "down" : findings.some((f) => f.severity === "critical") ? "degraded" : "healthy";
  return { deployment: plan.deployment, checkedAt: at, status, findings, sessions: sessionStates(plan, inputs.network, inputs.routerIps, at) };
}

/**
 * Whether remediation (a re-run of the deploy, which writes what the plan
 * holds and deletes nothing) has anything to repair: a critical finding other
 * than an orphan. Orphans alone never start it: removing them belongs to a
 * change (create before destroy); the health check starts that instead.
 */
export function needsRemediation(report: HealthReport): boolean {
  return report.status !== "healthy" && report.findings.some((f) => f.severity === "critical" && f.kind !== "orphan");
}

/** Keep the first-seen time of findings that were already present in the previous report. */
export function carrySince(previous: HealthReport | null, next: HealthReport): HealthReport {
  if (!previous) return next;
  const key = (f: HealthFinding) => `${f.kind}|${f.resource}|${f.path ?? ""}`;
  const earlier = new Map(previous.findings.map((f) => [key(f), f.since]));
  return {
    ...next,
    findings: next.findings.map((f) => ({ ...f, since: earlier.get(key(f)) ?? f.since })),
    ...(next.sessions ? { sessions: carrySessionSince(previous.sessions, next.sessions) } : {}),
  };
}
