// What the operations page shows, assembled from what Bowtie already keeps:
// the registry (status, the lock of the operation running now), the latest
// health report (findings, every session since when), the operation history,
// and the durable status of the running operation (its progress). The fleet
// is one row per deployment; a deployment's view adds the live drawing.
// Every part is secret-free by construction (specs hold Key Vault references,
// reports and results hold no PSK); the page's tests check the answers too.
import type * as df from "durable-functions";
import { renderTopologySvg } from "../diagram/topology-svg.js";
import { ACTIVE_RUNTIME_STATUSES, statusOrNull, type StarterClient } from "../durable/starter-client.js";
import type { HealthFinding, HealthReport, HealthStatus } from "../health/report.js";
import { planFromSpec } from "../plan/plan.js";
import type { DeploymentRecord, DeploymentRegistry } from "../storage/deployment-registry.js";
import type { HealthReports } from "../storage/health-reports.js";
import type { HistoryEntry, OperationHistory } from "../storage/operation-history.js";
import { topologyState, type ElementState } from "./topology-state.js";

export interface ViewSources {
  registry: Pick<DeploymentRegistry, "list" | "get">;
  reports: Pick<HealthReports, "latest">;
  /** Absent where no history is kept: the history is then empty. */
  history?: Pick<OperationHistory, "list">;
  client: Pick<StarterClient, "getStatus">;
}

export interface RunningOperation {
  kind: string;
  instanceId: string;
  /** When it took the deployment's lock. */
  since: string;
  runtimeStatus: string | null;
  /** The orchestration's custom status (deploy: phase, done per phase, what is provisioning), as GET /api/deployments/{name} shows it. */
  progress: unknown;
}

export interface HealthSummary {
  status: HealthStatus | string;
  checkedAt: string;
  critical: number;
  warning: number;
}

export interface FleetRow {
  name: string;
  resourceGroup: string;
  status: string;
  reason: string | null;
  health: HealthSummary | null;
  /** The latest health check (ISO), null before the first. */
  lastCheck: string | null;
  /** The latest operation that ended (deploy, remediation, change, rotation, teardown). */
  lastChange: { kind: string; status: string; at: string } | null;
  running: RunningOperation | null;
}

export interface FleetView {
  deployments: FleetRow[];
}

export interface DeploymentView extends FleetRow {
  updatedAt: string;
  findings: HealthFinding[];
  elements: ElementState[];
  history: HistoryEntry[];
  /** The live drawing (inline SVG markup, the same renderer as `bowtie plan --out`). */
  diagram: string;
}

function healthSummary(report: HealthReport | null): HealthSummary | null {
  if (!report) return null;
  const count = (s: string) => report.findings.filter((f) => f.severity === s).length;
  return { status: report.status, checkedAt: report.checkedAt, critical: count("critical"), warning: count("warning") };
}

async function running(record: DeploymentRecord, client: ViewSources["client"]): Promise<RunningOperation | null> {
  const lease = record.lease;
  if (!lease) return null;
  const status: df.DurableOrchestrationStatus | null = await statusOrNull(client as StarterClient, lease.instanceId).catch(() => null);
  // A lease whose instance has ended is stale (the next operation reclaims it): nothing runs.
  if (status && !ACTIVE_RUNTIME_STATUSES.has(String(status.runtimeStatus))) return null;
  return { kind: lease.kind, instanceId: lease.instanceId, since: lease.since, runtimeStatus: status ? String(status.runtimeStatus) : null, progress: status?.customStatus ?? null };
}

async function row(record: DeploymentRecord, sources: ViewSources, report: HealthReport | null, history: HistoryEntry[]): Promise<FleetRow> {
  const last = history[0];
  return {
    name: record.name,
    resourceGroup: record.resourceGroup,
    status: record.status,
    reason: record.reason,
    health: healthSummary(report),
    lastCheck: report?.checkedAt ?? null,
    lastChange: last ? { kind: last.kind, status: last.status, at: last.endedAt } : record.lastOperation ? { kind: record.lastOperation, status: record.status, at: record.updatedAt } : null,
    running: await running(record, sources.client),
  };
}

export async function fleetView(sources: ViewSources): Promise<FleetView> {
  const records = await sources.registry.list();
  const deployments = await Promise.all(
    records.map(async (r) => row(r, sources, await sources.reports.latest(r.name), (await sources.history?.list(r.name, 1)) ?? [])),
  );
  return { deployments };
}

/** One deployment's view, or null when it is not registered. */
export async function deploymentView(name: string, sources: ViewSources): Promise<DeploymentView | null> {
  const record = await sources.registry.get(name);
  if (!record) return null;
  const [report, history] = await Promise.all([sources.reports.latest(name), sources.history?.list(name) ?? Promise.resolve([])]);
  const plan = planFromSpec(record.spec);
  const elements = topologyState(plan, report);
  return {
    ...(await row(record, sources, report, history)),
    updatedAt: record.updatedAt,
    findings: report?.findings ?? [],
    elements,
    history,
    diagram: renderTopologySvg(plan, { live: elements, inline: true }),
  };
}
