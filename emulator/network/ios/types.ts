// What the IOS XE reader extracts from a configuration: only the commands that
// decide whether a tunnel or a BGP session comes up, plus the lines it
// rejected (as IOS would, "% Invalid input") and the lines it did not model.

export interface ConfigLine {
  /** 1-based line number in the IOS text (after the bootstrap wrapper is removed). */
  line: number;
  text: string;
}

export interface RejectedLine extends ConfigLine {
  reason: string;
}

export interface InterfaceAddress {
  ip: string;
  mask: string;
  length: number;
}

export interface IosInterface {
  /** Canonical IOS name, e.g. "GigabitEthernet1", "Tunnel101", "Loopback0". */
  name: string;
  description?: string;
  /** Primary static address (`ip address A M`). */
  address?: InterfaceAddress;
  /** `ip address dhcp`. */
  dhcp: boolean;
  /** `ip unnumbered <interface>`: borrows that interface's address. */
  unnumbered?: string;
  /** true = `shutdown`, false = `no shutdown`, undefined = the configuration does not say. */
  shutdown?: boolean;
  tunnelSource?: string;
  tunnelDestination?: string;
  /** e.g. "ipsec ipv4", "gre ip"; undefined = the IOS default (GRE). */
  tunnelMode?: string;
  tunnelProtectionProfile?: string;
  /** `ip mtu N`: the largest IP packet the interface sends before fragmenting. */
  ipMtu?: number;
}

export interface Ikev2Proposal {
  name: string;
  encryption: string[];
  integrity: string[];
  prf: string[];
  groups: string[];
}

export interface Ikev2Policy {
  name: string;
  proposals: string[];
  /** `match address local <ip>` entries; empty = the policy applies to every local address. */
  matchLocalAddresses: string[];
}

export interface KeyringPeer {
  name: string;
  address?: { ip: string; mask: string };
  /** `pre-shared-key <key>` (both directions). */
  preSharedKey?: string;
  /** `pre-shared-key local <key>` / `remote <key>` when the directions differ. */
  localKey?: string;
  remoteKey?: string;
  /** Set when a key was entered as type 6 (encrypted): its clear value is unknown. */
  encryptedKey?: boolean;
}

export interface Ikev2Keyring {
  name: string;
  peers: KeyringPeer[];
}

export interface Ikev2Profile {
  name: string;
  matchRemoteAddresses: { ip: string; mask: string }[];
  matchLocalInterface?: string;
  matchLocalAddress?: string;
  authenticationLocal?: string;
  authenticationRemote: string[];
  keyringLocal?: string;
  identityLocal?: string;
  lifetimeSeconds?: number;
  dpd?: { interval: number; retry: number; mode: string };
}

export interface TransformSet {
  name: string;
  /** Lower-case IOS transform keywords with their key size folded in: "esp-aes 256", "esp-sha256-hmac", "esp-gcm 256". */
  transforms: string[];
  mode?: string;
}

export interface IpsecProfile {
  name: string;
  transformSets: string[];
  ikev2Profile?: string;
  /** e.g. "group14"; undefined = no PFS. */
  pfsGroup?: string;
  lifetimeSeconds?: number;
  lifetimeKilobytes?: number;
}

export interface StaticRoute extends ConfigLine {
  network: string;
  mask: string;
  length: number;
  interface?: string;
  nextHop?: string;
  distance: number;
}

export interface BgpNeighbor {
  /** An IP address, or the name of a peer-group. */
  id: string;
  isPeerGroup: boolean;
  peerGroup?: string;
  remoteAs?: number;
  updateSource?: string;
  /** `ebgp-multihop [ttl]` (255 when no TTL is given). */
  ebgpMultihop?: number;
  disableConnectedCheck: boolean;
  shutdown: boolean;
  passive: boolean;
  password: boolean;
  description?: string;
  /** `neighbor X activate` / `no neighbor X activate` under address-family ipv4 (or at the top level); undefined = not said. */
  ipv4Activate?: boolean;
  softReconfigurationInbound: boolean;
  /** `neighbor X route-map NAME in|out` under address-family ipv4. */
  routeMapIn?: string;
  routeMapOut?: string;
  /** `neighbor X prefix-list NAME in|out` under address-family ipv4. */
  prefixListIn?: string;
  prefixListOut?: string;
  /** `neighbor X maximum-prefix N [threshold] [restart M | warning-only]`: a cap on routes received from the neighbor. */
  maximumPrefix?: MaximumPrefix;
  /** `neighbor X fall-over [route-map NAME | bfd]`: drop the session when the route to the peer goes. */
  fallOver?: { routeMap?: string; bfd?: boolean };
}

export interface MaximumPrefix {
  limit: number;
  /** Percentage at which IOS logs a warning (75 when not given). */
  thresholdPercent: number;
  /** Only log, never tear the session down. */
  warningOnly: boolean;
  /** Minutes after which IOS re-opens a session it tore down; undefined = stays down until cleared. */
  restartMinutes?: number;
}

export interface BgpNetwork {
  network: string;
  mask: string;
  length: number;
}

export interface BgpConfig {
  asn: number;
  routerId?: string;
  /** false after `no bgp default ipv4-unicast`. */
  defaultIpv4Unicast: boolean;
  /** Keyed by neighbor address or peer-group name. */
  neighbors: Map<string, BgpNeighbor>;
  networks: BgpNetwork[];
  /** `redistribute static|connected` under IPv4. */
  redistribute: string[];
  /** `maximum-paths N` under IPv4: eBGP paths installed per prefix (1 when not said). */
  maximumPaths?: number;
}

export interface PrefixListEntry {
  seq: number;
  action: "permit" | "deny";
  network: string;
  length: number;
  ge?: number;
  le?: number;
}

export interface RouteMapEntry {
  seq: number;
  action: "permit" | "deny";
  /** Names from `match ip address prefix-list A [B ...]`; a route matches when any of them permits it. */
  matchPrefixLists: string[];
  /** True when the entry has a match clause the model does not follow (it then matches nothing here, so a test notices). */
  unmodelledMatch: boolean;
}

export interface IosConfig {
  hostname?: string;
  interfaces: Map<string, IosInterface>;
  staticRoutes: StaticRoute[];
  ikev2Proposals: Map<string, Ikev2Proposal>;
  ikev2Policies: Map<string, Ikev2Policy>;
  ikev2Keyrings: Map<string, Ikev2Keyring>;
  ikev2Profiles: Map<string, Ikev2Profile>;
  transformSets: Map<string, TransformSet>;
  ipsecProfiles: Map<string, IpsecProfile>;
  bgp?: BgpConfig;
  /** Entries in sequence order. */
  prefixLists: Map<string, PrefixListEntry[]>;
  /** Entries in sequence order. */
  routeMaps: Map<string, RouteMapEntry[]>;
  /** `ip name-server A [B ...]`. */
  nameServers: string[];
  rejected: RejectedLine[];
  ignored: ConfigLine[];
}
