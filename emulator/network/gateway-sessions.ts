// The gateway's BGP sessions: one per connection per instance, from the
// custom APIPA address the connection selects for that instance to the LNG's
// BGP address (the NVA's loopback), carried by that instance's tunnel.
// Azure does not open BGP from an APIPA address, so the NVA must: it needs an
// active (not passive) neighbor, sourced from the loopback, allowed to be
// more than one hop away, and a route that sends the gateway's address
// through the right tunnel.
import { fallOverWhenTunnelDrops } from "./fall-over.js";
import { sessionLocalAddress } from "./gateway-view.js";
import { effectiveNeighbor } from "./ios/bgp-neighbor.js";
import type { InterfaceState } from "./ios/forwarding.js";
import { forwardingTable, interfaceHolding, interfaceStates, type Nva } from "./nva.js";
import { parseCidr, parseIpv4, prefixContains } from "./ipv4.js";
import type { TunnelEvaluation } from "./tunnels.js";
import type { GatewayPeerOutcome } from "./types.js";

const APIPA = parseCidr("169.254.0.0/16")!;
/** The TTL a session to a peer that is not on a connected subnet needs (the source loopback or the subnet router is one hop). */
export const MIN_MULTIHOP_TTL = 2;

export interface GatewaySessionEvaluation {
  outcome: GatewayPeerOutcome;
  tunnel: TunnelEvaluation;
}

/** `upTunnels(nva)` names the NVA's tunnel interfaces whose IPsec SA is up. */
export function evaluateGatewaySessions(tunnels: TunnelEvaluation[], upTunnels: (nva: Nva) => Set<string>): GatewaySessionEvaluation[] {
  return tunnels.map((tunnel) => ({ tunnel, outcome: evaluateSession(tunnel, upTunnels) }));
}

function evaluateSession(tunnel: TunnelEvaluation, upTunnels: (nva: Nva) => Set<string>): GatewayPeerOutcome {
  const { gateway, instance, connection, nva } = tunnel;
  const conn = connection.resource;
  const lngName = connection.localGateway?.name ?? "the local network gateway";
  const reasons: string[] = [];
  const local = sessionLocalAddress(connection, instance);
  const localAddress = local.address ?? "";
  const neighbor = connection.lngBgpAddress ?? "";
  const asn = connection.lngAsn ?? 0;

  if (!gateway.enableBgp) reasons.push(`gateway ${gateway.resource.name} has BGP disabled`);
  if (conn.properties.enableBgp !== true) reasons.push(`${conn.name} has enableBgp false`);
  if (!local.address) reasons.push(`${conn.name} selects no BGP address for gateway instance ${instance.index}, and the instance has no default BGP address`);
  else if (local.selectedCustom && !instance.customBgpIps.includes(localAddress)) {
    reasons.push(`${conn.name} selects ${localAddress} for gateway instance ${instance.index}, but that instance's custom BGP addresses are [${instance.customBgpIps.join(", ")}]`);
  }
  if (!neighbor) reasons.push(`${lngName} has no BGP peering address`);
  if (!asn) reasons.push(`${lngName} has no BGP ASN`);
  else if (asn === gateway.asn) reasons.push(`${lngName} ASN ${asn} equals the gateway's ASN; Azure peers with local network gateways over eBGP only`);
  if (tunnel.outcome.state !== "Connected") reasons.push(`tunnel for ${conn.name} to gateway instance ${instance.index} is not connected`);

  if (nva && !nva.running) reasons.push(nva.notRunningReason!);
  if (nva?.config && nva.running && localAddress && neighbor && asn) {
    reasons.push(...checkNvaSide(nva, tunnel, localAddress, neighbor, asn, gateway.asn, lngName, upTunnels(nva)));
  }
  return {
    gatewayId: gateway.resource.id,
    instance: instance.index,
    localAddress,
    neighbor,
    asn,
    connectionId: conn.id,
    vmId: nva?.vmId ?? null,
    // Azure lists a peer it cannot reach as Connecting (it keeps retrying).
    state: reasons.length === 0 ? "Connected" : "Connecting",
    reasons,
    routesReceived: [],
  };
}

function checkNvaSide(nva: Nva, tunnel: TunnelEvaluation, localAddress: string, neighbor: string, asn: number, gatewayAsn: number, lngName: string, up: Set<string>): string[] {
  const reasons: string[] = [];
  const config = nva.config!;
  const bgp = config.bgp;
  if (!bgp) return [`${nva.name} has no router bgp`];
  if (bgp.asn !== asn) reasons.push(`${nva.name} runs BGP AS ${bgp.asn}, but ${lngName} says ${asn}`);
  const states = interfaceStates(nva, (name) => up.has(name));
  const holder = interfaceHolding(states, neighbor);
  if (!holder) reasons.push(`no interface on ${nva.name} holds ${neighbor}, the BGP address of ${lngName}`);
  else if (!holder.up) reasons.push(`${nva.name} ${holder.name}, which holds ${neighbor}, is down`);

  const n = effectiveNeighbor(bgp, localAddress);
  if (!n) {
    reasons.push(`${nva.name} has no BGP neighbor ${localAddress} (gateway instance ${tunnel.instance.index})`);
    return reasons;
  }
  if (n.remoteAs !== gatewayAsn) reasons.push(`${nva.name} neighbor ${localAddress} remote-as ${n.remoteAs ?? "(none)"}, but the gateway's ASN is ${gatewayAsn}`);
  if (n.shutdown) reasons.push(`${nva.name} neighbor ${localAddress} is shut down`);
  if (n.password) reasons.push(`${nva.name} neighbor ${localAddress} has a password; Azure's BGP does not use MD5 authentication`);
  if (!n.activatedIpv4) reasons.push(`${nva.name} neighbor ${localAddress} is not activated for IPv4 unicast`);
  const localIp = parseIpv4(localAddress);
  if (n.passive && localIp !== null && prefixContains(APIPA, localIp)) {
    reasons.push(`${nva.name} neighbor ${localAddress} is passive, and Azure does not open BGP from an APIPA address`);
  }

  // With the tunnel down its static routes are gone too; saying so again as
  // a routing problem would only hide the real cause. What the NVA does with
  // its side of the session is worth saying (fall-over.ts).
  if (tunnel.outcome.state !== "Connected") {
    const nvaSide = tunnel.nvaInterface ? fallOverWhenTunnelDrops(nva, localAddress, tunnel.nvaInterface, up).explanation : "";
    if (nvaSide) reasons.push(nvaSide);
    return reasons;
  }
  const table = forwardingTable(nva, states);
  const egress = table.lookup(localAddress);
  const tunnelInterface = tunnel.nvaInterface;
  if (!egress) {
    reasons.push(`${nva.name} has no route to ${localAddress}`);
    return reasons;
  }
  if (egress.interface !== tunnelInterface) {
    const via = egress.route.source === "dhcp" ? `the default route out of ${egress.interface}` : `${egress.interface} (${egress.route.origin})`;
    reasons.push(`${nva.name} sends ${localAddress} via ${via}, not through ${tunnelInterface ?? "a tunnel"} to gateway instance ${tunnel.instance.index}; it needs a /32 route via the tunnel`);
    return reasons;
  }
  const egressState = states.find((s) => s.name === egress.interface);
  const source = sourceAddress(n.updateSource, states, egressState);
  if (n.updateSource && !states.some((s) => s.name === n.updateSource)) reasons.push(`${nva.name} neighbor ${localAddress} update-source ${n.updateSource} does not exist`);
  else if (source !== neighbor) {
    reasons.push(`${nva.name} would open the session to ${localAddress} from ${source ?? "no address"}, but the gateway expects ${neighbor} (${lngName})`);
  }
  // eBGP expects a single-hop peer on a connected subnet of the interface it
  // sources from; a loopback-sourced session over a /32 route is not. With
  // ebgp-multihop the TTL must also cover the loopback itself: the classic
  // loopback-to-peer session needs a TTL of 2 (1 is IOS's eBGP default, and
  // keeps the connected check).
  const directlyConnected = egress.route.source === "connected" && (n.updateSource === undefined || n.updateSource === egress.interface);
  if (!directlyConnected && !n.disableConnectedCheck) {
    if (n.ebgpMultihop === undefined) {
      reasons.push(`${nva.name} neighbor ${localAddress} is not on a connected subnet (sourced from ${n.updateSource ?? egress.interface}); it needs ebgp-multihop or disable-connected-check`);
    } else if (n.ebgpMultihop < MIN_MULTIHOP_TTL) {
      reasons.push(`${nva.name} neighbor ${localAddress} ebgp-multihop ${n.ebgpMultihop} is too small: a session sourced from ${n.updateSource ?? egress.interface} needs a TTL of at least ${MIN_MULTIHOP_TTL}`);
    }
  }
  return reasons;
}

/** The address IOS opens the TCP session from: the update-source's, else the egress interface's. */
function sourceAddress(updateSource: string | undefined, states: InterfaceState[], egress: InterfaceState | undefined): string | undefined {
  if (updateSource) return states.find((s) => s.name === updateSource)?.address?.ip;
  return egress?.address?.ip;
}
