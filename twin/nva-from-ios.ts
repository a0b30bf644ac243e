// One NVA in the twin, from the IOS XE configuration as the emulator's
// independent reader understood it (never from the plan): its interfaces,
// static routes, IKEv2/IPsec per tunnel interface, and BGP, translated to
// strongSwan (swanctl.conf) and FRR. Every IOS tunnel interface becomes one
// swanctl connection; all of them share kernel-libipsec's single `ipsec0`
// device, and /32 traffic selectors (loopback to the APIPA peer routed into
// that tunnel) pick the SA, as TWIN.md found.
import type { IosConfig, IosInterface } from "../emulator/network/ios/types.js";
import { iosEspProposal, iosIkeProposal } from "./proposals.js";
import type { SwanConnection } from "./swanctl.js";

export interface NvaTwin {
  swanctl: SwanConnection[];
  frr: string;
  /** Why something in the configuration could not be carried over (the rest of the twin still runs). */
  problems: string[];
}

/** IOS interface name -> the twin's Linux interface. */
export function linuxInterface(ios: string): string {
  if (/^Loopback/i.test(ios)) return "lo";
  const gi = /^GigabitEthernet(\d+)$/i.exec(ios);
  if (gi) return `gi${gi[1]}`;
  if (/^Tunnel/i.test(ios)) return "ipsec0";
  return ios.toLowerCase();
}

function addressOf(config: IosConfig, name: string | undefined): string | undefined {
  if (!name) return undefined;
  const i = config.interfaces.get(name);
  if (!i) return undefined;
  if (i.address) return i.address.ip;
  return i.unnumbered ? addressOf(config, i.unnumbered) : undefined;
}

/** The remote /32 that the config routes into this tunnel (its BGP peer), if any. */
function peerBehind(config: IosConfig, tunnel: string): string | undefined {
  return config.staticRoutes.find((r) => r.interface === tunnel && r.length === 32)?.network;
}

function tunnelConnection(config: IosConfig, t: IosInterface, problems: string[], pskOf: (remote: string) => string | undefined): SwanConnection | null {
  const profile = t.tunnelProtectionProfile ? config.ipsecProfiles.get(t.tunnelProtectionProfile) : undefined;
  const ikeProfile = profile?.ikev2Profile ? config.ikev2Profiles.get(profile.ikev2Profile) : undefined;
  const remote = t.tunnelDestination;
  const local = addressOf(config, t.tunnelSource);
  const loopback = addressOf(config, t.name);
  const peer = peerBehind(config, t.name);
  const missing = [
    !profile && "tunnel protection ipsec profile",
    !ikeProfile && "an IKEv2 profile in its IPsec profile",
    !remote && "tunnel destination",
    !local && "a tunnel source with an address",
    !loopback && "an address (ip unnumbered)",
    !peer && "a /32 static route into it",
  ].filter(Boolean);
  if (missing.length > 0) {
    problems.push(`${t.name}: not carried over, it lacks ${missing.join(", ")}`);
    return null;
  }
  const psk = pskOf(remote!);
  if (!psk) {
    problems.push(`${t.name}: no keyring peer with a pre-shared key for ${remote}`);
    return null;
  }
  const policies = [...config.ikev2Policies.values()].flatMap((p) => p.proposals);
  const proposals = (policies.length ? policies : [...config.ikev2Proposals.keys()]).map((n) => config.ikev2Proposals.get(n)).filter((p) => p !== undefined);
  const sets = profile!.transformSets.map((n) => config.transformSets.get(n)).filter((s) => s !== undefined);
  return {
    name: t.name,
    localAddress: local!,
    remoteAddress: remote!,
    // `identity local address X` -> X (swanctl takes the bare address as an IP identity).
    localId: ikeProfile!.identityLocal?.replace(/^address\s+/, "") ?? local!,
    remoteId: remote!,
    ikeProposals: proposals.map(iosIkeProposal),
    espProposals: sets.map((s) => iosEspProposal(s.transforms, profile!.pfsGroup)),
    localTs: `${loopback}/32`,
    remoteTs: `${peer}/32`,
    psk,
    // IOS brings its tunnels up itself; `dpd <interval> <retry> on-demand` maps to dpd_delay.
    initiate: true,
    dpdSeconds: ikeProfile!.dpd?.interval ?? 10,
    ikeLifetimeSeconds: ikeProfile!.lifetimeSeconds ?? 86400,
    childLifetimeSeconds: profile!.lifetimeSeconds ?? 3600,
  };
}

function keyFor(config: IosConfig, remote: string): string | undefined {
  for (const ring of config.ikev2Keyrings.values()) {
    for (const p of ring.peers) if (p.address?.ip === remote) return p.preSharedKey ?? p.localKey;
  }
  return undefined;
}

/** IOS prefix-lists and route-maps as FRR reads them (the same syntax for what the reader models). */
function routePolicy(config: IosConfig, problems: string[]): string[] {
  const lines: string[] = [];
  for (const [name, entries] of config.prefixLists) {
    for (const e of entries) lines.push(`ip prefix-list ${name} seq ${e.seq} ${e.action} ${e.network}/${e.length}${e.ge !== undefined ? ` ge ${e.ge}` : ""}${e.le !== undefined ? ` le ${e.le}` : ""}`);
  }
  for (const [name, entries] of config.routeMaps) {
    for (const e of entries) {
      lines.push(`route-map ${name} ${e.action} ${e.seq}`);
      for (const list of e.matchPrefixLists) lines.push(` match ip address prefix-list ${list}`);
      if (e.unmodelledMatch) problems.push(`route-map ${name} ${e.seq}: a match clause the reader does not model, not carried over`);
    }
  }
  return lines;
}

function frrConfig(config: IosConfig, problems: string[]): string {
  const lines = ["frr defaults traditional", `hostname ${config.hostname ?? "nva"}`, ...routePolicy(config, problems)];
  for (const r of config.staticRoutes) {
    const via = r.interface ? linuxInterface(r.interface) : r.nextHop;
    if (!via) continue;
    lines.push(`ip route ${r.network}/${r.length} ${via}${r.distance !== 1 ? ` ${r.distance}` : ""}`);
  }
  const bgp = config.bgp;
  if (!bgp) return lines.join("\n");
  lines.push(`router bgp ${bgp.asn}`);
  if (bgp.routerId) lines.push(` bgp router-id ${bgp.routerId}`);
  if (!bgp.defaultIpv4Unicast) lines.push(" no bgp default ipv4-unicast");
  // FRR 8 refuses to send or accept eBGP routes without a policy; IOS has no such default.
  lines.push(" no bgp ebgp-requires-policy");
  const neighbors = [...bgp.neighbors.values()].filter((n) => !n.isPeerGroup);
  for (const n of neighbors) {
    if (n.remoteAs === undefined) {
      problems.push(`BGP neighbor ${n.id}: no remote-as, not carried over`);
      continue;
    }
    lines.push(` neighbor ${n.id} remote-as ${n.remoteAs}`);
    if (n.ebgpMultihop !== undefined) lines.push(` neighbor ${n.id} ebgp-multihop ${n.ebgpMultihop}`);
    const source = addressOf(config, n.updateSource);
    if (source) lines.push(` neighbor ${n.id} update-source ${source}`);
    if (n.shutdown) lines.push(` neighbor ${n.id} shutdown`);
    if (n.passive) lines.push(` neighbor ${n.id} passive`);
  }
  lines.push(" address-family ipv4 unicast");
  for (const net of bgp.networks) lines.push(`  network ${net.network}/${net.length}`);
  for (const r of bgp.redistribute) lines.push(`  redistribute ${r}`);
  // IOS installs one eBGP path unless told otherwise; FRR's own default is more.
  lines.push(`  maximum-paths ${bgp.maximumPaths ?? 1}`);
  for (const n of neighbors) {
    if (n.remoteAs === undefined) continue;
    const active = n.ipv4Activate ?? bgp.defaultIpv4Unicast;
    if (active) lines.push(`  neighbor ${n.id} activate`);
    if (n.softReconfigurationInbound) lines.push(`  neighbor ${n.id} soft-reconfiguration inbound`);
    for (const [dir, map] of [["in", n.routeMapIn], ["out", n.routeMapOut]] as const) if (map) lines.push(`  neighbor ${n.id} route-map ${map} ${dir}`);
    for (const [dir, list] of [["in", n.prefixListIn], ["out", n.prefixListOut]] as const) if (list) lines.push(`  neighbor ${n.id} prefix-list ${list} ${dir}`);
    const max = n.maximumPrefix;
    if (max) lines.push(`  neighbor ${n.id} maximum-prefix ${max.limit} ${max.thresholdPercent}${max.warningOnly ? " warning-only" : max.restartMinutes !== undefined ? ` restart ${max.restartMinutes}` : ""}`);
  }
  lines.push(" exit-address-family");
  return lines.join("\n");
}

export function nvaFromIos(config: IosConfig): NvaTwin {
  const problems: string[] = [];
  const tunnels = [...config.interfaces.values()].filter((i) => /^Tunnel/i.test(i.name) && i.shutdown !== true);
  const swanctl = tunnels.map((t) => tunnelConnection(config, t, problems, (remote) => keyFor(config, remote))).filter((c): c is SwanConnection => c !== null);
  return { swanctl, frr: frrConfig(config, problems), problems };
}

/** The NVA's interface addresses (Linux name, address/length), for the host to configure. */
export function nvaInterfaceAddresses(config: IosConfig): Array<{ linux: string; cidr: string }> {
  return [...config.interfaces.values()]
    .filter((i) => i.address && !/^Tunnel/i.test(i.name))
    .map((i) => ({ linux: linuxInterface(i.name), cidr: `${i.address!.ip}/${i.address!.length}` }));
}
