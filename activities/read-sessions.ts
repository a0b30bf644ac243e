// readSessions: the live BGP picture the deploy verifies and the health check
// reads: the gateway's BGP peers and learned routes, each connection's
// tunnels, and each Route Server peering's per-instance learned routes.
import type { ReadSessionsInput, ReadSessionsOutput } from "./contracts.js";
import type { ObservedNetwork } from "../shared/health/bgp-assessment.js";
import { azureTarget } from "./azure-target.js";
import { isNotFound } from "./arm/arm-errors.js";
import { parseResourceId } from "./arm/resource-id.js";

/** A health check runs exactly when things may be gone: a missing resource reads as absent, not as an error. */
async function orNull<T>(p: Promise<T>): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    if (isNotFound(e)) return null;
    throw e;
  }
}

/** Route Server keys its per-instance route lists RouteServiceRole_IN_<i>, i = index in virtualRouterIps (ARM-FACTS §2.1). */
const roleOf = (i: number) => `RouteServiceRole_IN_${i}`;

export async function readSessions(input: ReadSessionsInput): Promise<ReadSessionsOutput> {
  const t = azureTarget();
  const sub = (id: string) => parseResourceId(id.replace("{{subscriptionId}}", t.subscriptionId));
  const gw = sub(input.gatewayId);
  const rg = gw.resourceGroup;

  const empty: ObservedNetwork = { gatewayPeers: [], tunnels: [], routeServerPeers: [], gatewayLearned: [], routeServerLearned: {} };
  const gateway = await orNull(t.network.virtualNetworkGateways.get(rg, gw.name));
  if (!gateway) return { network: empty, routerIps: [] };
  const [peers, learned, found] = await Promise.all([
    t.network.virtualNetworkGateways.getBgpPeerStatus(rg, gw.name),
    t.network.virtualNetworkGateways.getLearnedRoutes(rg, gw.name),
    Promise.all(input.connections.map(async (c) => ({ name: c.name, connection: await orNull(t.network.virtualNetworkGatewayConnections.get(rg, c.name)) }))),
  ]);
  const connections = found.filter((c) => c.connection !== null);

  // Which instance a tunnel belongs to: the entry naming that instance's public IP.
  const instanceIps = (gateway.bgpSettings?.bgpPeeringAddresses ?? []).map((a) => a.tunnelIpAddresses ?? []);
  const instanceOf = (tunnel: string, index: number): 0 | 1 => {
    const i = instanceIps.findIndex((ips) => ips.some((ip) => ip && tunnel.includes(ip)));
    return (i === 1 ? 1 : i === 0 ? 0 : index === 1 ? 1 : 0) as 0 | 1;
  };

  const network: ObservedNetwork = {
    gatewayPeers: (peers.value ?? []).map((p) => ({
      localAddress: p.localAddress ?? "",
      neighbor: p.neighbor ?? "",
      asn: p.asn ?? 0,
      state: p.state ?? "Unknown",
      routesReceived: p.routesReceived,
    })),
    tunnels: connections.flatMap((c) =>
      (c.connection!.tunnelConnectionStatus ?? []).map((tun, i) => ({
        connection: c.name,
        instance: instanceOf(tun.tunnel ?? "", i),
        state: tun.connectionStatus ?? "Unknown",
      })),
    ),
    routeServerPeers: [],
    gatewayLearned: [...new Set((learned.value ?? []).filter((r) => r.origin === "EBgp").map((r) => r.network ?? ""))],
    routeServerLearned: {},
  };

  let routerIps: string[] = [];
  if (input.routeServer) {
    const hub = sub(input.routeServer.hubId);
    routerIps = (await orNull(t.network.virtualHubs.get(rg, hub.name)))?.virtualRouterIps ?? [];
    const peerings = await Promise.all(
      input.routeServer.bgpConnectionIds.map(async (id) => {
        const name = sub(id).childName!;
        const conn = routerIps.length ? await orNull(t.network.virtualHubBgpConnection.get(rg, hub.name, name)) : null;
        if (!conn) return null;
        const routes = await t.network.virtualHubBgpConnections.listLearnedRoutes(rg, hub.name, name);
        return { conn, routes: routes as Record<string, Array<{ network?: string }>> };
      }),
    );
    for (const peering of peerings) {
      if (!peering) continue;
      const { conn, routes } = peering;
      const peerIp = conn.peerIp ?? "";
      network.routeServerLearned[peerIp] = [...new Set(Object.values(routes).flat().map((r) => r.network ?? ""))];
      routerIps.forEach((routerIp, i) => {
        // ARM reports one connectionState per peering; an instance's session is
        // taken as established when that instance has learned routes from the peer.
        const viaThisInstance = (routes[roleOf(i)] ?? []).length > 0;
        const state = viaThisInstance ? "Connected" : conn.connectionState === "Connected" ? "Connecting" : conn.connectionState ?? "Unknown";
        network.routeServerPeers.push({ peerIp, routerIp, state });
      });
    }
  }
  return { network, routerIps };
}
