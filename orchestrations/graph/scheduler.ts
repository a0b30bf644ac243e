// The bookkeeping of a run over the plan's resource graph (deploy, or teardown
// over the reversed graph), kept out of the orchestrators so it can be tested
// on its own: which resources may start now (all dependencies done), which
// are in progress and when each should next be polled, which are past their
// deadline. Deterministic: it only reads the times it is given.
import type { PlannedResource } from "../../shared/plan/types.js";
import { deadlineSeconds, TYPICAL_SECONDS } from "../../shared/plan/typical-durations.js";

export type Phase = "pending" | "applying" | "provisioning" | "succeeded" | "failed";

// The activities' reports are declared in shared/ (both layers read them).
import type { ApplyOutcome, ArmErrorInfo, ProvisioningRead } from "../../shared/durable/activity-outcomes.js";
export type { ApplyOutcome, ArmErrorInfo, ProvisioningRead };

/**
 * Failed long-running operations that a fresh PUT usually fixes (ARM-FACTS
 * §3.1): Azure's own transient codes. Anything else (validation, quota, SKU)
 * would fail the same way again, so it ends the run with Azure's words.
 */
const REAPPLY_CODES = new Set(["AnotherOperationInProgress", "RetryableError", "InternalServerError", "Conflict"]);
const MAX_REAPPLIES = 3;

interface Entry {
  resource: PlannedResource;
  phase: Phase;
  startedAt: number;
  nextPollAt: number;
  polls: number;
  reapplies: number;
  writes: number;
  /** Apply again once the operation in flight ends (it was not ours). */
  applyAfter: boolean;
  /** Where our operation in flight is monitored, if Azure said. */
  operation?: string;
  error?: ArmErrorInfo;
}

export interface ProgressSnapshot {
  total: number;
  byPhase: Record<Phase, number>;
  /** Resources still provisioning, with how long they have run (seconds). */
  provisioning: Array<{ name: string; type: string; seconds: number }>;
  failed: Array<{ id: string; error: ArmErrorInfo }>;
}

/**
 * When to poll next, in WHOLE milliseconds, rounded up. The backoff steps are
 * fractional (52.5 s × 1.5ⁿ), but a durable timer's fireAt travels as an ISO
 * string with millisecond precision and the orchestration's clock reads whole
 * milliseconds: a fractional due time would make the timer fire just before
 * the poll is due, leaving nothing to poll.
 */
function pollTime(nowMs: number, afterSeconds: number): number {
  return Math.ceil(nowMs + afterSeconds * 1000);
}

export class GraphScheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly notes: Array<{ id: string; note: string }> = [];

  /**
   * @param doneState the provisioning state that ends an operation: "Succeeded"
   * for applies; "Deleted" (the read activity's word for a 404) for teardown.
   */
  constructor(
    resources: PlannedResource[],
    private readonly doneState: "Succeeded" | "Deleted" = "Succeeded",
  ) {
    for (const r of resources) {
      this.entries.set(r.id, { resource: r, phase: "pending", startedAt: 0, nextPollAt: 0, polls: 0, reapplies: 0, writes: 0, applyAfter: false });
    }
  }

  /** Pending resources whose dependencies have all Succeeded; they move to "applying". */
  takeReady(): PlannedResource[] {
    const ready: PlannedResource[] = [];
    for (const e of this.entries.values()) {
      if (e.phase !== "pending") continue;
      if (e.resource.dependsOn.every((d) => this.entries.get(d)?.phase === "succeeded")) {
        e.phase = "applying";
        ready.push(e.resource);
      }
    }
    return ready;
  }

  recordApply(id: string, result: ApplyOutcome, nowMs: number): void {
    const e = this.entry(id);
    if (result.outcome === "failed") {
      e.phase = "failed";
      e.error = result.error;
      return;
    }
    if (result.outcome === "completed" || result.outcome === "started") e.writes++;
    e.applyAfter = result.outcome === "busy";
    e.operation = result.outcome === "started" ? result.operation : undefined;
    if (result.outcome === "unchanged" || result.outcome === "completed") {
      if (result.note) this.notes.push({ id, note: result.note });
      e.phase = "succeeded";
      return;
    }
    e.phase = "provisioning";
    e.startedAt = nowMs;
    e.polls = 0;
    // First look shortly before the type's typical end, so the critical path
    // is not stretched by a late poll nor the history filled with early ones.
    e.nextPollAt = pollTime(nowMs, Math.max(2, 0.9 * TYPICAL_SECONDS[e.resource.type]));
  }

  /** The earliest time any provisioning resource wants a poll (whole ms), or null if none is provisioning. */
  nextPollAt(): number | null {
    let next: number | null = null;
    for (const e of this.entries.values()) if (e.phase === "provisioning" && (next === null || e.nextPollAt < next)) next = e.nextPollAt;
    return next;
  }

  /** The URL monitoring the operation this run started on the resource (for its failure's error), if known. */
  operationUrl(id: string): string | undefined {
    return this.entry(id).operation;
  }

  duePolls(nowMs: number): PlannedResource[] {
    return [...this.entries.values()].filter((e) => e.phase === "provisioning" && e.nextPollAt <= nowMs).map((e) => e.resource);
  }

  recordPoll(id: string, read: ProvisioningRead, nowMs: number): void {
    const e = this.entry(id);
    const state = read.provisioningState.toLowerCase();
    if (state === this.doneState.toLowerCase()) {
      e.phase = e.applyAfter ? "pending" : "succeeded";
      e.applyAfter = false;
      return;
    }
    if (state === "deleted" && this.doneState === "Succeeded") {
      // Gone while we waited (deleted out of band, or a PUT Azure dropped): write it again.
      if (e.reapplies++ < MAX_REAPPLIES) {
        e.phase = "pending";
        return;
      }
      e.phase = "failed";
      e.error = { code: "ResourceNotFound", message: `${e.resource.name} disappeared while provisioning, ${MAX_REAPPLIES} times` };
      return;
    }
    if (state === "failed" || state === "canceled") {
      const error = read.error ?? { code: "ProvisioningFailed", message: `${e.resource.name} ended ${read.provisioningState}` };
      if (REAPPLY_CODES.has(error.code) && e.reapplies < MAX_REAPPLIES) {
        e.reapplies++;
        e.phase = "pending";
        return;
      }
      e.phase = "failed";
      e.error = error;
      return;
    }
    e.polls++;
    const typical = TYPICAL_SECONDS[e.resource.type];
    const base = Math.max(5, 0.025 * typical);
    const cap = Math.max(30, 0.1 * typical);
    e.nextPollAt = pollTime(nowMs, Math.min(cap, base * 1.5 ** (e.polls - 1)));
  }

  /** Provisioning resources past their type's deadline. */
  overdue(nowMs: number): PlannedResource[] {
    return [...this.entries.values()]
      .filter((e) => e.phase === "provisioning" && nowMs - e.startedAt > deadlineSeconds(e.resource.type) * 1000)
      .map((e) => e.resource);
  }

  markFailed(id: string, error: ArmErrorInfo): void {
    const e = this.entry(id);
    e.phase = "failed";
    e.error = error;
  }

  allSucceeded(): boolean {
    return [...this.entries.values()].every((e) => e.phase === "succeeded");
  }

  failures(): Array<{ id: string; error: ArmErrorInfo }> {
    return [...this.entries.values()].filter((e) => e.phase === "failed").map((e) => ({ id: e.resource.id, error: e.error! }));
  }

  /** Why some resources were left alone (e.g. not owned by this deployment). */
  skipped(): Array<{ id: string; note: string }> {
    return [...this.notes];
  }

  /** Writes this run made (PUTs or DELETEs that were not skipped). */
  writes(): number {
    return [...this.entries.values()].reduce((n, e) => n + e.writes, 0);
  }

  snapshot(nowMs: number): ProgressSnapshot {
    const byPhase: Record<Phase, number> = { pending: 0, applying: 0, provisioning: 0, succeeded: 0, failed: 0 };
    for (const e of this.entries.values()) byPhase[e.phase]++;
    return {
      total: this.entries.size,
      byPhase,
      provisioning: [...this.entries.values()]
        .filter((e) => e.phase === "provisioning")
        .map((e) => ({ name: e.resource.name, type: e.resource.type, seconds: Math.round((nowMs - e.startedAt) / 1000) })),
      failed: this.failures(),
    };
  }

  private entry(id: string): Entry {
    const e = this.entries.get(id);
    if (!e) throw new Error(`resource ${id} is not in the plan`);
    return e;
  }
}
