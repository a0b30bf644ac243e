// Every planned session as last read, with since-when: the operations page
// draws each tunnel and BGP session in its real state, so a health report
// keeps all of them, not only the ones in trouble (findings). "since" is when
// a session was first seen in its current state, carried from report to
// report while the state holds (carrySessionSince), so it says how long a
// session has been down (or up) as far as the health checks know.
import type { Plan } from "../plan/types.js";
import { assessBgp, type ObservedNetwork, type SessionState } from "./bgp-assessment.js";

export interface GatewaySessionState {
  kind: "gateway";
  nva: string;
  instance: 0 | 1;
  localAddress: string;
  neighbor: string;
  state: SessionState;
  since: string;
  /** The IPsec tunnel under the session (the connection's tunnelConnectionStatus for this instance). */
  tunnelState: SessionState;
  tunnelSince: string;
}

export interface RouteServerSessionState {
  kind: "routeServer";
  nva: string;
  peerIp: string;
  routerIp: string;
  state: SessionState;
  since: string;
}

export type SessionStateRow = GatewaySessionState | RouteServerSessionState;

const asState = (s: string | undefined): SessionState =>
  s === undefined ? "Missing" : (["Connected", "Connecting", "Idle", "Stopped", "Unknown", "NotConnected"].includes(s) ? s : "Unknown") as SessionState;

/** Each gateway and Route Server session the plan expects, in the state the network reports, seen at `at`. */
export function sessionStates(plan: Plan, network: ObservedNetwork, routerIps: string[], at: string): SessionStateRow[] {
  const bgp = assessBgp(plan, network, routerIps);
  const gateway: SessionStateRow[] = bgp.gateway.map((g) => {
    const row = plan.apipa.find((r) => r.nva === g.nva && r.gatewayInstance === g.instance)!;
    const tunnel = asState(network.tunnels.find((x) => x.connection === row.connection && x.instance === g.instance)?.state);
    return { kind: "gateway", nva: g.nva, instance: g.instance, localAddress: g.localAddress, neighbor: g.neighbor, state: g.state, since: at, tunnelState: tunnel, tunnelSince: at };
  });
  const routeServer: SessionStateRow[] = bgp.routeServer.map((r) => ({ kind: "routeServer", nva: r.nva, peerIp: r.peerIp, routerIp: r.routerIp, state: r.state, since: at }));
  return [...gateway, ...routeServer];
}

const keyOf = (s: SessionStateRow) => (s.kind === "gateway" ? `gateway|${s.nva}|${s.instance}` : `routeServer|${s.nva}|${s.routerIp}`);

/** Keep the since of each session (and tunnel) whose state is the same as in the previous report. */
export function carrySessionSince(previous: SessionStateRow[] | undefined, next: SessionStateRow[]): SessionStateRow[] {
  const earlier = new Map((previous ?? []).map((s) => [keyOf(s), s]));
  return next.map((s) => {
    const before = earlier.get(keyOf(s));
    if (!before || before.kind !== s.kind) return s;
    const since = before.state === s.state ? before.since : s.since;
    if (s.kind === "gateway" && before.kind === "gateway") return { ...s, since, tunnelSince: before.tunnelState === s.tunnelState ? before.tunnelSince : s.tunnelSince };
    return { ...s, since };
  });
}
