// Route Server sessions: each bgpConnection (one per NVA) peers with both
// Route Server instances (virtualRouterIps[0] = RouteServiceRole_IN_0,
// [1] = _IN_1). ARS accepts the session only from the bgpConnection's peerIp,
// so the NVA must reach the router IP out of the interface that holds that
// address, with eBGP multihop (ARS is never on the NVA's subnet).
import { MIN_MULTIHOP_TTL } from "./gateway-sessions.js";
import { effectiveNeighbor } from "./ios/bgp-neighbor.js";
import { describeState } from "./gateway-view.js";
import { Inventory, isSucceeded, TYPES } from "./inventory.js";
import { evaluateInbound, evaluateOutbound } from "./nsg.js";
import { findNvaByPrivateIp, forwardingTable, interfaceHolding, interfaceStates, type Nva, type NvaNic } from "./nva.js";
import type { RouteServerPeerOutcome, StoredResource } from "./types.js";

export const ROUTE_SERVER_ROLES = ["RouteServiceRole_IN_0", "RouteServiceRole_IN_1"] as const;
const ARS_ASN = 65515;
/** Route Server FAQ: 1,000 routes per BGP peer; a peer that advertises more is dropped (applied in routes.ts). */
export const ROUTE_SERVER_ROUTES_PER_PEER = 1000;

export interface RouteServerView {
  hub: StoredResource;
  asn: number;
  routerIps: string[];
  /** Address space of the VNet that holds RouteServerSubnet. */
  vnetPrefixes: string[];
  bgpConnections: StoredResource[];
  problems: string[];
}

export interface RouteServerSessionEvaluation {
  outcome: RouteServerPeerOutcome;
  routeServer: RouteServerView;
  bgpConnection: StoredResource;
  nva?: Nva;
}

export function readRouteServers(inventory: Inventory): RouteServerView[] {
  return inventory.ofType(TYPES.hub).map((hub) => {
    const problems: string[] = [];
    if (!isSucceeded(hub)) problems.push(`Route Server ${describeState(hub)}`);
    const routingState = hub.properties?.routingState;
    if (routingState === "Failed" || routingState === "Provisioning") problems.push(`Route Server ${hub.name} routingState is ${routingState}`);
    const ipConfigs = inventory.childrenOf(hub, TYPES.hubIpConfiguration, "ipConfigurations");
    if (ipConfigs.length === 0) problems.push(`Route Server ${hub.name} has no ipConfiguration`);
    for (const c of ipConfigs) if (!isSucceeded(c)) problems.push(`Route Server ipConfiguration ${describeState(c)}`);
    const subnetId = ipConfigs[0]?.properties?.subnet?.id;
    const routerIps: string[] = Array.isArray(hub.properties?.virtualRouterIps) ? hub.properties.virtualRouterIps.map(String) : [];
    if (routerIps.length < 2) problems.push(`Route Server ${hub.name} has no router IPs yet`);
    return {
      hub,
      asn: Number(hub.properties?.virtualRouterAsn ?? ARS_ASN),
      routerIps,
      vnetPrefixes: inventory.vnetAddressSpace(inventory.vnetOfSubnet(subnetId)),
      bgpConnections: inventory.childrenOf(hub, TYPES.hubBgpConnection, "bgpConnections"),
      problems,
    };
  });
}

export function evaluateRouteServerSessions(inventory: Inventory, nvas: Nva[], routeServers: RouteServerView[], upTunnels: (nva: Nva) => Set<string>): RouteServerSessionEvaluation[] {
  const out: RouteServerSessionEvaluation[] = [];
  for (const rs of routeServers) {
    for (const bgpConnection of rs.bgpConnections) {
      ROUTE_SERVER_ROLES.forEach((role, index) => {
        out.push(evaluateSession(inventory, nvas, rs, bgpConnection, role, rs.routerIps[index] ?? "", upTunnels));
      });
    }
  }
  return out;
}

function evaluateSession(inventory: Inventory, nvas: Nva[], rs: RouteServerView, bgpConnection: StoredResource, role: string, routerIp: string, upTunnels: (nva: Nva) => Set<string>): RouteServerSessionEvaluation {
  const reasons = [...rs.problems];
  if (!isSucceeded(bgpConnection)) reasons.push(`bgpConnection ${describeState(bgpConnection)}`);
  const peerIp = String(bgpConnection.properties?.peerIp ?? "");
  const peerAsn = Number(bgpConnection.properties?.peerAsn ?? 0);
  if (peerAsn === ARS_ASN || peerAsn === rs.asn) reasons.push(`bgpConnection ${bgpConnection.name} peerAsn ${peerAsn} is Route Server's own ASN`);
  const target = findNvaByPrivateIp(nvas, peerIp);
  if (!target) reasons.push(`no NVA NIC has private IP ${peerIp} (bgpConnection ${bgpConnection.name} peerIp)`);
  else {
    const { nva, nic } = target;
    if (!nva.running) reasons.push(nva.notRunningReason!);
    if (!nva.config) reasons.push(`${nva.name} has no day-0 configuration (customData is empty)`);
    else if (nva.running && routerIp) reasons.push(...checkNvaSide(nva, nic, rs, bgpConnection, peerIp, peerAsn, routerIp, role, upTunnels(nva)));
    if (nic.privateIp && routerIp) reasons.push(...checkNsgs(inventory, nva, nic, routerIp));
  }
  const outcome: RouteServerPeerOutcome = {
    hubId: rs.hub.id,
    bgpConnectionId: bgpConnection.id,
    peerIp,
    peerAsn,
    routerIp,
    role,
    vmId: target?.nva.vmId ?? null,
    state: reasons.length === 0 ? "Connected" : "Connecting",
    reasons,
    routesReceived: [],
  };
  return { outcome, routeServer: rs, bgpConnection, ...(target ? { nva: target.nva } : {}) };
}

function checkNvaSide(nva: Nva, nic: NvaNic, rs: RouteServerView, bgpConnection: StoredResource, peerIp: string, peerAsn: number, routerIp: string, role: string, up: Set<string>): string[] {
  const reasons: string[] = [];
  const config = nva.config!;
  const bgp = config.bgp;
  if (!bgp) return [`${nva.name} has no router bgp`];
  if (bgp.asn !== peerAsn) reasons.push(`${nva.name} runs BGP AS ${bgp.asn}, but bgpConnection ${bgpConnection.name} expects peerAsn ${peerAsn}`);

  const states = interfaceStates(nva, (name) => up.has(name));
  const holder = interfaceHolding(states, peerIp);
  if (!holder) {
    const hint = config.rejected.find((r) => r.text.includes(peerIp));
    reasons.push(`no interface on ${nva.name} holds ${peerIp}${hint ? ` (IOS rejected line ${hint.line} "${hint.text}": ${hint.reason})` : ""}`);
  } else if (holder.name !== nic.interfaceName) {
    reasons.push(`${nva.name} has ${peerIp} on ${holder.name}, but Azure delivers it to ${nic.interfaceName}`);
  } else if (!holder.up) {
    reasons.push(`${nva.name} ${holder.name} (${peerIp}) is down${config.interfaces.get(holder.name)?.shutdown === false ? "" : " (no \"no shutdown\")"}`);
  }

  const n = effectiveNeighbor(bgp, routerIp);
  if (!n) {
    reasons.push(`${nva.name} has no BGP neighbor ${routerIp} (Route Server ${role})`);
    return reasons;
  }
  if (n.remoteAs !== rs.asn) reasons.push(`${nva.name} neighbor ${routerIp} remote-as ${n.remoteAs ?? "(none)"}, but Route Server's ASN is ${rs.asn}`);
  if (n.shutdown) reasons.push(`${nva.name} neighbor ${routerIp} is shut down`);
  if (n.password) reasons.push(`${nva.name} neighbor ${routerIp} has a password; Route Server does not use MD5 authentication`);
  if (!n.activatedIpv4) reasons.push(`${nva.name} neighbor ${routerIp} is not activated for IPv4 unicast`);
  if (n.updateSource && n.updateSource !== nic.interfaceName) {
    reasons.push(`${nva.name} neighbor ${routerIp} update-source ${n.updateSource}, but Route Server only accepts the session from ${peerIp} (${nic.interfaceName})`);
  }
  const egress = forwardingTable(nva, states).lookup(routerIp);
  if (!egress) reasons.push(`${nva.name} has no route to ${routerIp}`);
  else {
    if (egress.interface !== nic.interfaceName) {
      reasons.push(`${nva.name} sends ${routerIp} out of ${egress.interface} (${egress.route.origin}), not out of ${nic.interfaceName} which holds ${peerIp}`);
    }
    const onConnectedSubnet = egress.route.source === "connected";
    if (!onConnectedSubnet && n.ebgpMultihop === undefined) {
      reasons.push(`${nva.name} neighbor ${routerIp} needs ebgp-multihop: Route Server is not on ${nva.name}'s subnet`);
    } else if (!onConnectedSubnet && n.ebgpMultihop! < MIN_MULTIHOP_TTL) {
      reasons.push(`${nva.name} neighbor ${routerIp} ebgp-multihop ${n.ebgpMultihop} is too small: Route Server is one routed hop away, which needs a TTL of at least ${MIN_MULTIHOP_TTL}`);
    }
  }
  return reasons;
}

const BGP_PORT = 179;

/**
 * BGP needs TCP 179 open one way or the other through the NSGs of the NVA's
 * NIC and subnet: the NVA's connection out to the router, or the router's in
 * to the NVA. NSGs are stateful, so the replies of either pass.
 */
function checkNsgs(inventory: Inventory, nva: Nva, nic: NvaNic, routerIp: string): string[] {
  const nvaIp = nic.privateIp!;
  const out = evaluateOutbound(inventory, nic.nsgIds, { protocol: "Tcp", sourceIp: nvaIp, destinationIp: routerIp, destinationPort: BGP_PORT }, nic.vnetPrefixes);
  const back = evaluateInbound(inventory, nic.nsgIds, { protocol: "Tcp", sourceIp: routerIp, destinationIp: nvaIp, destinationPort: BGP_PORT }, nic.vnetPrefixes);
  if (out.allowed || back.allowed) return [];
  return [`NSG ${out.decidedBy} blocks TCP ${BGP_PORT} from ${nva.name} (${nvaIp}) to Route Server ${routerIp}, and NSG ${back.decidedBy} blocks it the other way`];
}
