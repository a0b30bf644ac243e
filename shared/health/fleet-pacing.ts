// How fast the health fleet may spend ARM requests. ARM meters each
// subscription with its own token buckets (ARM-FACTS §3.3, FLEET-HEALTH §1):
// reads hold 250 and refill at 25/s, writes hold 200 and refill at 10/s, per
// subscription and principal. A precise (tier 2) check spends both: lists,
// GETs and LRO polls are reads; getBgpPeerStatus and the route listings are
// POST actions, so writes. The fleet keeps to a share of each subscription's
// buckets, so that deploys, remediations and people working in the same
// subscription keep the rest — and a fleet spread over ten subscriptions is
// paced as ten, not as one.
export interface FleetPacing {
  /** Precise checks in flight at once, per subscription. */
  concurrency: number;
  /** Sustained ARM reads per second the fleet may spend, per subscription. */
  readsPerSecond: number;
  /** Sustained ARM writes (POST actions) per second the fleet may spend, per subscription. */
  writesPerSecond: number;
  /** The fleet's share of each subscription's read bucket (requests it may spend at once). */
  readBurst: number;
  /** The fleet's share of each subscription's write bucket. */
  writeBurst: number;
}

const ARM_READ_REFILL_PER_SECOND = 25;
const ARM_WRITE_REFILL_PER_SECOND = 10;
const ARM_READ_BUCKET = 250;
const ARM_WRITE_BUCKET = 200;
const FLEET_SHARE = 0.8;

export const DEFAULT_FLEET_PACING: FleetPacing = {
  concurrency: 10,
  readsPerSecond: ARM_READ_REFILL_PER_SECOND * FLEET_SHARE,
  writesPerSecond: ARM_WRITE_REFILL_PER_SECOND * FLEET_SHARE,
  readBurst: ARM_READ_BUCKET * FLEET_SHARE,
  writeBurst: ARM_WRITE_BUCKET * FLEET_SHARE,
};

export interface RequestCount {
  reads: number;
  writes: number;
}

/** The shortest time in which `spent` requests stay within the sustained pace (no burst). */
export function batchSeconds(spent: RequestCount, pacing: Pick<FleetPacing, "readsPerSecond" | "writesPerSecond">): number {
  return Math.max(spent.reads / pacing.readsPerSecond, spent.writes / pacing.writesPerSecond);
}

/**
 * The fleet's model of one subscription's token buckets: tokens left at
 * `at` (ms, orchestration time). Plain data, so it travels in the
 * orchestration's input across continueAsNew, and pure arithmetic, so the
 * orchestrator stays deterministic.
 */
export interface SubscriptionBuckets {
  reads: number;
  writes: number;
  at: number;
}

export type FleetBuckets = Record<string, SubscriptionBuckets>;

/** A subscription's buckets at `now`: full the first time it is seen, refilled since. */
export function bucketsAt(buckets: SubscriptionBuckets | undefined, now: number, pacing: FleetPacing): SubscriptionBuckets {
  if (!buckets) return { reads: pacing.readBurst, writes: pacing.writeBurst, at: now };
  const seconds = Math.max(0, now - buckets.at) / 1000;
  return {
    reads: Math.min(pacing.readBurst, buckets.reads + seconds * pacing.readsPerSecond),
    writes: Math.min(pacing.writeBurst, buckets.writes + seconds * pacing.writesPerSecond),
    at: Math.max(now, buckets.at),
  };
}

/** The buckets after `spent` (they may go below zero: requests already made are owed, and the next start waits for them). */
export function spend(buckets: SubscriptionBuckets, spent: RequestCount): SubscriptionBuckets {
  return { reads: buckets.reads - spent.reads, writes: buckets.writes - spent.writes, at: buckets.at };
}

/** How many checks costing `perCheck` each the buckets afford now (at most `concurrency`). */
export function affordable(buckets: SubscriptionBuckets, perCheck: RequestCount, concurrency: number): number {
  const by = (have: number, need: number) => (need <= 0 ? concurrency : Math.floor(have / need));
  return Math.max(0, Math.min(concurrency, by(buckets.reads, perCheck.reads), by(buckets.writes, perCheck.writes)));
}

/** When (ms) the buckets will afford one more check costing `perCheck`. */
export function readyAt(buckets: SubscriptionBuckets, perCheck: RequestCount, pacing: FleetPacing): number {
  const wait = (have: number, need: number, rate: number) => Math.max(0, (need - have) / rate);
  // A check dearer than the whole share waits for full buckets, never forever.
  const seconds = Math.max(
    wait(buckets.reads, Math.min(perCheck.reads, pacing.readBurst), pacing.readsPerSecond),
    wait(buckets.writes, Math.min(perCheck.writes, pacing.writeBurst), pacing.writesPerSecond),
  );
  return buckets.at + Math.ceil(seconds * 1000);
}

export interface PacedWork {
  deployment: string;
  subscriptionId: string;
}

export interface PacedBatch<T extends PacedWork> {
  /** What starts now: per subscription, as many as its buckets afford, at most `concurrency`. */
  batch: T[];
  /** The rest, in their order. */
  waiting: T[];
  /** Every subscription's buckets, refilled to `now`. */
  buckets: FleetBuckets;
  /** Nothing can start now: the earliest time (ms) something can. */
  wakeAt: number | null;
}

/**
 * The next batch of precise checks: each subscription's own buckets decide
 * how many of its deployments start now, so one busy subscription never
 * holds back another.
 */
export function nextBatch<T extends PacedWork>(queue: T[], buckets: FleetBuckets, now: number, perCheck: RequestCount, pacing: FleetPacing): PacedBatch<T> {
  const refilled: FleetBuckets = {};
  for (const [s, b] of Object.entries(buckets)) refilled[s] = bucketsAt(b, now, pacing);
  for (const w of queue) refilled[w.subscriptionId] ??= bucketsAt(undefined, now, pacing);
  const full = (b: SubscriptionBuckets) => b.reads >= pacing.readBurst && b.writes >= pacing.writeBurst;
  const allowance = new Map(Object.entries(refilled).map(([s, b]) => [s, Math.max(affordable(b, perCheck, pacing.concurrency), full(b) ? 1 : 0)]));
  const batch: T[] = [];
  const waiting: T[] = [];
  for (const w of queue) {
    const left = allowance.get(w.subscriptionId) ?? 0;
    if (left > 0) {
      batch.push(w);
      allowance.set(w.subscriptionId, left - 1);
    } else waiting.push(w);
  }
  let wakeAt: number | null = null;
  if (batch.length === 0 && waiting.length > 0) {
    const subs = new Set(waiting.map((w) => w.subscriptionId));
    wakeAt = Math.min(...[...subs].map((s) => readyAt(refilled[s]!, perCheck, pacing)));
  }
  return { batch, waiting, buckets: refilled, wakeAt };
}
