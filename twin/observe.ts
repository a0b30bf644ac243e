// The twin's network read back from its daemons, in the shape the health
// code reads from Azure (ObservedNetwork), so the twin's answer goes through
// the same assessment as a deploy's: tunnels from each gateway instance's
// strongSwan SAs, sessions and learned prefixes from FRR's JSON.
import type { ObservedNetwork } from "../shared/health/bgp-assessment.js";
import type { Plan } from "../shared/plan/types.js";
import type { TwinAddresses } from "./addresses.js";
import type { TwinHost } from "./host.js";

interface FrrSummary {
  peers?: Record<string, { state?: string; pfxRcd?: number }>;
}
interface FrrRoutes {
  routes?: Record<string, Array<{ peerId?: string }>>;
}

/** FRR's BGP FSM state in Azure's words (getBgpPeerStatus). */
export function azureState(frr: string | undefined): string {
  if (frr === "Established") return "Connected";
  if (frr === undefined || frr === "Idle" || frr.startsWith("Idle")) return "Idle";
  return "Connecting";
}

/** Connections with an established IKE SA and an installed child, from `swanctl --list-sas --raw` ("list-sa event {<name> {...}}", one IKE SA per line). */
export function installedChildren(raw: string): Set<string> {
  const up = new Set<string>();
  for (const line of raw.split("\n")) {
    const name = /^list-sa event \{(\S+) \{/.exec(line)?.[1];
    if (name && /state=ESTABLISHED/.test(line) && /child-sas \{.*state=INSTALLED/.test(line)) up.add(name);
  }
  return up;
}

export function observeTwin(host: TwinHost, plan: Plan, addr: TwinAddresses): ObservedNetwork {
  const t = plan.topology;
  const observed: ObservedNetwork = { gatewayPeers: [], tunnels: [], routeServerPeers: [], gatewayLearned: [], routeServerLearned: {} };
  const learned = new Set<string>();
  for (const i of [0, 1] as const) {
    const ns = `gw${i}`;
    const summary = host.vtyJson<FrrSummary>(ns, "show bgp ipv4 unicast summary json") ?? {};
    let sas = new Set<string>();
    try {
      sas = installedChildren(host.swanctl(ns, "--list-sas", "--raw"));
    } catch {
      /* charon gone: every tunnel is down */
    }
    for (const n of t.nvas) {
      const peer = summary.peers?.[n.loopbackIp];
      observed.gatewayPeers.push({ localAddress: n.gatewayBgpIps[i], neighbor: n.loopbackIp, asn: n.asn, state: azureState(peer?.state), routesReceived: peer?.pfxRcd ?? 0 });
      observed.tunnels.push({ connection: n.connectionName, instance: i, state: sas.has(n.name) ? "Connected" : "NotConnected" });
    }
    const routes = host.vtyJson<FrrRoutes>(ns, "show bgp ipv4 unicast json")?.routes ?? {};
    const loopbacks = new Set(t.nvas.map((n) => n.loopbackIp));
    for (const [prefix, paths] of Object.entries(routes)) if (paths.some((p) => p.peerId && loopbacks.has(p.peerId))) learned.add(prefix);
  }
  observed.gatewayLearned = [...learned].sort();
  addr.routerIps.forEach((routerIp, j) => {
    const ns = `rs${j}`;
    const summary = host.vtyJson<FrrSummary>(ns, "show bgp ipv4 unicast summary json") ?? {};
    const routes = host.vtyJson<FrrRoutes>(ns, "show bgp ipv4 unicast json")?.routes ?? {};
    for (const n of t.nvas) {
      observed.routeServerPeers.push({ peerIp: n.insideIp, routerIp, state: azureState(summary.peers?.[n.insideIp]?.state) });
      const fromPeer = Object.entries(routes).filter(([, paths]) => paths.some((p) => p.peerId === n.insideIp)).map(([prefix]) => prefix);
      observed.routeServerLearned[n.insideIp] = [...new Set([...(observed.routeServerLearned[n.insideIp] ?? []), ...fromPeer])].sort();
    }
  });
  return observed;
}
