// The IOS XE configuration reader. It follows IOS's own rules rather than
// indentation alone: a line is tried in the current mode, then in each
// enclosing mode (so an unindented `ip route` after an interface block is a
// global command, and an unindented `ip address` right after `interface X`
// still belongs to the interface). A command IOS refuses is not applied and is
// recorded in `rejected`; lines the model does not follow are kept in
// `ignored`.
import { maskToLength, parseIpv4, prefixOf, formatIpv4 } from "../ipv4.js";
import { iosConfigurationFromCustomData } from "./bootstrap.js";
import { canonicalInterfaceName } from "./interface-names.js";
import { handleBgpSubmode, handleRouterBgp } from "./parse-bgp.js";
import { handleCryptoCommand, handleCryptoSubmode } from "./parse-crypto.js";
import { handleInterfaceCommand, newInterface } from "./parse-interface.js";
import { handleRouteMapCommand, handleRouteMapSubmode, ipNameServer, ipPrefixList } from "./parse-policy.js";
import { applied, notModelled, rejected, unknown, type HandlerResult, type Mode, type ParsedLine } from "./parse-context.js";
import type { IosConfig } from "./types.js";

export function emptyIosConfig(): IosConfig {
  return {
    interfaces: new Map(),
    staticRoutes: [],
    ikev2Proposals: new Map(),
    ikev2Policies: new Map(),
    ikev2Keyrings: new Map(),
    ikev2Profiles: new Map(),
    transformSets: new Map(),
    ipsecProfiles: new Map(),
    prefixLists: new Map(),
    routeMaps: new Map(),
    nameServers: [],
    rejected: [],
    ignored: [],
  };
}

/** Read VM customData (base64, optionally in the c8000v bootstrap format). */
export function parseCustomData(customData: string, startFrom?: IosConfig): IosConfig {
  return parseIosConfig(iosConfigurationFromCustomData(customData), startFrom);
}

/**
 * Read an IOS configuration. `startFrom` is the configuration already on the
 * router (the image's factory settings) that this text is applied on top of.
 */
export function parseIosConfig(text: string, startFrom: IosConfig = emptyIosConfig()): IosConfig {
  const config = startFrom;
  const stack: Mode[] = [{ kind: "global" }];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("!") || trimmed.startsWith("#")) return;
    const words = trimmed.split(/\s+/);
    const line: ParsedLine = { words, text: trimmed, number: lineNumber };
    const first = words[0]!;
    if (first === "end") {
      stack.length = 1;
      return;
    }
    if (first === "exit" && words.length === 1) {
      if (stack.length > 1) stack.pop();
      return;
    }
    const indented = /^\s/.test(raw);
    for (let depth = stack.length - 1; depth >= 0; depth--) {
      const result = handle(stack[depth]!, line, config);
      if (result.kind === "unknown") continue;
      stack.length = depth + 1;
      if (result.kind === "rejected") {
        config.rejected.push({ line: lineNumber, text: trimmed, reason: result.reason });
        return;
      }
      if (result.modelled === false) config.ignored.push({ line: lineNumber, text: trimmed });
      if (first === "exit-address-family" && stack.length > 1) stack.pop();
      if (result.enter) stack.push(result.enter);
      return;
    }
    config.ignored.push({ line: lineNumber, text: trimmed });
    // An indented line nobody knows stays in the current block; an unindented
    // one is a global command of its own and may open a block of its own.
    if (!indented || stack.length === 1) {
      stack.length = 1;
      stack.push({ kind: "unmodelled" });
    }
  });
  return config;
}

function handle(mode: Mode, line: ParsedLine, config: IosConfig): HandlerResult {
  switch (mode.kind) {
    case "global":
      return handleGlobal(line, config);
    case "interface":
      return handleInterfaceCommand(mode.iface, line, config);
    case "router-bgp":
    case "bgp-af-ipv4":
    case "bgp-af-other":
      return handleBgpSubmode(mode, line);
    case "route-map":
      return handleRouteMapSubmode(mode.entry, line);
    case "unmodelled":
      return unknown;
    default:
      return handleCryptoSubmode(mode, line, config);
  }
}

function handleGlobal(line: ParsedLine, config: IosConfig): HandlerResult {
  const w = line.words;
  // IOS takes unambiguous abbreviations; "int" is the one engineers type.
  const command = w[0] !== undefined && w[0].length >= 3 && "interface".startsWith(w[0]) ? "interface" : w[0];
  switch (command) {
    case "hostname":
      if (w.length !== 2) return rejected("hostname takes one word");
      config.hostname = w[1]!;
      return applied();
    case "interface": {
      const name = canonicalInterfaceName(w.slice(1).join(""));
      if (!name) return rejected(`"${w.slice(1).join(" ")}" is not an interface`);
      const iface = config.interfaces.get(name) ?? newInterface(name);
      config.interfaces.set(name, iface);
      return applied({ kind: "interface", iface });
    }
    case "ip":
      if (w[1] === "route") return ipRoute(line, config);
      if (w[1] === "prefix-list") return ipPrefixList(line, config);
      if (w[1] === "name-server") return ipNameServer(line, config);
      return notModelled;
    case "route-map":
      return handleRouteMapCommand(line, config);
    case "crypto":
      return handleCryptoCommand(line, config);
    case "router":
      if (w[1] === "bgp") return handleRouterBgp(line, config);
      return { kind: "applied", modelled: false, enter: { kind: "unmodelled" } };
    case "no":
      if (w[1] === "ip" && w[2] === "route") return notModelled;
      // `no ip prefix-list NAME [seq N ...]` and `no route-map NAME [...]`
      // remove the whole list or map here; a day-0 file does not edit entries.
      if (w[1] === "ip" && w[2] === "prefix-list" && w[3] !== undefined) {
        config.prefixLists.delete(w[3]);
        return applied();
      }
      if (w[1] === "route-map" && w[2] !== undefined) {
        config.routeMaps.delete(w[2]);
        return applied();
      }
      return unknown;
    default:
      return unknown;
  }
}

/** ip route <network> <mask> {<next-hop> | <interface> [<next-hop>]} [<distance>] [name <n>] [permanent] [tag <t>] */
function ipRoute(line: ParsedLine, config: IosConfig): HandlerResult {
  const args = line.words.slice(2);
  if (args[0] === "vrf") return notModelled; // only the global table carries these sessions
  const [networkText, maskText, target, ...rest] = args;
  const network = networkText !== undefined ? parseIpv4(networkText) : null;
  const length = maskText !== undefined ? maskToLength(maskText) : null;
  if (network === null || length === null || target === undefined) return rejected("ip route needs a network, a mask and a next hop or interface");
  if (prefixOf(network, length).network !== network) return rejected(`inconsistent address and mask (${networkText} ${maskText})`);
  let nextHop: string | undefined;
  let iface: string | undefined;
  if (parseIpv4(target) !== null) nextHop = target;
  else {
    const name = canonicalInterfaceName(target);
    if (!name) return rejected(`"${target}" is neither an address nor an interface`);
    iface = name;
    if (rest[0] !== undefined && parseIpv4(rest[0]) !== null) nextHop = rest.shift();
  }
  let distance = 1;
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (/^\d+$/.test(word) && i === 0) {
      distance = Number(word);
      if (distance < 1 || distance > 255) return rejected("distance must be 1-255");
    } else if (word === "name" || word === "tag" || word === "track") i++;
    else if (word !== "permanent" && word !== "global") return rejected(`unexpected "${word}"`);
  }
  config.staticRoutes.push({
    line: line.number,
    text: line.text,
    network: formatIpv4(network),
    mask: maskText!,
    length,
    ...(iface ? { interface: iface } : {}),
    ...(nextHop ? { nextHop } : {}),
    distance,
  });
  return applied();
}
