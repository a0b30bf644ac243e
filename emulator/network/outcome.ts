// The network model's entry point: from the stored resources and the NVAs'
// IOS configurations to what Azure would report — tunnels, BGP sessions and
// routes. Pure and deterministic; it describes the steady state (see
// convergence.ts for how that state is reached over time).
import { evaluateGatewaySessions } from "./gateway-sessions.js";
import { readConnections, readGateways } from "./gateway-view.js";
import { idKey, Inventory } from "./inventory.js";
import { buildNvas, type Nva } from "./nva.js";
import { evaluateRouteServerSessions, readRouteServers } from "./route-server-sessions.js";
import { applyRoutes, buildBgpTopology } from "./routes.js";
import { evaluateTunnels } from "./tunnels.js";
import type { NetworkInputs, NetworkState, TunnelState } from "./types.js";

export function computeNetworkState(inputs: NetworkInputs): NetworkState {
  const inventory = new Inventory(inputs.resources);
  const nvas = buildNvas(inventory, inputs);
  const gateways = readGateways(inventory);
  const tunnels = gateways.flatMap((g) => evaluateTunnels(inventory, nvas, g, readConnections(inventory, g)));

  // An IPsec VTI's line protocol is up only while its SA is: static routes
  // through a down tunnel leave the RIB.
  const upTunnelInterfaces = new Map<string, Set<string>>();
  for (const t of tunnels) {
    if (t.outcome.state !== "Connected" || !t.nva || !t.nvaInterface) continue;
    const set = upTunnelInterfaces.get(idKey(t.nva.vmId)) ?? new Set<string>();
    set.add(t.nvaInterface);
    upTunnelInterfaces.set(idKey(t.nva.vmId), set);
  }
  const upTunnels = (nva: Nva): Set<string> => upTunnelInterfaces.get(idKey(nva.vmId)) ?? new Set();

  const gatewaySessions = evaluateGatewaySessions(tunnels, upTunnels);
  const routeServerSessions = evaluateRouteServerSessions(inventory, nvas, readRouteServers(inventory), upTunnels);

  const state: NetworkState = {
    tunnels: tunnels.map((t) => t.outcome),
    gatewayPeers: gatewaySessions.map((s) => s.outcome),
    routeServerPeers: routeServerSessions.map((s) => s.outcome),
    gatewayLearnedRoutes: {},
    gatewayAdvertisedRoutes: {},
    routeServerLearnedRoutes: {},
    routeServerAdvertisedRoutes: {},
    stoppedVms: nvas.filter((n) => !n.running).map((n) => n.vmId),
    vmIds: nvas.map((n) => n.vmId),
    bgpTopology: buildBgpTopology(gateways, gatewaySessions, routeServerSessions, nvas, upTunnels),
  };
  return applyRoutes(state);
}

/** Connection-level status as ARM shows it: Connected while at least one instance tunnel is up (active-active keeps the connection up on one tunnel). */
export function connectionStatus(state: NetworkState, connectionId: string): { connectionStatus: TunnelState; tunnels: { instance: 0 | 1; state: TunnelState }[] } {
  const tunnels = state.tunnels.filter((t) => idKey(t.connectionId) === idKey(connectionId)).map((t) => ({ instance: t.instance, state: t.state }));
  const up = tunnels.filter((t) => t.state === "Connected").length;
  const status: TunnelState = tunnels.length === 0 ? "Unknown" : up > 0 ? "Connected" : tunnels.some((t) => t.state === "Connecting") ? "Connecting" : "NotConnected";
  return { connectionStatus: status, tunnels };
}

/** bgpConnection connectionState as ARM shows it: Connected when the NVA peers with both Route Server instances. */
export function bgpConnectionState(state: NetworkState, bgpConnectionId: string): "Unknown" | "Connecting" | "Connected" | "NotConnected" {
  const peers = state.routeServerPeers.filter((p) => idKey(p.bgpConnectionId) === idKey(bgpConnectionId));
  if (peers.length === 0) return "Unknown";
  const up = peers.filter((p) => p.state === "Connected").length;
  return up === peers.length ? "Connected" : up > 0 ? "Connecting" : "NotConnected";
}
