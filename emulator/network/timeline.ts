// A resource group's session timeline: every tunnel, gateway BGP and Route
// Server BGP state change as the convergence model reported it, and, each
// time it changes, which prefixes each Azure side (gateway, Route Server) has
// a Connected path for and which of those it routes into an NVA that cannot
// forward. It is the record the day-2 disruption figures are computed from
// (disruption.ts), so a run can be judged after the fact, not only sampled.
//
// Times are when the model was observed (any ARM read that needs the network,
// a control-API read, Emulator.networkState()): a change is stamped at the
// first observation that sees it.
import { idKey } from "./inventory.js";
import type { NetworkState } from "./types.js";

export type TimelineSessionKind = "tunnel" | "gateway" | "routeServer";

export interface SessionChange {
  at: number;
  kind: TimelineSessionKind;
  /** tunnel: connection|instance; gateway: connection|instance|neighbor; routeServer: bgpConnection|role. */
  key: string;
  /** The NVA at the far end (null when no VM holds the address any more). */
  vmId: string | null;
  /** The state before (null: the session is new) and after. */
  from: string | null;
  state: string;
}

export type AzureSide = "gateway" | "routeServer";

export interface BlackholedRoute {
  side: AzureSide;
  prefix: string;
  /** The NVA Azure routes the prefix to (null: its VM is gone). */
  vmId: string | null;
  why: string;
}

export interface PathSnapshot {
  at: number;
  tunnelsUp: number;
  gatewaySessionsUp: number;
  routeServerSessionsUp: number;
  /** prefix -> the NVAs (VM ids) over whose Connected sessions that side has learned it. */
  gateway: Record<string, string[]>;
  routeServer: Record<string, string[]>;
  /** Routes Azure still uses whose next hop cannot forward. */
  blackholed: BlackholedRoute[];
}

export interface ResourceGroupTimeline {
  resourceGroup: string;
  changes: SessionChange[];
  snapshots: PathSnapshot[];
}

/** Entries kept per list; the oldest go first (a long-lived standalone emulator must not grow without bound). */
const MAX_ENTRIES = 20_000;

const tunnelKey = (connectionId: string, instance: number) => `${idKey(connectionId)}|${instance}`;

/** The resource that carries a session (a SessionChange's key): its connection, or its Route Server BGP connection, as a lower-case ARM id. */
export const sessionCarrier = (key: string): string => key.split("|")[0]!;

export class SessionTimeline {
  private readonly last = new Map<string, string>();
  private lastSnapshot = "";
  readonly changes: SessionChange[] = [];
  readonly snapshots: PathSnapshot[] = [];

  constructor(readonly resourceGroup: string) {}

  /** Record what `observed` (the state reported at `at`) changed; `steady` says what can really forward. */
  record(steady: NetworkState, observed: NetworkState, at: number): void {
    const seen = new Set<string>();
    const note = (kind: TimelineSessionKind, key: string, vmId: string | null, state: string) => {
      const k = `${kind}|${key}`;
      seen.add(k);
      const from = this.last.get(k) ?? null;
      if (from === state) return;
      this.last.set(k, state);
      push(this.changes, { at, kind, key, vmId, from, state });
    };
    for (const t of observed.tunnels) note("tunnel", tunnelKey(t.connectionId, t.instance), t.vmId, t.state);
    for (const p of observed.gatewayPeers) note("gateway", `${tunnelKey(p.connectionId, p.instance)}|${p.neighbor}`, p.vmId, p.state);
    for (const p of observed.routeServerPeers) note("routeServer", `${idKey(p.bgpConnectionId)}|${p.role}`, p.vmId, p.state);
    for (const [k, state] of [...this.last]) {
      if (seen.has(k)) continue;
      // A session whose resource is gone: recorded as gone.
      this.last.delete(k);
      const [kind, ...key] = k.split("|");
      push(this.changes, { at, kind: kind as TimelineSessionKind, key: key.join("|"), vmId: null, from: state, state: "Removed" });
    }

    const snapshot = pathSnapshot(steady, observed, at);
    const { at: _at, ...content } = snapshot;
    const text = JSON.stringify(content);
    if (text === this.lastSnapshot) return;
    this.lastSnapshot = text;
    push(this.snapshots, snapshot);
  }

  toJSON(): ResourceGroupTimeline {
    return { resourceGroup: this.resourceGroup, changes: [...this.changes], snapshots: [...this.snapshots] };
  }
}

function push<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > MAX_ENTRIES) list.splice(0, list.length - MAX_ENTRIES);
}

/**
 * Paths and black holes at one moment. An NVA cannot forward when its VM is
 * not running (stopped, deallocated, starting) or gone; a gateway route
 * cannot be forwarded either when its tunnel is really down (the steady
 * state) while the gateway still reports the session up, waiting out DPD or
 * the hold timer.
 */
export function pathSnapshot(steady: NetworkState, observed: NetworkState, at: number): PathSnapshot {
  const stopped = new Set((steady.stoppedVms ?? []).map(idKey));
  const tunnelReallyUp = new Set(steady.tunnels.filter((t) => t.state === "Connected").map((t) => tunnelKey(t.connectionId, t.instance)));
  const vmProblem = (vmId: string | null): string | null => (vmId === null ? "its VM is gone" : stopped.has(idKey(vmId)) ? "its VM is not running" : null);
  const gateway: Record<string, Set<string>> = {};
  const routeServer: Record<string, Set<string>> = {};
  const blackholed: BlackholedRoute[] = [];
  const gatewayUp = observed.gatewayPeers.filter((p) => p.state === "Connected");
  const routeServerUp = observed.routeServerPeers.filter((p) => p.state === "Connected");
  for (const p of gatewayUp) {
    const why = vmProblem(p.vmId) ?? (tunnelReallyUp.has(tunnelKey(p.connectionId, p.instance)) ? null : "its tunnel is down; the session waits out its hold timer");
    for (const prefix of p.routesReceived) {
      if (why) blackholed.push({ side: "gateway", prefix, vmId: p.vmId, why });
      else (gateway[prefix] ??= new Set()).add(p.vmId ?? "");
    }
  }
  for (const p of routeServerUp) {
    const why = vmProblem(p.vmId);
    for (const prefix of p.routesReceived) {
      if (why) blackholed.push({ side: "routeServer", prefix, vmId: p.vmId, why });
      else (routeServer[prefix] ??= new Set()).add(p.vmId ?? "");
    }
  }
  const sorted = (m: Record<string, Set<string>>) => Object.fromEntries(Object.keys(m).sort().map((k) => [k, [...m[k]!].sort()]));
  const uniqueBlackholes = [...new Map(blackholed.map((b) => [`${b.side}|${b.prefix}|${b.vmId}`, b])).values()].sort((a, b) => `${a.side}|${a.prefix}|${a.vmId}`.localeCompare(`${b.side}|${b.prefix}|${b.vmId}`));
  return {
    at,
    tunnelsUp: observed.tunnels.filter((t) => t.state === "Connected").length,
    gatewaySessionsUp: gatewayUp.length,
    routeServerSessionsUp: routeServerUp.length,
    gateway: sorted(gateway),
    routeServer: sorted(routeServer),
    blackholed: uniqueBlackholes,
  };
}
