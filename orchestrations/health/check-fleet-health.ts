// checkFleetHealth: the timer's health pass, in two tiers (issue 13).
//
// Tier 1 judges the whole fleet without ARM requests: one tag-filtered
// Resource Graph query per subscription, a page (of resource groups) at a
// time, each page judged by one activity (assessTierOne, with
// metrics:getBatch 50 resources a call), honouring Resource Graph's per-user
// quota and any throttling with durable timers.
// Tier 2 — the precise check (checkHealth: connection GETs, BGP probes and
// their operation polls, learned routes) — runs only for the deployments
// tier 1 flags or cannot vouch for (data missing or too old), paced per
// subscription on each subscription's own token buckets (fleet-pacing.ts).
// The result says, per finding, which tier decided.
//
// One instance at a time (instance id fleet:health): when a pass outlasts the
// timer's period, the next tick finds it running and lets it finish. Every
// step ends in continueAsNew, so the history stays one step long however
// large the fleet; what is left to do and the tally travel in the input.
import type { OrchestrationContext, Task } from "durable-functions";
import type { AssessTierOneInput, AssessTierOneOutput, ListFleetOutput, RecordTierOneInput, TierOneOutcome } from "../../activities/contracts.js";
import { DEFAULT_FLEET_PACING, nextBatch, spend, type FleetBuckets, type FleetPacing, type PacedWork, type RequestCount } from "../../shared/health/fleet-pacing.js";
import { DEFAULT_FRESHNESS, type Freshness } from "../../shared/health/freshness.js";
import { orchestrationTelemetry } from "../../shared/telemetry/index.js";
import { ACTIVITY, instanceId, ORCHESTRATION } from "../../shared/names.js";
import { armRetry } from "../graph/retry.js";
import type { CheckHealthInput, CheckHealthResult } from "./check-health.js";

export interface FleetInput {
  pacing?: Partial<FleetPacing>;
  freshness?: Partial<Freshness>;
  /** Resource groups (deployments) per Resource Graph page: what one tier-1 activity judges. */
  pageSize?: number;
  /** Skip tier 1: every deployment gets the precise check (the pass before issue 13, still paced per subscription; the bench's baseline). */
  precise?: boolean;
  /** Set by the orchestration itself between steps. */
  progress?: FleetProgress;
}

/** Failed checks and decided deployments listed by name, up to this many; all are counted. */
const MAX_LISTED = 50;
const DEFAULT_PAGE = 40;
/** What a precise check costs before one has been measured (FLEET-HEALTH §0: 15 + 4, plus the LRO polls). */
const FIRST_ESTIMATE: RequestCount = { reads: 23, writes: 4 };

/** A deployment tier 1 could not vouch for: the precise check decides. */
interface Flagged extends PacedWork {
  /** Tier 1's reasons, summarized ("bgp: ...", at most a few). */
  flags: string[];
}

/** How one deployment's health was decided, for the pass's report. */
export interface FleetDecision {
  deployment: string;
  decidedBy: "tier1" | "tier2";
  status: "healthy" | "degraded" | "down" | "changing" | "skipped" | "failed";
  /** Why tier 1 sent it to tier 2 (empty when tier 1 decided). */
  flaggedBy: string[];
  /** The findings of the tier that decided (at most a few listed). */
  findings: Array<{ kind: string; resource: string; severity: string }>;
}

export interface TierTally {
  /** Deployments tier 1 vouched for (recorded healthy, no ARM request). */
  tier1Healthy: number;
  /** Deployments sent to tier 2, by the first reason's kind. */
  flagged: number;
  flaggedByKind: Record<string, number>;
  tier2Checked: number;
  graphQueries: number;
  metricsBatchCalls: number;
  /** Durable waits for Resource Graph's quota or the metrics API's throttling. */
  tier1Waits: number;
  /** ARM requests spent on deployments that turned out healthy (tier 1 spends none; tier 2 on a false alarm does). */
  armOnHealthy: RequestCount;
}

/** A subscription's tier-1 work: its deployments not yet judged, and where its one query's paging stands. */
interface ToAssess {
  subscriptionId: string;
  deployments: string[];
  /** The next page's token; null before the first page. */
  skipToken: string | null;
}

interface FleetProgress {
  /** Tier-1 work left, per subscription. */
  toAssess: ToAssess[];
  /** Tier-2 work left: flagged deployments, in order. */
  queue: Flagged[];
  buckets: FleetBuckets;
  perCheck: RequestCount;
  /** Resource Graph's quota as last reported, and when (ms). */
  graphQuota: { remaining: number | null; resetsAt: number | null };
  deployments: number;
  startedAt: string;
  checked: number;
  skipped: number;
  /** Deployments being changed or rotated: reported, not judged (shared/health/changing.ts). */
  changing: number;
  /** Their names, up to MAX_LISTED. */
  changingNames: string[];
  failedCount: number;
  failed: Array<{ deployment: string; reason: string }>;
  byStatus: { healthy: number; degraded: number; down: number };
  remediationsStarted: number;
  /** ARM requests (tier 2 only: tier 1 spends none). */
  requests: RequestCount;
  batches: number;
  tiers: TierTally;
  /** Every deployment tier 2 decided (up to MAX_LISTED). */
  decisions: FleetDecision[];
}

export interface FleetResult extends Omit<FleetProgress, "toAssess" | "queue" | "buckets" | "perCheck" | "graphQuota"> {
  finishedAt: string;
  durationSeconds: number;
}

const summarize = (o: TierOneOutcome) => o.flags.map((f) => `${f.kind}: ${f.resource.split("/").pop()} ${f.detail}`.slice(0, 200));

export function* checkFleetHealth(context: OrchestrationContext): Generator<Task, FleetResult | undefined, any> {
  const input = context.df.getInput<FleetInput>() ?? {};
  const pacing: FleetPacing = { ...DEFAULT_FLEET_PACING, ...input.pacing };
  const freshness: Freshness = { ...DEFAULT_FRESHNESS, ...input.freshness };
  const pageSize = input.pageSize ?? DEFAULT_PAGE;
  const now = () => context.df.currentUtcDateTime.getTime();
  const again = (progress: FleetProgress) => {
    context.df.continueAsNew({ ...input, progress } satisfies FleetInput);
    return undefined;
  };
  let progress = input.progress;
  if (!progress) {
    const fleet: ListFleetOutput = yield context.df.callActivityWithRetry(ACTIVITY.listFleet, armRetry(), null);
    const everyone = fleet.flatMap((g) => g.deployments.map((deployment) => ({ deployment, subscriptionId: g.subscriptionId, flags: ["precise pass: no tier 1"] })));
    // Being changed: straight to the check, which reports it `changing` and reads nothing.
    const changing = fleet.flatMap((g) => g.changing.map((deployment) => ({ deployment, subscriptionId: g.subscriptionId, flags: ["changing: a change or rotation runs"] })));
    progress = {
      toAssess: input.precise ? [] : fleet.filter((g) => g.deployments.length > 0).map(({ changing: _c, ...g }) => ({ ...g, skipToken: null })),
      queue: [...(input.precise ? everyone : []), ...changing],
      buckets: {},
      perCheck: FIRST_ESTIMATE,
      graphQuota: { remaining: null, resetsAt: null },
      deployments: fleet.reduce((n, g) => n + g.deployments.length + g.changing.length, 0),
      startedAt: context.df.currentUtcDateTime.toISOString(),
      checked: 0,
      skipped: 0,
      changing: 0,
      changingNames: [],
      failedCount: 0,
      failed: [],
      byStatus: { healthy: 0, degraded: 0, down: 0 },
      remediationsStarted: 0,
      requests: { reads: 0, writes: 0 },
      batches: 0,
      tiers: { tier1Healthy: 0, flagged: 0, flaggedByKind: {}, tier2Checked: 0, graphQueries: 0, metricsBatchCalls: 0, tier1Waits: 0, armOnHealthy: { reads: 0, writes: 0 } },
      decisions: [],
    };
  }

  // ---- Tier 1: the next page of each subscription's one query (subscriptions in parallel), within Resource Graph's quota.
  if (progress.toAssess.length > 0) {
    const q = progress.graphQuota;
    if (q.remaining === 0 && q.resetsAt !== null && q.resetsAt > now()) {
      progress.tiers.tier1Waits++;
      progress.graphQuota = { remaining: null, resetsAt: null };
      yield context.df.createTimer(new Date(q.resetsAt));
      return again(progress);
    }
    // A reported quota holds until its window resets; after that it is full again (unknown here).
    const known = q.resetsAt !== null && q.resetsAt > now() ? q.remaining : null;
    const pages = progress.toAssess.slice(0, Math.max(1, known ?? progress.toAssess.length));
    const answers: AssessTierOneOutput[] = yield context.df.Task.all(
      pages.map((g) =>
        context.df.callActivityWithRetry(ACTIVITY.assessTierOne, armRetry(), {
          subscriptionId: g.subscriptionId,
          ...(g.skipToken ? { skipToken: g.skipToken } : {}),
          pageSize,
          freshness,
        } satisfies AssessTierOneInput),
      ),
    );
    let waitSeconds = 0;
    const healthy: string[] = [];
    progress.graphQuota = { remaining: null, resetsAt: null };
    answers.forEach((a, i) => {
      const group = pages[i]!;
      progress.tiers.graphQueries += a.graphQueries;
      progress.tiers.metricsBatchCalls += a.metricsBatchCalls;
      if (a.throttled) {
        waitSeconds = Math.max(waitSeconds, a.retryAfterSeconds);
        return;
      }
      if (a.quota.remaining !== null) {
        const resetsAt = Date.parse(a.at) + (a.quota.resetsAfterSeconds ?? 5) * 1000;
        const mine = progress.graphQuota;
        progress.graphQuota = { remaining: Math.min(mine.remaining ?? Infinity, a.quota.remaining), resetsAt: Math.max(mine.resetsAt ?? 0, resetsAt) };
      }
      // Only the deployments this pass is checking (a page also shows busy or unregistered ones).
      const pending = new Set(group.deployments);
      const send = (deployment: string, flags: string[], kind: string) => {
        progress.tiers.flagged++;
        progress.tiers.flaggedByKind[kind] = (progress.tiers.flaggedByKind[kind] ?? 0) + 1;
        progress.queue.push({ deployment, subscriptionId: group.subscriptionId, flags });
      };
      for (const o of a.outcomes) {
        if (!pending.delete(o.deployment)) continue;
        if (o.verdict === "gone") progress.skipped++;
        else if (o.verdict === "healthy") healthy.push(o.deployment);
        else send(o.deployment, summarize(o), o.flags[0]?.kind ?? "unknown");
      }
      group.deployments = [...pending];
      group.skipToken = a.skipToken;
      // The subscription's last page: a deployment it never showed has no rows at all (deleted, or not indexed yet).
      if (a.skipToken === null) {
        for (const d of group.deployments) send(d, ["noData: Resource Graph returned no rows for it"], "noData");
        group.deployments = [];
      }
    });
    progress.toAssess = progress.toAssess.filter((g) => g.deployments.length > 0);
    if (healthy.length) {
      yield context.df.callActivityWithRetry(ACTIVITY.recordTierOneHealthy, armRetry(), { deployments: healthy, checkedAt: context.df.currentUtcDateTime.toISOString() } satisfies RecordTierOneInput);
      progress.tiers.tier1Healthy += healthy.length;
      progress.checked += healthy.length;
      progress.byStatus.healthy += healthy.length;
    }
    context.df.setCustomStatus({ phase: "tier1", left: progress.toAssess.reduce((n, g) => n + g.deployments.length, 0), flagged: progress.queue.length });
    if (waitSeconds > 0) {
      progress.tiers.tier1Waits++;
      yield context.df.createTimer(new Date(now() + waitSeconds * 1000));
    }
    return again(progress);
  }

  // ---- Tier 2: the precise check of what tier 1 flagged, each subscription on its own buckets.
  if (progress.queue.length > 0) {
    const step = nextBatch(progress.queue, progress.buckets, now(), progress.perCheck, pacing);
    progress.buckets = step.buckets;
    if (step.batch.length === 0) {
      yield context.df.createTimer(new Date(step.wakeAt!));
      return again(progress);
    }
    const results: CheckHealthResult[] = yield context.df.Task.all(
      step.batch.map((w) => context.df.callSubOrchestrator(ORCHESTRATION.checkHealth, { deployment: w.deployment } satisfies CheckHealthInput, instanceId.health(w.deployment))),
    );
    const spentBy = new Map<string, RequestCount>();
    const spentAll: RequestCount = { reads: 0, writes: 0 };
    results.forEach((r, i) => {
      const w = step.batch[i]!;
      const s = spentBy.get(w.subscriptionId) ?? { reads: 0, writes: 0 };
      s.reads += r.requests.reads;
      s.writes += r.requests.writes;
      spentBy.set(w.subscriptionId, s);
      spentAll.reads += r.requests.reads;
      spentAll.writes += r.requests.writes;
      const decision = (status: FleetDecision["status"], findings: FleetDecision["findings"]): FleetDecision => ({ deployment: w.deployment, decidedBy: "tier2", status, flaggedBy: w.flags, findings });
      let d: FleetDecision;
      if (r.outcome === "checked") {
        progress.checked++;
        progress.tiers.tier2Checked++;
        progress.byStatus[r.report.status]++;
        if (r.remediation === "started" || r.remediation === "change started (orphans)") progress.remediationsStarted++;
        if (r.report.status === "healthy") {
          progress.tiers.armOnHealthy.reads += r.requests.reads;
          progress.tiers.armOnHealthy.writes += r.requests.writes;
        }
        d = decision(r.report.status, r.report.findings.slice(0, 5).map((f) => ({ kind: f.kind, resource: f.resource, severity: f.severity })));
      } else if (r.outcome === "changing") {
        progress.changing++;
        if (progress.changingNames.length < MAX_LISTED) progress.changingNames.push(r.deployment);
        d = decision("changing", []);
      } else if (r.outcome === "skipped") {
        progress.skipped++;
        d = decision("skipped", []);
      } else {
        progress.failedCount++;
        if (progress.failed.length < MAX_LISTED) progress.failed.push({ deployment: r.deployment, reason: r.reason });
        d = decision("failed", []);
      }
      if (progress.decisions.length < MAX_LISTED) progress.decisions.push(d);
    });
    for (const [s, spent] of spentBy) progress.buckets[s] = spend(progress.buckets[s]!, spent);
    const measured = results.filter((r) => r.outcome === "checked");
    if (measured.length) {
      // The dearest check seen so far sets what the next batch must afford.
      const most = (k: keyof RequestCount) => Math.max(progress.perCheck[k], ...measured.map((r) => r.requests[k]));
      progress.perCheck = { reads: most("reads"), writes: most("writes") };
    }
    progress.requests.reads += spentAll.reads;
    progress.requests.writes += spentAll.writes;
    progress.queue = step.waiting;
    progress.batches++;
    context.df.setCustomStatus({ phase: "tier2", left: progress.queue.length, failed: progress.failedCount });
    return again(progress);
  }

  // ---- Done.
  const { toAssess: _a, queue: _q, buckets: _b, perCheck: _p, graphQuota: _g, ...tally } = progress;
  const result: FleetResult = { ...tally, finishedAt: context.df.currentUtcDateTime.toISOString(), durationSeconds: (now() - Date.parse(progress.startedAt)) / 1000 };
  context.df.setCustomStatus({ phase: "done", deployments: result.deployments, checked: result.checked, failed: result.failedCount });
  orchestrationTelemetry(context, null).emit("HealthPassCompleted", {
    deployments: result.deployments,
    checked: result.checked,
    skipped: result.skipped,
    changing: result.changing,
    failed: result.failedCount,
    ...result.byStatus,
    remediationsStarted: result.remediationsStarted,
    durationSeconds: result.durationSeconds,
    tier1Healthy: result.tiers.tier1Healthy,
    tier2Checked: result.tiers.tier2Checked,
    graphQueries: result.tiers.graphQueries,
    metricsBatchCalls: result.tiers.metricsBatchCalls,
  });
  return result;
}
