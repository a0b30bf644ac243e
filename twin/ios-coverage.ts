// Which lines of an NVA's IOS XE configuration the twin carries over, and
// which it cannot express, so a twin run never passes silently over them.
// Decided line by line on the text (not on the reader's model), so a line
// the renderer adds later shows up here until the twin learns it.

export interface IosCoverage {
  /** Lines the twin cannot express, with why (a line repeated on several interfaces is listed once, with its count). */
  notExpressed: Array<{ line: string; why: string; count: number }>;
}

/** Carried into strongSwan or FRR (nva-from-ios.ts), or about naming/layout only. */
const EXPRESSED: RegExp[] = [
  /^hostname /, /^description /, /^neighbor \S+ description /, /^interface (GigabitEthernet|Loopback|Tunnel)\d+$/, /^ip address \S+ \S+$/, /^no shutdown$/, /^negotiation auto$/,
  /^ip unnumbered /, /^tunnel (source |destination |mode ipsec ipv4$|protection ipsec profile )/, /^crypto ikev2 (proposal|policy|keyring|profile) /,
  /^(encryption|integrity|prf|group) /, /^proposal /, /^peer /, /^address /, /^pre-shared-key /, /^match (address local interface|identity remote address) /,
  /^identity local address /, /^authentication (local|remote) pre-share$/, /^keyring local /, /^lifetime \d+$/, /^dpd \d+ \d+ /,
  /^crypto ipsec (transform-set|profile) /, /^mode tunnel$/, /^set (transform-set|ikev2-profile|pfs) /, /^set security-association lifetime (seconds|kilobytes) /,
  /^ip route /, /^router bgp /, /^bgp router-id /, /^bgp log-neighbor-changes$/, /^no bgp default ipv4-unicast$/,
  /^neighbor \S+ (remote-as|ebgp-multihop|update-source|activate|soft-reconfiguration inbound)\b/, /^address-family ipv4( unicast)?$/, /^exit-address-family$/,
  /^network \S+ mask \S+$/, /^end$/, /^Section: /, /^TechPackage:/, /^license /,
  /^ip prefix-list \S+ (seq \d+ )?(permit|deny) /, /^route-map \S+ (permit|deny)( \d+)?$/, /^match ip address prefix-list /, /^maximum-paths \d+$/,
  /^neighbor \S+ (route-map|prefix-list) \S+ (in|out)$/, /^neighbor \S+ maximum-prefix /,
];

const WHY: Array<[RegExp, string]> = [
  [/^ip tcp adjust-mss /, "the twin sends no TCP through the tunnels, so MSS clamping is not exercised"],
  [/^ip mtu /, "kernel-libipsec's ipsec0 has its own MTU; per-tunnel MTU is not modelled"],
  [/^ip name-server /, "no DNS or Smart Licensing in the twin"],
  [/fall-over/, "selective fall-over needs per-tunnel routes, which the twin does not have (all tunnels are ipsec0)"],
  [/filter-list|distribute-list|^set |^match /, "this kind of route policy is not translated to FRR"],
];

export function iosCoverage(iosText: string): IosCoverage {
  const notExpressed: IosCoverage["notExpressed"] = [];
  for (const raw of iosText.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith("!") || EXPRESSED.some((r) => r.test(line))) continue;
    const seen = notExpressed.find((x) => x.line === line);
    if (seen) seen.count++;
    else notExpressed.push({ line, why: WHY.find(([r]) => r.test(line))?.[1] ?? "not translated by the twin", count: 1 });
  }
  return { notExpressed };
}

/** What the twin cannot catch however the configuration reads (TWIN.md, "What the twin does NOT reproduce"). */
export const BLIND_SPOTS = [
  "every IOS TunnelNNN is kernel-libipsec's one ipsec0 device: a static route into the wrong tunnel still works in the twin",
  "FRR treats a /32 route to ipsec0 as connected: a missing ebgp-multihop toward the gateway still comes up in the twin",
  "a tunnel whose line protocol is down does not withdraw its static route (no IOS fall-over behaviour)",
];
