// How fast the health fleet may read. ARM meters a subscription with token
// buckets (ARM-FACTS §3.3): reads refill at 25/s, writes at 10/s, per
// subscription and principal. A health check spends both (lists and GETs are
// reads; getBgpPeerStatus and the route listings are POST actions, so
// writes). The fleet paces each batch to a share of the refill rate, so that
// its checks are rarely throttled and deploys, remediations and people
// working in the same subscription keep the rest.
export interface FleetPacing {
  /** Checks in flight at once. */
  concurrency: number;
  /** Sustained ARM reads per second the fleet may spend. */
  readsPerSecond: number;
  /** Sustained ARM writes (POST actions) per second the fleet may spend. */
  writesPerSecond: number;
}

const ARM_READ_REFILL_PER_SECOND = 25;
const ARM_WRITE_REFILL_PER_SECOND = 10;
const FLEET_SHARE = 0.8;

export const DEFAULT_FLEET_PACING: FleetPacing = {
  concurrency: 10,
  readsPerSecond: ARM_READ_REFILL_PER_SECOND * FLEET_SHARE,
  writesPerSecond: ARM_WRITE_REFILL_PER_SECOND * FLEET_SHARE,
};

export interface RequestCount {
  reads: number;
  writes: number;
}

/** The shortest time in which `spent` requests stay within the pace: the next batch starts no sooner. */
export function batchSeconds(spent: RequestCount, pacing: FleetPacing): number {
  return Math.max(spent.reads / pacing.readsPerSecond, spent.writes / pacing.writesPerSecond);
}
