// The contract between the emulator's ARM store (emulator/arm) and its network
// model (emulator/network). The store hands over what it holds; the network
// model derives what Azure would report: tunnels, BGP sessions and routes.
import type { NeighborPolicy } from "./ios/route-policy.js";

/** A resource as the emulator stores it: wire JSON (nested `properties`), read-only fields filled in. */
export interface StoredResource {
  id: string;
  type: string;
  name: string;
  location?: string;
  tags?: Record<string, string>;
  /** Top-level extras such as `plan`, `zones`, `sku` where the type has them. */
  [extra: string]: unknown;
  properties: Record<string, any>;
}

/**
 * Everything the network model reads. The store keeps write-only values Azure
 * does not return on GET (VM osProfile.customData, connection sharedKey) in
 * `properties` as written; the network model reads them from there.
 */
export interface NetworkInputs {
  /** Every stored resource, child resources (subnets, hub ipConfigurations, bgpConnections) included as their own entries. */
  resources: StoredResource[];
  /** VM id (lower-case) -> power state; a VM missing here counts as running. */
  powerStates: Record<string, "running" | "stopped" | "deallocated" | "starting" | "stopping">;
}

export type BgpState = "Unknown" | "Stopped" | "Idle" | "Connecting" | "Connected";
export type TunnelState = "Unknown" | "Connecting" | "Connected" | "NotConnected";

export interface TunnelOutcome {
  gatewayId: string;
  instance: 0 | 1;
  connectionId: string;
  /** The NVA VM at the far end (the VM whose outside NIC holds the LNG's gatewayIpAddress), or null. */
  vmId: string | null;
  state: TunnelState;
  /** Why it is not Connected, in words an engineer would use (empty when Connected). */
  reasons: string[];
  /** The NVA tunnel interface that serves this gateway instance (e.g. "Tunnel101"), when the NVA has one. */
  nvaInterface?: string;
}

export interface GatewayPeerOutcome {
  gatewayId: string;
  instance: 0 | 1;
  /** The gateway's address for this session (a custom APIPA address). */
  localAddress: string;
  /** The NVA loopback (the LNG's bgpPeeringAddress). */
  neighbor: string;
  asn: number;
  connectionId: string;
  vmId: string | null;
  state: BgpState;
  reasons: string[];
  /** Prefixes this session delivers to the gateway. */
  routesReceived: string[];
}

export interface RouteServerPeerOutcome {
  hubId: string;
  bgpConnectionId: string;
  /** bgpConnection peerIp (NVA inside IP). */
  peerIp: string;
  peerAsn: number;
  /** The Route Server instance address (virtualRouterIps[i]). */
  routerIp: string;
  /** "RouteServiceRole_IN_0" / "_1", as ARS keys its route lists. */
  role: string;
  vmId: string | null;
  state: BgpState;
  reasons: string[];
  routesReceived: string[];
}

export interface RouteOutcome {
  network: string;
  nextHop: string;
  sourcePeer: string;
  asPath: string;
  origin: "Network" | "EBgp" | "IBgp" | "Igp";
  localAddress: string;
  weight: number;
}

export interface NetworkState {
  tunnels: TunnelOutcome[];
  gatewayPeers: GatewayPeerOutcome[];
  routeServerPeers: RouteServerPeerOutcome[];
  /** gateway id -> routes it learned (what getLearnedRoutes returns). */
  gatewayLearnedRoutes: Record<string, RouteOutcome[]>;
  /** gateway id -> peer address -> routes the gateway advertises to that peer (getAdvertisedRoutes?peer=). */
  gatewayAdvertisedRoutes: Record<string, Record<string, RouteOutcome[]>>;
  /** bgpConnection id -> routes Route Server learned from that peer, per role. */
  routeServerLearnedRoutes: Record<string, Record<string, RouteOutcome[]>>;
  /** bgpConnection id -> routes Route Server advertises to that peer, per role. */
  routeServerAdvertisedRoutes: Record<string, Record<string, RouteOutcome[]>>;
  /**
   * VM ids (as stored) of NVAs that are not running. A stopped NVA goes
   * silent rather than closing its sessions, which convergence.ts uses to
   * keep sessions up until DPD / the BGP hold timer notice.
   */
  stoppedVms?: string[];
  /** VM ids (as stored) of every VM the resource group holds: a peer whose VM is missing here was deleted, and is as silent as a stopped one. */
  vmIds?: string[];
  /** What the route computation ran on, so routes can be recomputed when only some sessions are up (convergence.ts). */
  bgpTopology?: BgpTopology;
  /**
   * VM id (as stored) -> the BGP routes that NVA installed (`show ip route
   * bgp`): not something Azure reports, but where multipath and fall-over
   * show, in the next hops the NVA sends traffic to.
   */
  nvaRoutes?: Record<string, NvaRoute[]>;
}

export interface NvaRoute {
  network: string;
  /** The peers the NVA forwards to: one, or up to maximum-paths equal paths. */
  nextHops: string[];
  asPath: string;
}

/** BGP speakers and the sessions between them, independent of which sessions are up. */
export interface BgpTopology {
  speakers: { key: string; asn: number; originated: string[]; maximumPaths?: number; vmId?: string }[];
  links: BgpTopologyLink[];
  /** gateway id -> the routes the gateway lists as its own (origin Network), one set per instance. */
  gatewayOwnRoutes: Record<string, RouteOutcome[]>;
}

export interface BgpTopologyLink {
  key: string;
  /** Which outcome list the session is in, and its index there. */
  kind: "gateway" | "routeServer";
  index: number;
  /** The Azure end (gateway or Route Server) and the NVA end. */
  azure: { speaker: string; address: string };
  /** `policy`: the NVA's settings for this neighbor (outbound/inbound filters, maximum-prefix, fall-over). */
  nva: { speaker: string; address: string; policy?: NeighborPolicy };
  /** Gateway sessions: false when the NVA keeps its side up until the hold timer after the tunnel drops (no working fall-over). */
  nvaDropsWithTunnel?: boolean;
}
