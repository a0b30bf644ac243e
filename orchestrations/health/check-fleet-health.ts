// checkFleetHealth: the timer's health pass — a health check of every
// registered deployment, a batch at a time (bounded concurrency), each batch
// followed by a durable timer long enough that the fleet's ARM requests stay
// within its share of the subscription's token buckets (fleet-pacing.ts).
// One instance at a time (instance id fleet:health): when a pass outlasts the
// timer's period, the next tick finds it running and lets it finish.
//
// Each batch ends in continueAsNew, so the history stays one batch long
// however large the fleet; the names and the running tally travel in the input.
import type { OrchestrationContext, Task } from "durable-functions";
import { batchSeconds, DEFAULT_FLEET_PACING, type FleetPacing, type RequestCount } from "../../shared/health/fleet-pacing.js";
import { orchestrationTelemetry } from "../../shared/telemetry/index.js";
import { ACTIVITY, instanceId, ORCHESTRATION } from "../../shared/names.js";
import { armRetry } from "../graph/retry.js";
import type { CheckHealthInput, CheckHealthResult } from "./check-health.js";

export interface FleetInput {
  pacing?: Partial<FleetPacing>;
  /** Set by the orchestration itself between batches. */
  progress?: FleetProgress;
}

/** Failed checks listed by name, up to this many; all are counted. */
const MAX_LISTED_FAILURES = 50;

interface FleetProgress {
  names: string[];
  next: number;
  startedAt: string;
  checked: number;
  skipped: number;
  /** Deployments being changed or rotated: reported, not judged (shared/health/changing.ts). */
  changing: number;
  /** Their names, up to MAX_LISTED_FAILURES. */
  changingNames: string[];
  failedCount: number;
  failed: Array<{ deployment: string; reason: string }>;
  byStatus: { healthy: number; degraded: number; down: number };
  remediationsStarted: number;
  requests: RequestCount;
  batches: number;
}

export interface FleetResult extends Omit<FleetProgress, "names" | "next"> {
  deployments: number;
  finishedAt: string;
  durationSeconds: number;
}

export function* checkFleetHealth(context: OrchestrationContext): Generator<Task, FleetResult | undefined, any> {
  const input = context.df.getInput<FleetInput>() ?? {};
  const pacing: FleetPacing = { ...DEFAULT_FLEET_PACING, ...input.pacing };
  const now = () => context.df.currentUtcDateTime.getTime();
  let progress = input.progress;
  if (!progress) {
    const names: string[] = yield context.df.callActivityWithRetry(ACTIVITY.listDeployments, armRetry(), null);
    progress = { names, next: 0, startedAt: context.df.currentUtcDateTime.toISOString(), checked: 0, skipped: 0, changing: 0, changingNames: [], failedCount: 0, failed: [], byStatus: { healthy: 0, degraded: 0, down: 0 }, remediationsStarted: 0, requests: { reads: 0, writes: 0 }, batches: 0 };
  }

  const batch = progress.names.slice(progress.next, progress.next + pacing.concurrency);
  if (batch.length === 0) {
    const { names, next: _next, ...tally } = progress;
    const result: FleetResult = { ...tally, deployments: names.length, finishedAt: context.df.currentUtcDateTime.toISOString(), durationSeconds: (now() - Date.parse(progress.startedAt)) / 1000 };
    context.df.setCustomStatus({ phase: "done", deployments: names.length, checked: tally.checked, failed: tally.failedCount });
    orchestrationTelemetry(context, null).emit("HealthPassCompleted", {
      deployments: result.deployments,
      checked: result.checked,
      skipped: result.skipped,
      changing: result.changing,
      failed: result.failedCount,
      ...result.byStatus,
      remediationsStarted: result.remediationsStarted,
      durationSeconds: result.durationSeconds,
    });
    return result;
  }

  const batchStart = now();
  const results: CheckHealthResult[] = yield context.df.Task.all(
    batch.map((deployment) => context.df.callSubOrchestrator(ORCHESTRATION.checkHealth, { deployment } satisfies CheckHealthInput, instanceId.health(deployment))),
  );
  const spent: RequestCount = { reads: 0, writes: 0 };
  for (const r of results) {
    spent.reads += r.requests.reads;
    spent.writes += r.requests.writes;
    if (r.outcome === "checked") {
      progress.checked++;
      progress.byStatus[r.report.status]++;
      if (r.remediation === "started" || r.remediation === "change started (orphans)") progress.remediationsStarted++;
    } else if (r.outcome === "changing") {
      progress.changing++;
      if (progress.changingNames.length < MAX_LISTED_FAILURES) progress.changingNames.push(r.deployment);
    } else if (r.outcome === "skipped") {
      progress.skipped++;
    } else {
      progress.failedCount++;
      if (progress.failed.length < MAX_LISTED_FAILURES) progress.failed.push({ deployment: r.deployment, reason: r.reason });
    }
  }
  progress.requests.reads += spent.reads;
  progress.requests.writes += spent.writes;
  progress.next += batch.length;
  progress.batches++;
  context.df.setCustomStatus({ phase: "checking", done: progress.next, of: progress.names.length, failed: progress.failedCount });

  // Pace: the batch's requests must have taken at least this long to stay
  // within the fleet's share (after the last batch there is nothing to pace).
  const due = batchStart + batchSeconds(spent, pacing) * 1000;
  if (progress.next < progress.names.length && due > now()) yield context.df.createTimer(new Date(due));
  context.df.continueAsNew({ pacing: input.pacing, progress } satisfies FleetInput);
  return undefined;
}
