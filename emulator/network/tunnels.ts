// IPsec tunnels: one per gateway instance per connection. A tunnel is up when
// both ends are provisioned and running, the packets can flow (NSG, routes)
// and the NVA has a tunnel interface to that instance whose IKEv2/IPsec
// settings and pre-shared key agree with the connection.
import { evaluateInbound } from "./nsg.js";
import { describeState, type ConnectionView, type GatewayInstance, type GatewayView } from "./gateway-view.js";
import { isTunnelInterface } from "./ios/interface-names.js";
import type { IosConfig, IosInterface, KeyringPeer } from "./ios/types.js";
import { instanceDownReason } from "./gateway-update.js";
import { Inventory, isSucceeded } from "./inventory.js";
import { maskToLength, parseIpv4, prefixContains, prefixOf } from "./ipv4.js";
import { espMismatch, ikeMismatch, iosIkeProposals, pfsMismatch, readAzurePolicy, transformSetsOf } from "./ipsec-policy.js";
import { findNvaByPublicIp, forwardingTable, interfaceExists, interfaceStates, physicalInterfaceRange, type Nva, type NvaNic } from "./nva.js";
import type { TunnelOutcome } from "./types.js";

export interface TunnelEvaluation {
  outcome: TunnelOutcome;
  gateway: GatewayView;
  instance: GatewayInstance;
  connection: ConnectionView;
  nva?: Nva;
  /** The NVA's tunnel interface for this instance (the best candidate, even when the tunnel is down). */
  nvaInterface?: string;
}

export function evaluateTunnels(inventory: Inventory, nvas: Nva[], gateway: GatewayView, connections: ConnectionView[]): TunnelEvaluation[] {
  const out: TunnelEvaluation[] = [];
  for (const connection of connections) {
    for (const instance of gateway.instances) out.push(evaluateTunnel(inventory, nvas, gateway, connection, instance));
  }
  return out;
}

function evaluateTunnel(inventory: Inventory, nvas: Nva[], gateway: GatewayView, connection: ConnectionView, instance: GatewayInstance): TunnelEvaluation {
  const reasons: string[] = [];
  const conn = connection.resource;
  const lng = connection.localGateway;
  const gatewayDown = instanceDownReason(gateway.resource, instance.index);
  if (gatewayDown) reasons.push(gatewayDown);
  if (!isSucceeded(conn)) reasons.push(`connection ${describeState(conn)}`);
  if (!instance.publicIp) reasons.push(`gateway instance ${instance.index} has no public IP address yet`);
  if (!lng) reasons.push(`${conn.name} names no existing local network gateway`);
  else if (!isSucceeded(lng)) reasons.push(`local network gateway ${describeState(lng)}`);
  if (String(conn.properties.connectionProtocol ?? "IKEv2") === "IKEv1") reasons.push(`${conn.name} uses IKEv1; the NVA is configured for IKEv2`);
  const sharedKey = conn.properties.sharedKey;
  if (typeof sharedKey !== "string" || sharedKey.length === 0) reasons.push(`${conn.name} has no shared key`);

  const base = { gateway, instance, connection };
  const target = connection.lngGatewayIp ? findNvaByPublicIp(nvas, connection.lngGatewayIp) : undefined;
  if (!target) {
    reasons.push(connection.lngGatewayIp ? `no NVA NIC holds ${connection.lngGatewayIp}, the gatewayIpAddress of ${lng?.name}` : `${lng?.name ?? "the local network gateway"} has no gatewayIpAddress`);
    return { ...base, outcome: outcome(gateway, instance, conn.id, null, reasons) };
  }
  const { nva, nic } = target;
  if (!nva.running) reasons.push(nva.notRunningReason!);
  if (instance.publicIp && nic.privateIp) {
    for (const [port, what] of [[500, "IKE"], [4500, "NAT-T/ESP"]] as const) {
      const verdict = evaluateInbound(inventory, nic.nsgIds, { protocol: "Udp", sourceIp: instance.publicIp, destinationIp: nic.privateIp, destinationPort: port }, nic.vnetPrefixes);
      if (!verdict.allowed) reasons.push(`NSG ${verdict.decidedBy} blocks UDP ${port} (${what}) from gateway instance ${instance.index} (${instance.publicIp}) to ${nva.name}`);
    }
  }
  let nvaInterface: string | undefined;
  if (!nva.config) reasons.push(`${nva.name} has no day-0 configuration (customData is empty)`);
  else if (instance.publicIp) {
    const check = checkNvaTunnel(nva, nva.config, nic, instance, connection, typeof sharedKey === "string" ? sharedKey : "");
    nvaInterface = check.interfaceName;
    reasons.push(...check.reasons);
  }
  return { ...base, nva, ...(nvaInterface ? { nvaInterface } : {}), outcome: outcome(gateway, instance, conn.id, nva.vmId, reasons, nvaInterface) };
}

function outcome(gateway: GatewayView, instance: GatewayInstance, connectionId: string, vmId: string | null, reasons: string[], nvaInterface?: string): TunnelOutcome {
  return {
    gatewayId: gateway.resource.id,
    instance: instance.index,
    connectionId,
    vmId,
    state: reasons.length === 0 ? "Connected" : "NotConnected",
    reasons,
    ...(nvaInterface ? { nvaInterface } : {}),
  };
}

/** Pick the NVA's tunnel interface towards this instance and list what keeps it down. */
function checkNvaTunnel(nva: Nva, config: IosConfig, nic: NvaNic, instance: GatewayInstance, connection: ConnectionView, sharedKey: string): { interfaceName?: string; reasons: string[] } {
  const destination = instance.publicIp!;
  const candidates = [...config.interfaces.values()].filter((i) => isTunnelInterface(i.name) && i.tunnelDestination === destination);
  if (candidates.length === 0) {
    return { reasons: [`${nva.name} has no tunnel interface with tunnel destination ${destination} (gateway instance ${instance.index})`] };
  }
  const checked = candidates.map((iface) => ({ interfaceName: iface.name, reasons: checkTunnelInterface(nva, config, nic, iface, instance, connection, sharedKey) }));
  checked.sort((a, b) => a.reasons.length - b.reasons.length);
  return checked[0]!;
}

function checkTunnelInterface(nva: Nva, config: IosConfig, nic: NvaNic, iface: IosInterface, instance: GatewayInstance, connection: ConnectionView, sharedKey: string): string[] {
  const reasons: string[] = [];
  const name = iface.name;
  const destination = instance.publicIp!;
  if (iface.shutdown === true) reasons.push(`${nva.name} ${name} is shut down`);
  if (iface.tunnelMode !== "ipsec ipv4") {
    reasons.push(`${nva.name} ${name} is in tunnel mode ${iface.tunnelMode ?? "gre ip (the default)"}; Azure needs a route-based IPsec VTI (tunnel mode ipsec ipv4)`);
  }
  reasons.push(...checkTunnelSource(nva, nic, iface, destination));

  const profileName = iface.tunnelProtectionProfile;
  if (!profileName) {
    reasons.push(`${nva.name} ${name} has no tunnel protection ipsec profile; Azure only speaks IPsec`);
    return reasons;
  }
  const ipsecProfile = config.ipsecProfiles.get(profileName);
  if (!ipsecProfile) {
    reasons.push(`${nva.name} ${name} is protected by ipsec profile ${profileName}, which is not defined`);
    return reasons;
  }
  const policy = readAzurePolicy(connection.resource.properties);
  const esp = espMismatch(policy, transformSetsOf(config, ipsecProfile));
  if (esp) reasons.push(`${esp} (${connection.resource.name} vs ${nva.name} ipsec profile ${profileName})`);
  const pfs = pfsMismatch(policy, ipsecProfile.pfsGroup);
  if (pfs) reasons.push(`${pfs} (${connection.resource.name} vs ${nva.name} ipsec profile ${profileName})`);
  const ike = iosIkeProposals(config, nic.privateIp);
  const ikeProblem = ike.proposals.length === 0 ? `${nva.name} has ${ike.from}, so no IKEv2 proposal` : ikeMismatch(policy, ike.proposals);
  if (ikeProblem) reasons.push(`${ikeProblem} (${connection.resource.name} vs ${nva.name})`);

  const ikeProfileName = ipsecProfile.ikev2Profile;
  if (!ikeProfileName) {
    reasons.push(`${nva.name} ipsec profile ${profileName} sets no ikev2-profile`);
    return reasons;
  }
  const ikeProfile = config.ikev2Profiles.get(ikeProfileName);
  if (!ikeProfile) {
    reasons.push(`${nva.name} ipsec profile ${profileName} uses IKEv2 profile ${ikeProfileName}, which is not defined`);
    return reasons;
  }
  const destinationAddress = parseIpv4(destination)!;
  if (!ikeProfile.matchRemoteAddresses.some((m) => covers(m, destinationAddress))) {
    reasons.push(`${nva.name} IKEv2 profile ${ikeProfileName} does not match identity remote address ${destination}`);
  }
  if (ikeProfile.matchLocalInterface && iface.tunnelSource && ikeProfile.matchLocalInterface !== iface.tunnelSource) {
    reasons.push(`${nva.name} IKEv2 profile ${ikeProfileName} matches local interface ${ikeProfile.matchLocalInterface}, but ${name} is sourced from ${iface.tunnelSource}`);
  }
  if (ikeProfile.matchLocalAddress && ikeProfile.matchLocalAddress !== nic.privateIp) {
    reasons.push(`${nva.name} IKEv2 profile ${ikeProfileName} matches local address ${ikeProfile.matchLocalAddress}, but IKE arrives on ${nic.privateIp}`);
  }
  if (ikeProfile.authenticationLocal !== "pre-share" || !ikeProfile.authenticationRemote.includes("pre-share")) {
    reasons.push(`${nva.name} IKEv2 profile ${ikeProfileName} must authenticate local and remote with pre-share (Azure uses a PSK)`);
  }
  const keyringName = ikeProfile.keyringLocal;
  const keyring = keyringName ? config.ikev2Keyrings.get(keyringName) : undefined;
  if (!keyringName) reasons.push(`${nva.name} IKEv2 profile ${ikeProfileName} has no keyring local`);
  else if (!keyring) reasons.push(`${nva.name} IKEv2 profile ${ikeProfileName} uses keyring ${keyringName}, which is not defined`);
  else {
    const peer = mostSpecificPeer(keyring.peers, destinationAddress);
    if (!peer) reasons.push(`${nva.name} keyring ${keyringName} has no peer with address ${destination}`);
    else {
      const sends = peer.localKey ?? peer.preSharedKey;
      const expects = peer.remoteKey ?? peer.preSharedKey;
      if (peer.encryptedKey) reasons.push(`${nva.name} keyring ${keyringName} peer ${peer.name} holds a type 6 (encrypted) key that cannot match a clear-text PSK pasted at day 0`);
      else if (sends !== sharedKey || expects !== sharedKey) {
        reasons.push(`PSK mismatch between ${connection.resource.name} and ${nva.name} keyring ${keyringName} peer ${peer.name} for ${destination}`);
      }
    }
  }
  return reasons;
}

function checkTunnelSource(nva: Nva, nic: NvaNic, iface: IosInterface, destination: string): string[] {
  const source = iface.tunnelSource;
  if (!source) return [`${nva.name} ${iface.name} has no tunnel source`];
  const states = interfaceStates(nva, () => false);
  let sourceInterface: string | undefined;
  if (parseIpv4(source) !== null) {
    sourceInterface = states.find((s) => s.address?.ip === source && !s.unnumbered)?.name;
    if (!sourceInterface) return [`${nva.name} ${iface.name} is sourced from ${source}, an address no interface holds`];
  } else {
    if (!interfaceExists(nva, source)) {
      return [`${nva.name} ${iface.name} is sourced from ${source}, which this VM does not have (${nva.nics.length} NICs: ${physicalInterfaceRange(nva)}); IOS refuses the tunnel source`];
    }
    sourceInterface = source;
  }
  const state = states.find((s) => s.name === sourceInterface);
  if (!state?.up) return [`${nva.name} ${iface.name} is sourced from ${sourceInterface}, which is down`];
  if (state.address?.ip !== nic.privateIp) {
    return [`${nva.name} ${iface.name} is sourced from ${sourceInterface} (${state.address?.ip ?? "no address"}), not from ${nic.interfaceName} ${nic.privateIp}, the NIC that carries public IP ${nic.publicIp}`];
  }
  // The underlay: packets to the gateway must leave through the source interface.
  const route = forwardingTable(nva, states).lookup(destination);
  if (!route) return [`${nva.name} has no route to ${destination}`];
  if (route.interface !== sourceInterface) return [`${nva.name} routes ${destination} out of ${route.interface} (${route.route.origin}), not out of the tunnel source ${sourceInterface}`];
  return [];
}

function covers(match: { ip: string; mask: string }, address: number): boolean {
  const length = maskToLength(match.mask) ?? 32;
  return prefixContains(prefixOf(parseIpv4(match.ip)!, length), address);
}

/** IOS picks the keyring peer whose address/mask matches most specifically. */
function mostSpecificPeer(peers: KeyringPeer[], address: number): KeyringPeer | undefined {
  let best: { peer: KeyringPeer; length: number } | undefined;
  for (const peer of peers) {
    if (!peer.address) continue;
    const length = maskToLength(peer.address.mask) ?? 32;
    if (!prefixContains(prefixOf(parseIpv4(peer.address.ip)!, length), address)) continue;
    if (!best || length > best.length) best = { peer, length };
  }
  return best?.peer;
}
