// What a run cost the traffic, from a resource group's session timeline
// (timeline.ts) over a window of simulated time. Pure: the same timeline and
// window give the same figures.
//
// - secondsWithoutPath: seconds during which some expected prefix had, on
//   its Azure side (gateway or Route Server), no Connected session through an
//   NVA able to forward it.
// - secondsBlackholed: seconds during which the gateway or Route Server still
//   routed some prefix into an NVA that could not forward it.
// - secondsDegraded: seconds with fewer BGP sessions (gateway + Route Server)
//   Connected than the steady state.
// - minGatewaySessionsUp: the fewest gateway BGP sessions Connected at once.
//
// By default the expected prefixes and the steady session count are what the
// timeline showed just before the window (the topology before the change; the
// first snapshot when the window starts before any); a caller that changes
// which prefixes are advertised passes its own.
import type { PathSnapshot } from "./timeline.js";

export interface DisruptionWindow {
  /** Simulated ms (the emulator clock's timeline), inclusive. */
  from: number;
  /** Simulated ms, exclusive. */
  to: number;
}

export interface DisruptionBaseline {
  /** Prefixes each side must always have a path for. */
  expected?: { gateway: string[]; routeServer: string[] };
  /** Gateway + Route Server sessions Connected in the steady state. */
  steadySessions?: number;
}

export interface Disruption {
  secondsWithoutPath: number;
  secondsBlackholed: number;
  secondsDegraded: number;
  minGatewaySessionsUp: number;
}

export function computeDisruption(timeline: { snapshots: readonly PathSnapshot[] }, window: DisruptionWindow, baseline: DisruptionBaseline = {}): Disruption {
  const snapshots = [...timeline.snapshots].sort((a, b) => a.at - b.at);
  const inForceAt = (t: number) => {
    let current: PathSnapshot | undefined;
    for (const s of snapshots) if (s.at <= t) current = s;
    return current;
  };
  const start = inForceAt(window.from);
  const before = inForceAt(window.from - 1) ?? start;
  const expected = baseline.expected ?? { gateway: Object.keys(before?.gateway ?? {}), routeServer: Object.keys(before?.routeServer ?? {}) };
  const steadySessions = baseline.steadySessions ?? (before ? before.gatewaySessionsUp + before.routeServerSessionsUp : 0);

  const out: Disruption = { secondsWithoutPath: 0, secondsBlackholed: 0, secondsDegraded: 0, minGatewaySessionsUp: start?.gatewaySessionsUp ?? 0 };
  if (!(window.to > window.from)) return out;
  // Piecewise constant: each snapshot holds from its time to the next one's.
  const segments: { from: number; to: number; s: PathSnapshot | undefined }[] = [];
  const inside = snapshots.filter((s) => s.at > window.from && s.at < window.to);
  let cursor = window.from;
  let current = start;
  for (const s of inside) {
    segments.push({ from: cursor, to: s.at, s: current });
    cursor = s.at;
    current = s;
  }
  segments.push({ from: cursor, to: window.to, s: current });

  let withoutPath = 0;
  let blackholed = 0;
  let degraded = 0;
  let minUp = Number.POSITIVE_INFINITY;
  for (const { from, to, s } of segments) {
    const ms = to - from;
    const gatewayUp = s?.gatewaySessionsUp ?? 0;
    const sessionsUp = gatewayUp + (s?.routeServerSessionsUp ?? 0);
    minUp = Math.min(minUp, gatewayUp);
    if (ms <= 0) continue;
    const missing = expected.gateway.some((p) => !s?.gateway[p]?.length) || expected.routeServer.some((p) => !s?.routeServer[p]?.length);
    if (missing) withoutPath += ms;
    if ((s?.blackholed.length ?? 0) > 0) blackholed += ms;
    if (sessionsUp < steadySessions) degraded += ms;
  }
  out.secondsWithoutPath = withoutPath / 1000;
  out.secondsBlackholed = blackholed / 1000;
  out.secondsDegraded = degraded / 1000;
  out.minGatewaySessionsUp = Number.isFinite(minUp) ? minUp : 0;
  return out;
}
