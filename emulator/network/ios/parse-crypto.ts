// crypto ikev2 proposal / policy / keyring / profile and crypto ipsec
// transform-set / profile, global commands and their sub-modes.
import { maskToLength, parseIpv4 } from "../ipv4.js";
import { canonicalInterfaceName } from "./interface-names.js";
import { applied, notModelled, rejected, restOfLine, unknown, type HandlerResult, type Mode, type ParsedLine } from "./parse-context.js";
import type { Ikev2Profile, IosConfig, KeyringPeer } from "./types.js";

const IKEV2_ENCRYPTION = new Set(["aes-cbc-128", "aes-cbc-192", "aes-cbc-256", "aes-gcm-128", "aes-gcm-256", "3des", "des"]);
const IKEV2_HASH = new Set(["md5", "sha1", "sha256", "sha384", "sha512"]);
const IKEV2_GROUPS = new Set(["1", "2", "5", "14", "15", "16", "19", "20", "21", "24"]);
const PFS_GROUPS = new Set(["group1", "group2", "group5", "group14", "group15", "group16", "group19", "group20", "group21", "group24"]);

/** Transforms that take an optional key size, and their default size. */
const SIZED_TRANSFORMS: Record<string, string> = { "esp-aes": "128", "esp-gcm": "128", "esp-gmac": "128" };
const PLAIN_TRANSFORMS = new Set([
  "esp-3des", "esp-des", "esp-null", "esp-seal", "esp-sha-hmac", "esp-md5-hmac", "esp-sha256-hmac", "esp-sha384-hmac",
  "esp-sha512-hmac", "ah-sha-hmac", "ah-md5-hmac", "ah-sha256-hmac", "ah-sha384-hmac", "ah-sha512-hmac", "comp-lzs",
]);

/** `crypto ...` in global mode. */
export function handleCryptoCommand(line: ParsedLine, config: IosConfig): HandlerResult {
  const [, family, kind, name, ...extra] = line.words;
  if (family === "ikev2" && name !== undefined && extra.length === 0) {
    if (kind === "proposal") {
      const proposal = config.ikev2Proposals.get(name) ?? { name, encryption: [], integrity: [], prf: [], groups: [] };
      config.ikev2Proposals.set(name, proposal);
      return applied({ kind: "ikev2-proposal", proposal });
    }
    if (kind === "policy") {
      const policy = config.ikev2Policies.get(name) ?? { name, proposals: [], matchLocalAddresses: [] };
      config.ikev2Policies.set(name, policy);
      return applied({ kind: "ikev2-policy", policy });
    }
    if (kind === "keyring") {
      const keyring = config.ikev2Keyrings.get(name) ?? { name, peers: [] };
      config.ikev2Keyrings.set(name, keyring);
      return applied({ kind: "ikev2-keyring", keyring });
    }
    if (kind === "profile") {
      const profile = config.ikev2Profiles.get(name) ?? { name, matchRemoteAddresses: [], authenticationRemote: [] };
      config.ikev2Profiles.set(name, profile);
      return applied({ kind: "ikev2-profile", profile });
    }
  }
  if (family === "ipsec" && kind === "transform-set" && name !== undefined) {
    const transforms = normaliseTransforms(extra);
    if (typeof transforms === "string") return rejected(transforms);
    const transformSet = { name, transforms };
    config.transformSets.set(name, transformSet);
    return applied({ kind: "transform-set", transformSet });
  }
  if (family === "ipsec" && kind === "profile" && name !== undefined && extra.length === 0) {
    const profile = config.ipsecProfiles.get(name) ?? { name, transformSets: [] };
    config.ipsecProfiles.set(name, profile);
    return applied({ kind: "ipsec-profile", profile });
  }
  // crypto pki, crypto isakmp, crypto map, ...: real commands, not modelled.
  return { kind: "applied", modelled: false, enter: { kind: "unmodelled" } };
}

/** ["esp-aes", "256", "esp-sha256-hmac"] -> ["esp-aes 256", "esp-sha256-hmac"], or the reason IOS refuses them. */
export function normaliseTransforms(words: string[]): string[] | string {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.toLowerCase();
    if (w in SIZED_TRANSFORMS) {
      const next = words[i + 1];
      if (next === "128" || next === "192" || next === "256") {
        out.push(`${w} ${next}`);
        i++;
      } else out.push(`${w} ${SIZED_TRANSFORMS[w]}`);
    } else if (PLAIN_TRANSFORMS.has(w)) out.push(w);
    else return `"${words[i]}" is not a transform`;
  }
  if (out.length === 0) return "a transform-set needs at least one transform";
  const ciphers = out.filter((t) => /^esp-(aes|gcm|gmac|3des|des|null|seal)\b/.test(t));
  const espHashes = out.filter((t) => /^esp-.*-hmac$/.test(t));
  if (ciphers.length > 1) return "a transform-set takes one ESP encryption transform";
  if (espHashes.length > 1) return "a transform-set takes one ESP authentication transform";
  if (ciphers.some((t) => t.startsWith("esp-gcm") || t.startsWith("esp-gmac")) && espHashes.length > 0) {
    return "esp-gcm/esp-gmac already authenticate; they cannot be combined with an ESP hmac transform";
  }
  return out;
}

export function handleCryptoSubmode(mode: Mode, line: ParsedLine, config: IosConfig): HandlerResult {
  const w = line.words;
  const negated = w[0] === "no";
  const c = negated ? w.slice(1) : w;
  switch (mode.kind) {
    case "ikev2-proposal": {
      const p = mode.proposal;
      const lists = { encryption: [p.encryption, IKEV2_ENCRYPTION], integrity: [p.integrity, IKEV2_HASH], prf: [p.prf, IKEV2_HASH], group: [p.groups, IKEV2_GROUPS] } as const;
      const key = c[0] as keyof typeof lists | undefined;
      if (key === undefined || !(key in lists)) return unknown;
      const [list, allowed] = lists[key];
      const values = c.slice(1);
      if (values.length === 0) return rejected(`${key} needs at least one value`);
      const bad = values.find((v) => !allowed.has(v));
      if (bad !== undefined) return rejected(`"${bad}" is not a valid ${key} for an IKEv2 proposal`);
      for (const v of values) {
        const at = list.indexOf(v);
        if (negated && at >= 0) list.splice(at, 1);
        if (!negated && at < 0) list.push(v);
      }
      return applied();
    }
    case "ikev2-policy": {
      if (c[0] === "proposal") {
        if (c.length !== 2) return rejected("proposal needs one name");
        if (negated) mode.policy.proposals = mode.policy.proposals.filter((x) => x !== c[1]);
        else if (!mode.policy.proposals.includes(c[1]!)) mode.policy.proposals.push(c[1]!);
        return applied();
      }
      if (c[0] === "match" && c[1] === "address" && c[2] === "local") {
        if (c.length !== 4 || parseIpv4(c[3]!) === null) return rejected("match address local needs one IPv4 address");
        if (!negated) mode.policy.matchLocalAddresses.push(c[3]!);
        return applied();
      }
      if (c[0] === "match" || c[0] === "description") return notModelled;
      return unknown;
    }
    case "ikev2-keyring": {
      if (c[0] === "peer" && c.length === 2 && !negated) {
        const existing = mode.keyring.peers.find((p) => p.name === c[1]);
        const peer = existing ?? { name: c[1]! };
        if (!existing) mode.keyring.peers.push(peer);
        return applied({ kind: "keyring-peer", peer });
      }
      if (c[0] === "description") return notModelled;
      return unknown;
    }
    case "keyring-peer":
      return keyringPeerCommand(mode.peer, line, c, negated);
    case "ikev2-profile":
      return ikev2ProfileCommand(mode.profile, c, negated);
    case "transform-set": {
      if (c[0] === "mode") {
        if (c[1] !== "tunnel" && c[1] !== "transport") return rejected(`unknown mode "${c[1] ?? ""}"`);
        mode.transformSet.mode = c[1];
        return applied();
      }
      return unknown;
    }
    case "ipsec-profile":
      return ipsecProfileCommand(mode, c, negated, config);
    default:
      return unknown;
  }
}

function keyringPeerCommand(peer: KeyringPeer, line: ParsedLine, c: string[], negated: boolean): HandlerResult {
  if (c[0] === "address") {
    const ip = c[1] !== undefined ? parseIpv4(c[1]) : null;
    const maskText = c[2] ?? "255.255.255.255";
    if (ip === null || maskToLength(maskText) === null || c.length > 3) return rejected("address needs an IPv4 address and an optional mask");
    if (negated) delete peer.address;
    else peer.address = { ip: c[1]!, mask: maskText };
    return applied();
  }
  if (c[0] === "pre-shared-key") {
    if (negated) {
      delete peer.preSharedKey;
      delete peer.localKey;
      delete peer.remoteKey;
      return applied();
    }
    // pre-shared-key [local|remote] [0|6] <key, to the end of the line>
    let consumed = 1;
    let direction: "local" | "remote" | undefined;
    if (c[1] === "local" || c[1] === "remote") {
      direction = c[1];
      consumed++;
    }
    let encrypted = false;
    if ((c[consumed] === "0" || c[consumed] === "6") && c.length > consumed + 1) {
      encrypted = c[consumed] === "6";
      consumed++;
    }
    const key = restOfLine(line, consumed);
    if (key.length === 0) return rejected("pre-shared-key needs a key");
    if (encrypted) peer.encryptedKey = true;
    if (direction === "local") peer.localKey = key;
    else if (direction === "remote") peer.remoteKey = key;
    else peer.preSharedKey = key;
    return applied();
  }
  if (c[0] === "identity" || c[0] === "description" || c[0] === "hostname") return notModelled;
  return unknown;
}

function ikev2ProfileCommand(profile: Ikev2Profile, c: string[], negated: boolean): HandlerResult {
  const [a, b, d, e, ...more] = c;
  if (a === "match" && b === "identity" && d === "remote") {
    if (e === "address") {
      const ipText = more[0];
      const maskText = more[1] ?? "255.255.255.255";
      if (ipText === undefined || parseIpv4(ipText) === null || maskToLength(maskText) === null || more.length > 2) {
        return rejected("match identity remote address needs an IPv4 address and an optional mask");
      }
      if (negated) profile.matchRemoteAddresses = profile.matchRemoteAddresses.filter((m) => m.ip !== ipText);
      else profile.matchRemoteAddresses.push({ ip: ipText, mask: maskText });
      return applied();
    }
    return notModelled; // fqdn / email / key-id identities: Azure identifies itself by address
  }
  if (a === "match" && b === "address" && d === "local") {
    if (e === "interface") {
      const name = more[0] !== undefined ? canonicalInterfaceName(more[0]) : null;
      if (!name || more.length !== 1) return rejected("match address local interface needs one interface");
      if (negated) delete profile.matchLocalInterface;
      else profile.matchLocalInterface = name;
      return applied();
    }
    if (e !== undefined && parseIpv4(e) !== null && more.length === 0) {
      if (negated) delete profile.matchLocalAddress;
      else profile.matchLocalAddress = e;
      return applied();
    }
    return rejected("match address local needs an address or an interface");
  }
  if (a === "match") return notModelled; // match fvrf, match certificate, ...
  if (a === "authentication") {
    if ((b !== "local" && b !== "remote") || d === undefined) return rejected("authentication needs local|remote and a method");
    if (!["pre-share", "rsa-sig", "ecdsa-sig", "eap"].includes(d)) return rejected(`unknown authentication method "${d}"`);
    if (b === "local") {
      if (negated) delete profile.authenticationLocal;
      else profile.authenticationLocal = d;
    } else if (negated) profile.authenticationRemote = profile.authenticationRemote.filter((m) => m !== d);
    else if (!profile.authenticationRemote.includes(d)) profile.authenticationRemote.push(d);
    return applied();
  }
  if (a === "keyring") {
    if (b !== "local" || d === undefined || e !== undefined) return rejected("expected: keyring local <name>");
    if (negated) delete profile.keyringLocal;
    else profile.keyringLocal = d;
    return applied();
  }
  if (a === "identity") {
    if (b !== "local" || d === undefined || e === undefined) return rejected("expected: identity local address|fqdn|email|key-id <value>");
    if (negated) delete profile.identityLocal;
    else profile.identityLocal = `${d} ${e}`;
    return applied();
  }
  if (a === "lifetime") {
    const seconds = Number(b);
    if (!Number.isInteger(seconds) || seconds < 120 || seconds > 86400 || d !== undefined) return rejected("lifetime takes 120-86400 seconds");
    if (negated) delete profile.lifetimeSeconds;
    else profile.lifetimeSeconds = seconds;
    return applied();
  }
  if (a === "dpd") {
    const interval = Number(b);
    const retry = Number(d);
    if (!Number.isInteger(interval) || !Number.isInteger(retry) || (e !== "on-demand" && e !== "periodic")) {
      return rejected("expected: dpd <interval> <retry> on-demand|periodic");
    }
    if (negated) delete profile.dpd;
    else profile.dpd = { interval, retry, mode: e };
    return applied();
  }
  if (a === "nat" || a === "virtual-template" || a === "description" || a === "ivrf" || a === "config-exchange") return notModelled;
  return unknown;
}

function ipsecProfileCommand(mode: Extract<Mode, { kind: "ipsec-profile" }>, c: string[], negated: boolean, _config: IosConfig): HandlerResult {
  if (c[0] !== "set") return c[0] === "description" ? notModelled : unknown;
  const profile = mode.profile;
  const [, what, ...args] = c;
  if (what === "transform-set") {
    if (args.length === 0 || args.length > 6) return rejected("set transform-set takes 1 to 6 names");
    profile.transformSets = negated ? [] : args;
    return applied();
  }
  if (what === "ikev2-profile") {
    if (args.length !== 1) return rejected("set ikev2-profile takes one name");
    if (negated) delete profile.ikev2Profile;
    else profile.ikev2Profile = args[0]!;
    return applied();
  }
  if (what === "pfs") {
    if (negated) {
      delete profile.pfsGroup;
      return applied();
    }
    // `set pfs` alone means group1 on IOS.
    const group = args[0] ?? "group1";
    if (!PFS_GROUPS.has(group) || args.length > 1) return rejected(`"${group}" is not a PFS group`);
    profile.pfsGroup = group;
    return applied();
  }
  if (what === "security-association" && args[0] === "lifetime") {
    const [, unit, value] = args;
    if (unit === "kilobytes" && value === "disable") {
      delete profile.lifetimeKilobytes;
      return applied();
    }
    const n = Number(value);
    if ((unit !== "seconds" && unit !== "kilobytes") || !Number.isInteger(n) || n <= 0) {
      return rejected("expected: set security-association lifetime seconds|kilobytes <n>");
    }
    if (unit === "seconds") profile.lifetimeSeconds = n;
    else profile.lifetimeKilobytes = n;
    return applied();
  }
  return notModelled; // set security-association replay, set isakmp-profile, ...
}
