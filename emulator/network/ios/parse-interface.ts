// Interface-mode commands: addressing, admin state and the tunnel settings.
import { maskToLength, parseIpv4, prefixOf, prefixesOverlap } from "../ipv4.js";
import { canonicalInterfaceName } from "./interface-names.js";
import { applied, notModelled, rejected, restOfLine, unknown, type HandlerResult, type ParsedLine } from "./parse-context.js";
import type { IosConfig, IosInterface } from "./types.js";

// Interface sub-commands IOS has but the model does not follow; they stay in
// interface mode (an unknown word would make IOS try the global mode).
const OTHER_INTERFACE_COMMANDS = new Set([
  "negotiation", "mtu", "load-interval", "bandwidth", "speed", "duplex", "cdp", "mop", "vrf", "keepalive",
  "standby", "arp", "service-policy", "media-type", "ipv6", "delay", "carrier-delay", "logging", "snmp", "lldp",
]);
const OTHER_INTERFACE_IP_COMMANDS = new Set([
  "tcp", "nat", "virtual-reassembly", "ospf", "helper-address", "access-group", "proxy-arp", "redirects",
  "unreachables", "flow", "policy", "pim", "igmp", "vrf", "dhcp", "verify", "nbar", "directed-broadcast",
  "split-horizon", "authentication", "hello-interval", "summary-address", "mask-reply", "route-cache",
  "local-proxy-arp", "mroute-cache", "bgp",
]);
/** Cisco IOS Interface and Hardware Component Command Reference, `description`: up to 240 characters. */
export const INTERFACE_DESCRIPTION_MAX = 240;
const TUNNEL_MODES = new Set(["ipsec ipv4", "ipsec ipv6", "gre ip", "gre ipv6", "gre multipoint", "ipip", "udp", "vxlan"]);

export function newInterface(name: string): IosInterface {
  return { name, dhcp: false };
}

export function handleInterfaceCommand(iface: IosInterface, line: ParsedLine, config: IosConfig): HandlerResult {
  const w = line.words;
  const negated = w[0] === "no";
  const c = negated ? w.slice(1) : w;
  const first = c[0];
  if (first === undefined) return unknown;

  if (first === "description") {
    if (negated) {
      delete iface.description;
      return applied();
    }
    const text = restOfLine(line, 1);
    if (text.length > INTERFACE_DESCRIPTION_MAX) return rejected(`description is longer than ${INTERFACE_DESCRIPTION_MAX} characters (${text.length})`);
    iface.description = text;
    return applied();
  }
  if (first === "ip" && c[1] === "mtu") {
    if (negated) {
      delete iface.ipMtu;
      return applied();
    }
    const mtu = Number(c[2]);
    // IOS XE takes 68 up to the interface's own MTU; 9216 is the largest a c8000v NIC allows.
    if (!Number.isInteger(mtu) || mtu < 68 || mtu > 9216 || c.length !== 3) return rejected("ip mtu takes 68-9216 bytes");
    iface.ipMtu = mtu;
    return applied();
  }
  if (first === "shutdown") {
    if (c.length > 1) return rejected("shutdown takes no arguments");
    iface.shutdown = !negated;
    return applied();
  }
  if (first === "ip" && c[1] === "address") return ipAddress(iface, c.slice(2), negated, config);
  if (first === "ip" && c[1] === "unnumbered") {
    if (negated) {
      delete iface.unnumbered;
      return applied();
    }
    const target = c[2] !== undefined && c.length === 3 ? canonicalInterfaceName(c[2]) : null;
    if (!target) return rejected("ip unnumbered needs one interface name");
    delete iface.address;
    iface.dhcp = false;
    iface.unnumbered = target;
    return applied();
  }
  if (first === "ip" && c[1] !== undefined && OTHER_INTERFACE_IP_COMMANDS.has(c[1])) return notModelled;
  if (first === "tunnel") return tunnelCommand(iface, c.slice(1), negated);
  if (OTHER_INTERFACE_COMMANDS.has(first)) return notModelled;
  return unknown;
}

function ipAddress(iface: IosInterface, args: string[], negated: boolean, config: IosConfig): HandlerResult {
  if (negated) {
    delete iface.address;
    iface.dhcp = false;
    return applied();
  }
  if (args[0] === "dhcp") {
    // `ip address dhcp` may carry options (client-id, hostname); none change the address.
    delete iface.address;
    delete iface.unnumbered;
    iface.dhcp = true;
    return applied();
  }
  const [ipText, maskText, ...extra] = args;
  if (ipText === undefined || maskText === undefined) return rejected("ip address needs an address and a mask");
  const secondary = extra.length === 1 && extra[0] === "secondary";
  if (extra.length > 0 && !secondary) return rejected(`unexpected "${extra.join(" ")}" after the mask`);
  const ip = parseIpv4(ipText);
  const length = maskToLength(maskText);
  if (ip === null) return rejected(`"${ipText}" is not an IPv4 address`);
  if (length === null) return rejected(`"${maskText}" is not a valid mask`);
  const prefix = prefixOf(ip, length);
  if (length < 31 && (ip === prefix.network || ip === (prefix.network | (~(0xffffffff << (32 - length)) >>> 0)) >>> 0)) {
    return rejected(`bad mask /${length} for address ${ipText}`);
  }
  if (secondary) return notModelled;
  for (const other of config.interfaces.values()) {
    if (other === iface || !other.address) continue;
    const otherPrefix = prefixOf(parseIpv4(other.address.ip)!, other.address.length);
    if (prefixesOverlap(prefix, otherPrefix)) return rejected(`${ipText}/${length} overlaps with ${other.name}`);
  }
  delete iface.unnumbered;
  iface.dhcp = false;
  iface.address = { ip: ipText, mask: maskText, length };
  return applied();
}

function tunnelCommand(iface: IosInterface, args: string[], negated: boolean): HandlerResult {
  const [sub, ...rest] = args;
  if (sub === "source") {
    if (negated) {
      delete iface.tunnelSource;
      return applied();
    }
    if (rest.length !== 1) return rejected("tunnel source needs one interface or address");
    const value = parseIpv4(rest[0]!) !== null ? rest[0]! : canonicalInterfaceName(rest[0]!);
    if (value === null) return rejected(`"${rest[0]}" is not an interface or address`);
    iface.tunnelSource = value;
    return applied();
  }
  if (sub === "destination") {
    if (negated) {
      delete iface.tunnelDestination;
      return applied();
    }
    if (rest.length !== 1 || parseIpv4(rest[0]!) === null) return rejected("tunnel destination needs one IPv4 address");
    iface.tunnelDestination = rest[0]!;
    return applied();
  }
  if (sub === "mode") {
    if (negated) {
      delete iface.tunnelMode;
      return applied();
    }
    const mode = rest.join(" ");
    if (!TUNNEL_MODES.has(mode)) return rejected(`unknown tunnel mode "${mode}"`);
    iface.tunnelMode = mode;
    return applied();
  }
  if (sub === "protection") {
    if (negated) {
      delete iface.tunnelProtectionProfile;
      return applied();
    }
    // tunnel protection ipsec profile NAME [shared]
    if (rest[0] !== "ipsec" || rest[1] !== "profile" || rest[2] === undefined || rest.length > 4) {
      return rejected("expected: tunnel protection ipsec profile <name>");
    }
    if (rest.length === 4 && rest[3] !== "shared") return rejected(`unexpected "${rest[3]}"`);
    iface.tunnelProtectionProfile = rest[2];
    return applied();
  }
  if (sub === undefined) return rejected("incomplete tunnel command");
  return notModelled;
}
