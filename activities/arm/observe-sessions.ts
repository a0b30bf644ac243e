// The live BGP picture of one deployment, from what ARM reports: the
// gateway's BGP peers and learned routes, each connection's tunnels, and each
// Route Server peering's per-instance learned routes. The resources
// themselves come from `sources` — fetched one GET at a time by readSessions
// (the deploy's verification), or taken from the resource-group lists the
// health check has already made, so a check does not read them twice.
import type { BgpConnection, VirtualHub, VirtualNetworkGateway, VirtualNetworkGatewayConnection } from "@azure/arm-network";
import type { ReadSessionsInput, ReadSessionsOutput } from "../contracts.js";
import type { ObservedNetwork } from "../../shared/health/bgp-assessment.js";
import type { AzureTarget } from "../azure-target.js";
import { probe, type RequestTally } from "./request-tally.js";
import { parseResourceId } from "./resource-id.js";

/** Where the deployment's gateway, connections, hub and peerings come from; null when absent. */
export interface SessionSources {
  gateway(name: string): Promise<VirtualNetworkGateway | null>;
  connection(name: string): Promise<VirtualNetworkGatewayConnection | null>;
  hub(name: string): Promise<VirtualHub | null>;
  bgpConnection(hubName: string, name: string): Promise<BgpConnection | null>;
}

/** Route Server keys its per-instance route lists RouteServiceRole_IN_<i>, i = index in virtualRouterIps (ARM-FACTS §2.1). */
const roleOf = (i: number) => `RouteServiceRole_IN_${i}`;

const EMPTY: ObservedNetwork = { gatewayPeers: [], tunnels: [], routeServerPeers: [], gatewayLearned: [], routeServerLearned: {} };

export async function observeSessions(t: AzureTarget, input: ReadSessionsInput, sources: SessionSources, tally: RequestTally): Promise<ReadSessionsOutput> {
  const sub = (id: string) => parseResourceId(id.replace("{{subscriptionId}}", t.subscriptionId));
  const gw = sub(input.gatewayId);
  const rg = gw.resourceGroup;

  const gateway = await sources.gateway(gw.name);
  if (!gateway) return { network: structuredClone(EMPTY), routerIps: [] };
  const [peers, learned, found] = await Promise.all([
    probe(tally, () => t.network.virtualNetworkGateways.getBgpPeerStatus(rg, gw.name)),
    probe(tally, () => t.network.virtualNetworkGateways.getLearnedRoutes(rg, gw.name)),
    Promise.all(input.connections.map(async (c) => ({ name: c.name, connection: await sources.connection(c.name) }))),
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
    routerIps = (await sources.hub(hub.name))?.virtualRouterIps ?? [];
    const peerings = await Promise.all(
      input.routeServer.bgpConnectionIds.map(async (id) => {
        const name = sub(id).childName!;
        const conn = routerIps.length ? await sources.bgpConnection(hub.name, name) : null;
        if (!conn) return null;
        const routes = await probe(tally, () => t.network.virtualHubBgpConnections.listLearnedRoutes(rg, hub.name, name));
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
