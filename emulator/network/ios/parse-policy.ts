// Routing policy lines: `ip prefix-list`, `route-map` with its `match ip
// address prefix-list`, and `ip name-server`. Route maps and prefix lists
// decide what a BGP neighbor is sent (route-policy.ts evaluates them).
import { formatIpv4, parseIpv4, prefixOf } from "../ipv4.js";
import { applied, notModelled, rejected, unknown, type HandlerResult, type ParsedLine } from "./parse-context.js";
import type { IosConfig, PrefixListEntry, RouteMapEntry } from "./types.js";

// Route-map sub-commands the model reads but does not follow.
const OTHER_ROUTE_MAP_COMMANDS = new Set(["set", "description", "continue"]);

/** ip prefix-list NAME [seq N] {permit|deny} A.B.C.D/L [ge G] [le L]  |  ip prefix-list NAME description ... */
export function ipPrefixList(line: ParsedLine, config: IosConfig): HandlerResult {
  const [, , name, ...rest] = line.words;
  if (name === undefined || rest.length === 0) return rejected("ip prefix-list needs a name and an entry");
  if (rest[0] === "description" || rest[0] === "sequence-number") return notModelled;
  const entries = config.prefixLists.get(name) ?? [];
  let seq: number;
  if (rest[0] === "seq") {
    seq = Number(rest[1]);
    if (!Number.isInteger(seq) || seq < 1 || seq > 4294967294) return rejected("seq must be 1-4294967294");
    rest.splice(0, 2);
  } else {
    // IOS numbers entries in steps of 5 after the highest one.
    seq = (entries.reduce((m, e) => Math.max(m, e.seq), 0) + 5);
  }
  const [action, prefixText, ...bounds] = rest;
  if (action !== "permit" && action !== "deny") return rejected(`expected permit or deny, not "${action ?? ""}"`);
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(prefixText ?? "");
  const address = m ? parseIpv4(m[1]!) : null;
  const length = m ? Number(m[2]) : NaN;
  if (address === null || !(length >= 0 && length <= 32)) return rejected(`"${prefixText ?? ""}" is not a prefix (A.B.C.D/L)`);
  const network = prefixOf(address, length).network;
  if (network !== address) return rejected(`${prefixText} has host bits set; IOS wants ${formatIpv4(network)}/${length}`);
  const entry: PrefixListEntry = { seq, action, network: formatIpv4(network), length };
  for (let i = 0; i < bounds.length; i += 2) {
    const key = bounds[i];
    const value = Number(bounds[i + 1]);
    if ((key !== "ge" && key !== "le") || !Number.isInteger(value)) return rejected(`unexpected "${bounds.slice(i).join(" ")}"`);
    if (value <= length || value > 32) return rejected(`${key} ${value} must be greater than the prefix length ${length} and at most 32`);
    entry[key] = value;
  }
  if (entry.ge !== undefined && entry.le !== undefined && entry.le < entry.ge) return rejected("le must not be smaller than ge");
  config.prefixLists.set(name, [...entries.filter((e) => e.seq !== seq), entry].sort((a, b) => a.seq - b.seq));
  return applied();
}

/** ip name-server [vrf V] A [B ...] (up to six servers). */
export function ipNameServer(line: ParsedLine, config: IosConfig): HandlerResult {
  const servers = line.words.slice(2);
  if (servers[0] === "vrf") return notModelled;
  if (servers.length === 0 || servers.length > 6 || servers.some((s) => parseIpv4(s) === null)) return rejected("ip name-server takes one to six IPv4 addresses");
  for (const s of servers) if (!config.nameServers.includes(s)) config.nameServers.push(s);
  return applied();
}

/** route-map NAME [permit|deny] [seq]: opens (or reopens) that entry. */
export function handleRouteMapCommand(line: ParsedLine, config: IosConfig): HandlerResult {
  const [, name, actionText, seqText, ...extra] = line.words;
  if (name === undefined || extra.length > 0) return rejected("expected: route-map NAME [permit|deny] [sequence]");
  const action = actionText ?? "permit";
  if (action !== "permit" && action !== "deny") return rejected(`expected permit or deny, not "${action}"`);
  const seq = seqText === undefined ? 10 : Number(seqText);
  if (!Number.isInteger(seq) || seq < 0 || seq > 65535) return rejected("route-map sequence must be 0-65535");
  const entries = config.routeMaps.get(name) ?? [];
  let entry = entries.find((e) => e.seq === seq);
  if (!entry) {
    entry = { seq, action, matchPrefixLists: [], unmodelledMatch: false };
    config.routeMaps.set(name, [...entries, entry].sort((a, b) => a.seq - b.seq));
  }
  entry.action = action;
  return applied({ kind: "route-map", entry });
}

export function handleRouteMapSubmode(entry: RouteMapEntry, line: ParsedLine): HandlerResult {
  const w = line.words;
  const negated = w[0] === "no";
  const c = negated ? w.slice(1) : w;
  if (c[0] === "match") {
    if (c[1] === "ip" && c[2] === "address" && c[3] === "prefix-list") {
      const names = c.slice(4);
      if (names.length === 0) return rejected("match ip address prefix-list needs a name");
      entry.matchPrefixLists = negated ? entry.matchPrefixLists.filter((n) => !names.includes(n)) : [...new Set([...entry.matchPrefixLists, ...names])];
      return applied();
    }
    if (c.length < 2) return rejected("incomplete match clause");
    if (!negated) entry.unmodelledMatch = true;
    return notModelled;
  }
  if (c[0] !== undefined && OTHER_ROUTE_MAP_COMMANDS.has(c[0])) return notModelled;
  return unknown;
}
