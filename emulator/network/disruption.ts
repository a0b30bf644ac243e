// What a run cost the traffic, from a resource group's session timeline
// (timeline.ts) over a window of simulated time. Pure: the same timeline and
// window give the same figures.
//
// - secondsWithoutPath: seconds during which some expected prefix had, on
//   its Azure side (gateway or Route Server), no Connected session through an
//   NVA able to forward it.
// - secondsBlackholed: seconds during which the gateway or Route Server still
//   routed some prefix into an NVA that could not forward it.
// - secondsDegraded: seconds during which some BGP session (gateway or Route
//   Server) that should be up was not Connected. A session should be up from
//   the moment it is Connected (already at the baseline, or for the first time
//   in the window: a new NVA's sessions count once they have come up, not
//   while they are being built) until the change deletes, on purpose, the
//   resource that carries it (its connection or Route Server peering, listed
//   in `retiring`). So removing an NVA costs nothing once it is drained, yet
//   its sessions dropping while Azure still has them configured (its VM gone
//   first) count, as they would on any BGP monitor; a session whose resource
//   is deleted and made again (a replacement) counts as down while it is gone.
//   Without `retiring`, every session gone counts as down until it is back.
// - minGatewaySessionsUp: the fewest gateway BGP sessions Connected at once.
//
// secondsWithoutPath and secondsBlackholed are the safety figures: they never
// excuse anything the change meant to do. By default the expected prefixes are
// what the timeline showed just before the window (the topology before the
// change; the first snapshot when the window starts before any); a caller that
// changes which prefixes are advertised passes its own.
import { sessionCarrier, type PathSnapshot, type SessionChange } from "./timeline.js";

export interface DisruptionWindow {
  /** Simulated ms (the emulator clock's timeline), inclusive. */
  from: number;
  /** Simulated ms, exclusive. */
  to: number;
}

export interface DisruptionBaseline {
  /** Prefixes each side must always have a path for. */
  expected?: { gateway: string[]; routeServer: string[] };
  /**
   * ARM ids of the resources the change deletes on purpose (a removed NVA's
   * connection and Route Server BGP connection): a session they carry stops
   * counting toward secondsDegraded once it is gone. Plain ids, so the
   * emulator never needs to know the plan that chose them.
   */
  retiring?: readonly string[];
}

export interface Disruption {
  secondsWithoutPath: number;
  secondsBlackholed: number;
  secondsDegraded: number;
  minGatewaySessionsUp: number;
}

export function computeDisruption(timeline: { snapshots: readonly PathSnapshot[]; changes: readonly SessionChange[] }, window: DisruptionWindow, baseline: DisruptionBaseline = {}): Disruption {
  const snapshots = [...timeline.snapshots].sort((a, b) => a.at - b.at);
  const inForceAt = (t: number) => {
    let current: PathSnapshot | undefined;
    for (const s of snapshots) if (s.at <= t) current = s;
    return current;
  };
  const start = inForceAt(window.from);
  const before = inForceAt(window.from - 1) ?? start;
  const expected = baseline.expected ?? { gateway: Object.keys(before?.gateway ?? {}), routeServer: Object.keys(before?.routeServer ?? {}) };
  const retiring = new Set((baseline.retiring ?? []).map((id) => id.toLowerCase()));

  const out: Disruption = { secondsWithoutPath: 0, secondsBlackholed: 0, secondsDegraded: 0, minGatewaySessionsUp: start?.gatewaySessionsUp ?? 0 };
  if (!(window.to > window.from)) return out;
  // Piecewise constant: each snapshot, and each session's state, holds from
  // its time to the next change.
  const sessionChanges = timeline.changes.filter((c) => c.kind !== "tunnel").sort((a, b) => a.at - b.at);
  const cuts = [...snapshots.map((s) => s.at), ...sessionChanges.map((c) => c.at)].filter((t) => t > window.from && t < window.to);
  const bounds = [...new Set([window.from, ...cuts, window.to])].sort((a, b) => a - b);

  // Each session's state as the changes replay, and the sessions that should be up.
  const state = new Map<string, string>();
  const shouldBeUp = new Set<string>();
  let next = 0;
  const replayUntil = (t: number, inclusive: boolean) => {
    for (; next < sessionChanges.length && (sessionChanges[next]!.at < t || (inclusive && sessionChanges[next]!.at === t)); next++) {
      const c = sessionChanges[next]!;
      const k = `${c.kind}|${c.key}`;
      state.set(k, c.state);
      if (c.state === "Connected") shouldBeUp.add(k);
      else if (c.state === "Removed" && retiring.has(sessionCarrier(c.key))) shouldBeUp.delete(k);
    }
  };
  // The baseline: the sessions Connected just before the window (not every one ever seen).
  replayUntil(window.from, false);
  for (const k of [...shouldBeUp]) if (state.get(k) !== "Connected") shouldBeUp.delete(k);

  let withoutPath = 0;
  let blackholed = 0;
  let degraded = 0;
  let minUp = Number.POSITIVE_INFINITY;
  let s = start;
  let snapshot = snapshots.findIndex((x) => x.at > window.from);
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = bounds[i]!;
    const ms = bounds[i + 1]! - from;
    for (; snapshot >= 0 && snapshot < snapshots.length && snapshots[snapshot]!.at <= from; snapshot++) s = snapshots[snapshot];
    replayUntil(from, true);
    minUp = Math.min(minUp, s?.gatewaySessionsUp ?? 0);
    const missing = expected.gateway.some((p) => !s?.gateway[p]?.length) || expected.routeServer.some((p) => !s?.routeServer[p]?.length);
    if (missing) withoutPath += ms;
    if ((s?.blackholed.length ?? 0) > 0) blackholed += ms;
    if ([...shouldBeUp].some((k) => state.get(k) !== "Connected")) degraded += ms;
  }
  out.secondsWithoutPath = withoutPath / 1000;
  out.secondsBlackholed = blackholed / 1000;
  out.secondsDegraded = degraded / 1000;
  out.minGatewaySessionsUp = Number.isFinite(minUp) ? minUp : 0;
  return out;
}
