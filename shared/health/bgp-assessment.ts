// What the plan expects of the network against what Azure reports: every
// gateway BGP session (2 per NVA), every Route Server session (2 per NVA),
// the tunnels under them, and the routes each side must learn. A session that
// is not Connected comes with the likely cause an engineer would check first.
import type { Plan } from "../plan/types.js";

export type SessionState = "Connected" | "Connecting" | "Idle" | "Stopped" | "Unknown" | "NotConnected" | "Missing";

/** What the read activity gathers from Azure (getBgpPeerStatus, connections, Route Server peers, routes). */
export interface ObservedNetwork {
  gatewayPeers: Array<{ localAddress: string; neighbor: string; asn: number; state: string; routesReceived?: number }>;
  /** Per connection and gateway instance, from the connection's tunnelConnectionStatus. */
  tunnels: Array<{ connection: string; instance: 0 | 1; state: string }>;
  routeServerPeers: Array<{ peerIp: string; routerIp: string; state: string }>;
  /** Prefixes the gateway learned over BGP (origin EBgp). */
  gatewayLearned: string[];
  /** Prefixes Route Server learned, per peer IP. */
  routeServerLearned: Record<string, string[]>;
}

export interface GatewaySessionRow {
  nva: string;
  instance: 0 | 1;
  localAddress: string;
  neighbor: string;
  asn: number;
  state: SessionState;
  tunnel: string;
}

export interface RouteServerSessionRow {
  nva: string;
  peerIp: string;
  routerIp: string;
  state: SessionState;
}

export interface Problem {
  session: string;
  state: SessionState;
  likelyCause: string;
}

export interface BgpAssessment {
  healthy: boolean;
  gateway: GatewaySessionRow[];
  routeServer: RouteServerSessionRow[];
  missingRoutes: Array<{ where: string; prefix: string }>;
  problems: Problem[];
}

const asState = (s: string | undefined): SessionState =>
  s === undefined ? "Missing" : (["Connected", "Connecting", "Idle", "Stopped", "Unknown", "NotConnected"].includes(s) ? s : "Unknown") as SessionState;

export function assessBgp(plan: Plan, observed: ObservedNetwork, routerIps: string[]): BgpAssessment {
  const t = plan.topology;
  const problems: Problem[] = [];
  const missingRoutes: BgpAssessment["missingRoutes"] = [];

  const gateway: GatewaySessionRow[] = plan.apipa.map((row) => {
    const nva = t.nvas.find((n) => n.name === row.nva)!;
    const peer = observed.gatewayPeers.find((p) => p.localAddress === row.gatewayBgpIp && p.neighbor === row.nvaBgpIp);
    const state = asState(peer?.state);
    const tunnel = asState(observed.tunnels.find((x) => x.connection === row.connection && x.instance === row.gatewayInstance)?.state);
    if (state !== "Connected") {
      const session = `gateway instance ${row.gatewayInstance} ${row.gatewayBgpIp} ⇄ ${row.nva} ${row.nvaBgpIp}`;
      let likelyCause: string;
      if (state === "Missing") {
        likelyCause = `the gateway lists no such peer: check ${row.connection} gatewayCustomBgpIpAddresses and instance ${row.gatewayInstance}'s custom APIPA list`;
      } else if (tunnel !== "Connected") {
        likelyCause = `tunnel ${row.connection} to instance ${row.gatewayInstance} is ${tunnel}: check the PSK on both sides, the IKE/IPsec policy, the NSG (UDP 500/4500) and that ${row.nva} is running`;
      } else {
        likelyCause = `tunnel up but BGP ${state}: on ${row.nva} check the /32 route to ${row.gatewayBgpIp} via ${row.tunnel}, neighbor remote-as ${t.gateway.asn}, update-source Loopback0 and ebgp-multihop`;
      }
      problems.push({ session, state, likelyCause });
    }
    return { nva: row.nva, instance: row.gatewayInstance, localAddress: row.gatewayBgpIp, neighbor: row.nvaBgpIp, asn: nva.asn, state, tunnel: row.tunnel };
  });

  const routeServer: RouteServerSessionRow[] = t.routeServer
    ? t.nvas.flatMap((nva) =>
        routerIps.map((routerIp) => {
          const state = asState(observed.routeServerPeers.find((p) => p.peerIp === nva.insideIp && p.routerIp === routerIp)?.state);
          if (state !== "Connected") {
            problems.push({
              session: `Route Server ${routerIp} ⇄ ${nva.name} ${nva.insideIp}`,
              state,
              likelyCause: `on ${nva.name} check neighbor ${routerIp} remote-as 65515 with ebgp-multihop, and the route to RouteServerSubnet via GigabitEthernet2; the bgpConnection must name peer ${nva.insideIp} ASN ${nva.asn}`,
            });
          }
          return { nva: nva.name, peerIp: nva.insideIp, routerIp, state };
        }),
      )
    : [];

  for (const prefix of t.advertise.provider) {
    if (!observed.gatewayLearned.includes(prefix)) missingRoutes.push({ where: `gateway ${t.gateway.name}`, prefix });
  }
  if (t.routeServer) {
    for (const nva of t.nvas) {
      for (const prefix of t.advertise.client) {
        if (!(observed.routeServerLearned[nva.insideIp] ?? []).includes(prefix)) {
          missingRoutes.push({ where: `Route Server from ${nva.name}`, prefix });
        }
      }
    }
  }

  return { healthy: problems.length === 0 && missingRoutes.length === 0, gateway, routeServer, missingRoutes, problems };
}
