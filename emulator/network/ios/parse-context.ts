// The pieces every configuration-mode handler shares. IOS reads a
// configuration one line at a time in a "mode" (global, interface, router
// bgp, ...). A handler tells the reader whether the line is a command of its
// mode (applied, possibly opening a sub-mode), a command of its mode that IOS
// refuses ("% Invalid input"), or not a command of its mode at all, in which
// case IOS tries the enclosing modes.
import type {
  BgpConfig,
  Ikev2Keyring,
  Ikev2Policy,
  Ikev2Profile,
  Ikev2Proposal,
  IosConfig,
  IosInterface,
  IpsecProfile,
  KeyringPeer,
  RouteMapEntry,
  TransformSet,
} from "./types.js";

export type Mode =
  | { kind: "global" }
  | { kind: "interface"; iface: IosInterface }
  | { kind: "ikev2-proposal"; proposal: Ikev2Proposal }
  | { kind: "ikev2-policy"; policy: Ikev2Policy }
  | { kind: "ikev2-keyring"; keyring: Ikev2Keyring }
  | { kind: "keyring-peer"; peer: KeyringPeer }
  | { kind: "ikev2-profile"; profile: Ikev2Profile }
  | { kind: "transform-set"; transformSet: TransformSet }
  | { kind: "ipsec-profile"; profile: IpsecProfile }
  | { kind: "router-bgp"; bgp: BgpConfig }
  | { kind: "bgp-af-ipv4"; bgp: BgpConfig }
  | { kind: "route-map"; entry: RouteMapEntry }
  /** An address family the model does not follow (ipv6, vpnv4, ...): its lines are read and dropped. */
  | { kind: "bgp-af-other" }
  /** A block opened by a global command the model does not follow (line vty, crypto pki, ...). */
  | { kind: "unmodelled" };

export type HandlerResult =
  | { kind: "applied"; enter?: Mode; modelled?: boolean }
  | { kind: "rejected"; reason: string }
  | { kind: "unknown" };

export const applied = (enter?: Mode): HandlerResult => ({ kind: "applied", ...(enter ? { enter } : {}) });
/** A real command of this mode that the model has no use for: kept as an ignored line. */
export const notModelled: HandlerResult = { kind: "applied", modelled: false };
export const rejected = (reason: string): HandlerResult => ({ kind: "rejected", reason });
export const unknown: HandlerResult = { kind: "unknown" };

export interface ParsedLine {
  /** Whitespace-separated words. */
  words: string[];
  /** The line without leading/trailing blanks. */
  text: string;
  /** 1-based line number. */
  number: number;
}

export type ModeHandler = (mode: Mode, line: ParsedLine, config: IosConfig) => HandlerResult;

/** The words after the first `count` words, joined back as typed (for descriptions and keys). */
export function restOfLine(line: ParsedLine, count: number): string {
  let rest = line.text;
  for (let i = 0; i < count; i++) rest = rest.replace(/^\S+\s*/, "");
  return rest;
}

/** An ASN in asplain ("65002") or asdot ("1.10") notation; null when invalid. */
export function parseAsn(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n >= 1 && n <= 4294967295 ? n : null;
  }
  const dot = /^(\d+)\.(\d+)$/.exec(text);
  if (dot) {
    const high = Number(dot[1]);
    const low = Number(dot[2]);
    return high <= 65535 && low <= 65535 ? high * 65536 + low : null;
  }
  return null;
}
