// The telemetry catalogue: every event Bowtie writes, with its fields, its
// log level and, for the metric-like ones, the number an Azure Monitor alert
// or a KQL `summarize` reads. One place, typed, so a line cannot carry a
// field the catalogue does not name (and the README's queries stay true).
//
// No field here is meant to hold a secret: resources are named by id, specs
// reference Key Vault secrets by NAME only, and the redaction guard
// (redact.ts) masks anything that looks like a secret all the same.
import type { HealthStatus } from "../health/report.js";

export type Purpose = "deploy" | "remediate";
export type RunStatus = "Succeeded" | "Failed";

/** What one apply/delete activity attempt did; "transient" = a retryable ARM error, rethrown for the host to retry. */
export type ResourceOutcome = "unchanged" | "completed" | "started" | "busy" | "failed" | "transient";

export interface TelemetryEvents {
  /** POST/DELETE /api/deployments answered (started, or refused and why). */
  DeploymentRequested: {
    operation: "deploy" | "teardown" | "rotate";
    outcome: "started" | "invalid" | "conflict" | "notFound";
    httpStatus: number;
    violations?: number;
    reason?: string;
  };
  /** deployTopology began (a remediation is the same run with purpose "remediate"). */
  DeploymentStarted: { purpose: Purpose; resources: number };
  /** deployTopology ended; durationSeconds is orchestration time (currentUtcDateTime), simulated on the emulator. */
  DeploymentCompleted: { purpose: Purpose; status: RunStatus; durationSeconds: number; writes: number; armRequests?: number };
  /** deployTopology ended Failed: the first reason (ARM code and message, or the BGP sessions that stayed down). */
  DeploymentFailed: { purpose: Purpose; reason: string; failures: number };
  /** One applyResource attempt. */
  ResourceApplied: { resourceId: string; resourceType: string; outcome: ResourceOutcome; errorCode?: string };
  /** One deleteResource attempt. */
  ResourceDeleted: { resourceId: string; resourceType: string; outcome: ResourceOutcome; errorCode?: string; note?: string };
  TeardownStarted: { resources: number };
  TeardownCompleted: { status: RunStatus; durationSeconds: number; deletes: number; skipped: number; failures: number; reason?: string };
  /** A PSK rotation: secrets and NVAs by name, Key Vault versions by id (never a value). */
  PskRotationStarted: { secrets: string[]; nvas: string[]; resumed: boolean };
  PskRotationCompleted: { status: RunStatus; durationSeconds: number; rolled: number; writes: number; reason?: string };
  /** An Event Grid event that starts nothing, with the reason (own write, read-only action, unmanaged, busy, ...). */
  EventDropped: { reason: string; eventId?: string; resourceId?: string; operationName?: string };
  /**
   * POST /api/alerts answered: one line per Azure Monitor alert. Only what the
   * schema bounds is carried (rule, signal, severity, condition, times); the
   * deployments are Bowtie's own names, the targets only counted.
   */
  AlertReceived: {
    outcome: "started" | "nothing" | "busy" | "invalid";
    httpStatus: number;
    monitorCondition?: "Fired" | "Resolved";
    signalType?: string;
    alertRule?: string;
    severity?: string;
    firedDateTime?: string;
    targets: number;
    unowned: number;
    started: string[];
    notStarted: string[];
    reason?: string;
  };
  /** An out-of-band change started a remediation. */
  RemediationRequested: { trigger: "event" | "health"; eventId?: string; resourceId?: string; operationName?: string };
  // Health (emitted by the health orchestrations).
  /** The health timer fired: it started the fleet's pass, or found the last one still running. */
  HealthPassRequested: { started: boolean; reason?: string };
  /** The fleet's pass ended; `failed` counts checks that could not read their deployment. */
  HealthPassCompleted: { deployments: number; checked: number; skipped: number; changing: number; failed: number; healthy: number; degraded: number; down: number; remediationsStarted: number; durationSeconds: number; tier1Healthy: number; tier2Checked: number; graphQueries: number; metricsBatchCalls: number };
  HealthChecked: { status: HealthStatus; findings: number; durationSeconds: number };
  DriftFound: { kind: string; resource: string; severity: string };
  /** A remediation reset connections whose BGP stayed down over an up tunnel. */
  ConnectionsReset: { connections: number; connectionIds: string[] };
  /** The circuit breaker (or a policy) said no: a person must look. */
  RemediationRefused: { reason: string };
}

export type EventName = keyof TelemetryEvents;
export type EventFields<E extends EventName> = TelemetryEvents[E];
export type Level = "information" | "warning" | "error";

export interface Metric {
  name: string;
  value: number;
}

/** healthy < degraded < down, so `max(metric.value) >= 2` reads "down". */
export const HEALTH_SCORE: Record<HealthStatus, number> = { healthy: 0, degraded: 1, down: 2 };

const count = (name: string) => () => ({ name, value: 1 });

/** The number each metric-like event carries, under a stable name. */
export const METRICS: { [E in EventName]?: (f: TelemetryEvents[E]) => Metric } = {
  DeploymentCompleted: (f) => ({ name: "bowtie.deploy.durationSeconds", value: f.durationSeconds }),
  DeploymentFailed: count("bowtie.deploy.failed"),
  TeardownCompleted: (f) => ({ name: "bowtie.teardown.durationSeconds", value: f.durationSeconds }),
  EventDropped: count("bowtie.events.dropped"),
  RemediationRequested: count("bowtie.remediation.requested"),
  AlertReceived: (f) => ({ name: "bowtie.alerts.checksStarted", value: f.started.length }),
  HealthPassCompleted: (f) => ({ name: "bowtie.health.pass.failedChecks", value: f.failed }),
  HealthChecked: (f) => ({ name: "bowtie.health.status", value: HEALTH_SCORE[f.status] }),
  DriftFound: count("bowtie.drift.findings"),
  ConnectionsReset: (f) => ({ name: "bowtie.remediation.connectionsReset", value: f.connections }),
  RemediationRefused: count("bowtie.remediation.refused"),
};

/** Warnings and errors are what an alert on `severityLevel` (traces) picks up without parsing the line. */
export function levelOf<E extends EventName>(event: E, fields: TelemetryEvents[E]): Level {
  const f = fields as Record<string, unknown>;
  switch (event) {
    case "DeploymentFailed":
      return "error";
    case "RemediationRefused":
    case "DriftFound":
    case "ConnectionsReset":
      return "warning";
    case "DeploymentCompleted":
    case "TeardownCompleted":
    case "PskRotationCompleted":
      return f.status === "Failed" ? "warning" : "information";
    case "HealthChecked":
      return f.status === "healthy" ? "information" : "warning";
    case "HealthPassCompleted":
      return f.failed === 0 ? "information" : "warning";
    case "HealthPassRequested":
      return f.started ? "information" : "warning";
    case "AlertReceived":
      return f.outcome === "invalid" ? "warning" : "information";
    case "ResourceApplied":
    case "ResourceDeleted":
      return f.outcome === "failed" ? "error" : f.outcome === "transient" ? "warning" : "information";
    default:
      return "information";
  }
}
