// The live state of each element the topology drawing shows — gateway
// instance, NVA, tunnel, gateway BGP session, Route Server session — folded
// from the latest health report onto the plan: up, down or unknown (no report
// yet, or Azure did not say), since when, and a short text that says it in
// words (the page never relies on colour alone). The element ids are the
// drawing's data-testid values, so the API, the SVG and the browser tests
// name an element the same way.
import type { SessionState } from "../health/bgp-assessment.js";
import type { HealthReport } from "../health/report.js";
import type { GatewaySessionState, RouteServerSessionState } from "../health/session-states.js";
import type { Plan } from "../plan/types.js";

export type LiveState = "up" | "down" | "unknown";
export type ElementKind = "gatewayInstance" | "nva" | "tunnel" | "gatewaySession" | "routeServerSession";

export interface ElementState {
  id: string;
  kind: ElementKind;
  state: LiveState;
  /** When it was first seen in this state (ISO), null when unknown. */
  since: string | null;
  /** The state in words, e.g. "BGP Connected" or "powered off (deallocated)". */
  detail: string;
  nva?: string;
  instance?: 0 | 1;
  routerIp?: string;
}

export const elementId = {
  gatewayInstance: (i: number) => `gateway-instance-${i}`,
  nva: (nva: string) => `nva-${nva}`,
  tunnel: (nva: string, i: number) => `tunnel-${nva}-${i}`,
  gatewaySession: (nva: string, i: number) => `gw-session-${nva}-${i}`,
  routeServerSession: (nva: string, routerIp: string) => `rs-session-${nva}-${routerIp}`,
};

/** Azure's session and tunnel states, in three: Connected is up, Unknown is unknown, anything else (Missing included) is down. */
export function liveOf(s: SessionState): LiveState {
  return s === "Connected" ? "up" : s === "Unknown" ? "unknown" : "down";
}

/** An element made of others (an NVA, a gateway instance): up when any part is up, down when every part is down. */
function rollUp(parts: Array<{ state: LiveState; since: string | null }>): { state: LiveState; since: string | null } {
  const pick = (state: LiveState) => {
    const in_ = parts.filter((p) => p.state === state);
    // The earliest since among the parts in that state: as long as the report knows it so.
    const since = in_.map((p) => p.since).filter((x): x is string => !!x).sort()[0] ?? null;
    return { state, since };
  };
  if (parts.some((p) => p.state === "up")) return pick("up");
  if (parts.length && parts.every((p) => p.state === "down")) return pick("down");
  return { state: "unknown", since: null };
}

/** Every element of the plan's drawing in its live state; all unknown without a report (or a report older than session tracking). */
export function topologyState(plan: Plan, report: HealthReport | null): ElementState[] {
  const sessions = report?.sessions ?? [];
  const gw = sessions.filter((s): s is GatewaySessionState => s.kind === "gateway");
  const rs = sessions.filter((s): s is RouteServerSessionState => s.kind === "routeServer");
  const out: ElementState[] = [];
  // A powered-off NVA answers nothing, but Azure keeps reporting its tunnels
  // (until Dead Peer Detection gives up) and BGP sessions (until the hold
  // timer expires) as Connected: shown as down from the power finding on, the
  // reported state kept in the words.
  const poweredOff = new Map(
    plan.topology.nvas.flatMap((nva) => {
      const f = report?.findings.find((x) => x.kind === "powerState" && x.resource.toLowerCase().endsWith(`/virtualmachines/${nva.name.toLowerCase()}`));
      return f ? [[nva.name, { since: f.since, power: String(f.actual) }] as const] : [];
    }),
  );
  const heldUp = (nva: string, reported: SessionState, since: string, what: string): Pick<ElementState, "state" | "since" | "detail"> => {
    const off = poweredOff.get(nva);
    if (!off || liveOf(reported) === "down") return { state: liveOf(reported), since, detail: `${what} ${reported}` };
    return { state: "down", since: off.since, detail: `${what} ${reported} as reported, but ${nva} is powered off (${off.power})` };
  };

  const gwSessions = plan.apipa.map((row) => {
    const s = gw.find((g) => g.nva === row.nva && g.instance === row.gatewayInstance);
    const session: ElementState = {
      id: elementId.gatewaySession(row.nva, row.gatewayInstance),
      kind: "gatewaySession",
      nva: row.nva,
      instance: row.gatewayInstance,
      ...(s ? heldUp(row.nva, s.state, s.since, "BGP") : { state: "unknown" as const, since: null, detail: "BGP not read yet" }),
    };
    const tunnel: ElementState = {
      id: elementId.tunnel(row.nva, row.gatewayInstance),
      kind: "tunnel",
      nva: row.nva,
      instance: row.gatewayInstance,
      ...(s ? heldUp(row.nva, s.tunnelState, s.tunnelSince, "IPsec") : { state: "unknown" as const, since: null, detail: "IPsec not read yet" }),
    };
    out.push(tunnel, session);
    return session;
  });

  const rsSessions = rs.map((s): ElementState => ({
    id: elementId.routeServerSession(s.nva, s.routerIp),
    kind: "routeServerSession",
    nva: s.nva,
    routerIp: s.routerIp,
    ...heldUp(s.nva, s.state, s.since, "BGP"),
  }));
  out.push(...rsSessions);

  for (const nva of plan.topology.nvas) {
    const power = poweredOff.get(nva.name);
    const parts = [...gwSessions, ...rsSessions].filter((s) => s.nva === nva.name);
    const rolled = power ? { state: "down" as const, since: power.since } : rollUp(parts);
    const up = parts.filter((p) => p.state === "up").length;
    const detail = power ? `powered off (${power.power})` : report?.sessions ? `${up} of ${parts.length} sessions up` : "not checked yet";
    out.push({ id: elementId.nva(nva.name), kind: "nva", nva: nva.name, ...rolled, detail });
  }

  plan.topology.gateway.instances.forEach((_, i) => {
    const parts = gwSessions.filter((s) => s.instance === i);
    const up = parts.filter((p) => p.state === "up").length;
    const rolled = rollUp(parts);
    out.push({ id: elementId.gatewayInstance(i), kind: "gatewayInstance", instance: i as 0 | 1, ...rolled, detail: report?.sessions ? `${up} of ${parts.length} BGP sessions up` : "not checked yet" });
  });
  return out;
}
