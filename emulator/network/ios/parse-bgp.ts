// router bgp and its address-family ipv4 sub-mode.
import { formatIpv4, maskToLength, parseIpv4, prefixOf } from "../ipv4.js";
import { canonicalInterfaceName } from "./interface-names.js";
import { applied, notModelled, parseAsn, rejected, restOfLine, unknown, type HandlerResult, type Mode, type ParsedLine } from "./parse-context.js";
import type { BgpConfig, BgpNeighbor, IosConfig, MaximumPrefix } from "./types.js";

/** Cisco IOS IP Command Reference, `neighbor description`: "up to 80 characters". */
export const NEIGHBOR_DESCRIPTION_MAX = 80;

// Neighbor options IOS has that the model does not follow.
const OTHER_NEIGHBOR_OPTIONS = new Set([
  "timers", "filter-list", "distribute-list", "next-hop-self", "send-community", "allowas-in",
  "as-override", "weight", "version", "advertisement-interval", "ttl-security", "inherit",
  "bfd", "log-neighbor-changes", "default-originate", "remove-private-as", "local-as", "capability", "dont-capability-negotiate",
]);
const OTHER_BGP_COMMANDS = new Set(["timers", "distance", "auto-summary", "synchronization", "default-information", "table-map", "aggregate-address"]);

export function handleRouterBgp(line: ParsedLine, config: IosConfig): HandlerResult {
  const asn = parseAsn(line.words[2]);
  if (asn === null || line.words.length !== 3) return rejected("router bgp needs one AS number");
  if (config.bgp && config.bgp.asn !== asn) return rejected(`BGP is already running; AS is ${config.bgp.asn}`);
  config.bgp ??= { asn, defaultIpv4Unicast: true, neighbors: new Map(), networks: [], redistribute: [] };
  return applied({ kind: "router-bgp", bgp: config.bgp });
}

export function handleBgpSubmode(mode: Mode, line: ParsedLine): HandlerResult {
  if (mode.kind === "bgp-af-other") {
    if (line.words[0] === "exit-address-family") return applied();
    return ["neighbor", "network", "redistribute", "no", "maximum-paths"].includes(line.words[0] ?? "") ? notModelled : unknown;
  }
  if (mode.kind !== "router-bgp" && mode.kind !== "bgp-af-ipv4") return unknown;
  const bgp = mode.bgp;
  const inAddressFamily = mode.kind === "bgp-af-ipv4";
  const w = line.words;
  const negated = w[0] === "no";
  const c = negated ? w.slice(1) : w;

  if (c[0] === "neighbor") return neighborCommand(bgp, line, c, negated);
  if (c[0] === "network") return networkCommand(bgp, c, negated);
  if (c[0] === "maximum-paths") return maximumPaths(bgp, c, negated);
  if (c[0] === "redistribute") {
    if (c[1] === "static" || c[1] === "connected") {
      if (negated) bgp.redistribute = bgp.redistribute.filter((r) => r !== c[1]);
      else if (!bgp.redistribute.includes(c[1])) bgp.redistribute.push(c[1]);
      return applied();
    }
    return notModelled;
  }
  if (!inAddressFamily) {
    if (c[0] === "bgp" && c[1] === "router-id") {
      if (negated) {
        delete bgp.routerId;
        return applied();
      }
      if (c.length !== 3 || parseIpv4(c[2]!) === null) return rejected("bgp router-id needs one IPv4 address");
      bgp.routerId = c[2]!;
      return applied();
    }
    if (c[0] === "bgp" && c[1] === "default" && c[2] === "ipv4-unicast") {
      bgp.defaultIpv4Unicast = !negated;
      return applied();
    }
    if (c[0] === "bgp") return notModelled;
    if (c[0] === "address-family" && !negated) {
      if (c[1] === "ipv4" && (c[2] === undefined || c[2] === "unicast") && c.length <= 3) {
        return applied({ kind: "bgp-af-ipv4", bgp });
      }
      return { kind: "applied", modelled: false, enter: { kind: "bgp-af-other" } };
    }
  } else if (c[0] === "exit-address-family") return applied();
  if (c[0] !== undefined && OTHER_BGP_COMMANDS.has(c[0])) return notModelled;
  return unknown;
}

function newNeighbor(id: string, isPeerGroup: boolean): BgpNeighbor {
  return { id, isPeerGroup, disableConnectedCheck: false, shutdown: false, passive: false, password: false, softReconfigurationInbound: false };
}

function neighborCommand(bgp: BgpConfig, line: ParsedLine, c: string[], negated: boolean): HandlerResult {
  const id = c[1];
  const option = c[2];
  if (id === undefined || option === undefined) return rejected("incomplete neighbor command");
  const isAddress = parseIpv4(id) !== null;
  const existing = bgp.neighbors.get(id);

  // IOS also takes remote-as and peer-group under an address family and applies them to the neighbor.
  if (option === "remote-as") {
    if (negated) {
      bgp.neighbors.delete(id);
      return applied();
    }
    const asn = parseAsn(c[3]);
    if (asn === null || c.length !== 4) return rejected("remote-as needs one AS number");
    if (!existing && !isAddress) return rejected(`peer-group ${id} does not exist`);
    const neighbor = existing ?? newNeighbor(id, false);
    neighbor.remoteAs = asn;
    bgp.neighbors.set(id, neighbor);
    return applied();
  }
  if (option === "peer-group") {
    if (c.length === 3 && !isAddress) {
      if (!existing) bgp.neighbors.set(id, newNeighbor(id, true));
      return applied();
    }
    const group = c[3];
    if (!isAddress || group === undefined || c.length !== 4) return rejected("expected: neighbor <address> peer-group <name>");
    const groupEntry = bgp.neighbors.get(group);
    if (!groupEntry?.isPeerGroup) return rejected(`peer-group ${group} does not exist`);
    const neighbor = existing ?? newNeighbor(id, false);
    if (negated) delete neighbor.peerGroup;
    else neighbor.peerGroup = group;
    bgp.neighbors.set(id, neighbor);
    return applied();
  }
  // Every other option needs the neighbor to exist first.
  if (!existing) return rejected(`% Specify remote-as or peer-group commands first (neighbor ${id})`);

  switch (option) {
    case "activate":
      existing.ipv4Activate = !negated;
      return applied();
    case "soft-reconfiguration":
      existing.softReconfigurationInbound = !negated && c[3] === "inbound";
      return applied();
    case "update-source": {
      if (negated) {
        delete existing.updateSource;
        return applied();
      }
      const name = c[3] !== undefined && c.length === 4 ? canonicalInterfaceName(c[3]) : null;
      if (!name) return rejected("update-source needs one interface");
      existing.updateSource = name;
      return applied();
    }
    case "ebgp-multihop": {
      if (negated) {
        delete existing.ebgpMultihop;
        return applied();
      }
      const ttl = c[3] === undefined ? 255 : Number(c[3]);
      if (!Number.isInteger(ttl) || ttl < 1 || ttl > 255 || c.length > 4) return rejected("ebgp-multihop takes a TTL of 1-255");
      existing.ebgpMultihop = ttl;
      return applied();
    }
    case "disable-connected-check":
      existing.disableConnectedCheck = !negated;
      return applied();
    case "shutdown":
      existing.shutdown = !negated;
      return applied();
    case "description": {
      if (negated) {
        delete existing.description;
        return applied();
      }
      const text = restOfLine(line, 3);
      // Cisco IOS IP Command Reference, neighbor description: "up to 80 characters".
      if (text.length > NEIGHBOR_DESCRIPTION_MAX) return rejected(`neighbor description is longer than ${NEIGHBOR_DESCRIPTION_MAX} characters (${text.length})`);
      existing.description = text;
      return applied();
    }
    case "route-map":
    case "prefix-list": {
      const [name, direction] = [c[3], c[4]];
      if (name === undefined || (direction !== "in" && direction !== "out") || c.length !== 5) return rejected(`expected: neighbor ${id} ${option} NAME in|out`);
      const key = `${option === "route-map" ? "routeMap" : "prefixList"}${direction === "in" ? "In" : "Out"}` as const;
      if (negated) delete existing[key];
      else existing[key] = name;
      return applied();
    }
    case "maximum-prefix":
      return maximumPrefix(existing, c.slice(3), negated);
    case "fall-over": {
      if (negated) {
        delete existing.fallOver;
        return applied();
      }
      if (c.length === 3) existing.fallOver = {};
      else if (c[3] === "route-map" && c[4] !== undefined && c.length === 5) existing.fallOver = { routeMap: c[4] };
      else if (c[3] === "bfd") existing.fallOver = { bfd: true };
      else return rejected("expected: neighbor X fall-over [bfd | route-map NAME]");
      return applied();
    }
    case "password":
      existing.password = !negated;
      return applied();
    case "transport":
      if (c[3] === "connection-mode") existing.passive = !negated && c[4] === "passive";
      return applied();
    default:
      return OTHER_NEIGHBOR_OPTIONS.has(option) ? notModelled : rejected(`unknown neighbor option "${option}"`);
  }
}

/** neighbor X maximum-prefix N [threshold] [restart M | warning-only] */
function maximumPrefix(neighbor: BgpNeighbor, args: string[], negated: boolean): HandlerResult {
  if (negated) {
    delete neighbor.maximumPrefix;
    return applied();
  }
  const limit = Number(args[0]);
  if (!Number.isInteger(limit) || limit < 1 || limit > 2147483647) return rejected("maximum-prefix needs a count of 1-2147483647");
  const result: MaximumPrefix = { limit, thresholdPercent: 75, warningOnly: false };
  let rest = args.slice(1);
  if (rest[0] !== undefined && /^\d+$/.test(rest[0])) {
    const threshold = Number(rest[0]);
    if (threshold < 1 || threshold > 100) return rejected("the threshold is a percentage of 1-100");
    result.thresholdPercent = threshold;
    rest = rest.slice(1);
  }
  if (rest[0] === "warning-only" && rest.length === 1) result.warningOnly = true;
  else if (rest[0] === "restart" && rest.length === 2) {
    const minutes = Number(rest[1]);
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 65535) return rejected("restart takes 1-65535 minutes");
    result.restartMinutes = minutes;
  } else if (rest.length > 0) return rejected(`unexpected "${rest.join(" ")}"`);
  neighbor.maximumPrefix = result;
  return applied();
}

/** maximum-paths N (eBGP) | maximum-paths ibgp N | maximum-paths eibgp N */
function maximumPaths(bgp: BgpConfig, c: string[], negated: boolean): HandlerResult {
  if (c[1] === "ibgp" || c[1] === "eibgp") return notModelled; // the NVAs have no iBGP peers
  if (negated) {
    delete bgp.maximumPaths;
    return applied();
  }
  const n = Number(c[1]);
  if (!Number.isInteger(n) || n < 1 || n > 32 || c.length !== 2) return rejected("maximum-paths takes 1-32");
  bgp.maximumPaths = n;
  return applied();
}

function classfulLength(address: number): number {
  const first = address >>> 24;
  return first < 128 ? 8 : first < 192 ? 16 : 24;
}

function networkCommand(bgp: BgpConfig, c: string[], negated: boolean): HandlerResult {
  const address = c[1] !== undefined ? parseIpv4(c[1]) : null;
  if (address === null) return rejected("network needs an IPv4 address");
  let length: number | null;
  let rest: string[];
  if (c[2] === "mask") {
    length = c[3] !== undefined ? maskToLength(c[3]) : null;
    if (length === null) return rejected("network ... mask needs a valid mask");
    rest = c.slice(4);
  } else {
    length = classfulLength(address);
    rest = c.slice(2);
  }
  if (rest.length > 0 && rest[0] !== "route-map" && rest[0] !== "backdoor") return rejected(`unexpected "${rest.join(" ")}"`);
  const prefix = prefixOf(address, length);
  const network = formatIpv4(prefix.network);
  bgp.networks = bgp.networks.filter((n) => !(n.network === network && n.length === length));
  if (!negated) bgp.networks.push({ network, mask: formatIpv4(length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0), length });
  return applied();
}
