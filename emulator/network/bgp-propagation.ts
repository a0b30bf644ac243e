// Route exchange over the sessions that are Connected, to a fixed point.
// Each speaker originates its own prefixes, picks one best path per prefix
// (its own origination, then the shortest AS path, then the lowest peer
// address), and advertises its best paths to every other session with its
// ASN prepended. A receiver drops any path that already holds its own ASN
// (eBGP loop prevention), which is also what keeps the two NVAs (same ASN)
// from learning each other's routes through Route Server or the gateway.
// An NVA end carries its neighbor policy: its outbound route-map/prefix-list
// decides what it sends, its inbound one what it keeps. With `maximum-paths`
// above 1 an NVA installs up to that many equal paths (same AS path, from
// different sessions) — the next hops it spreads traffic over.
import { filterPermits, type NeighborPolicy } from "./ios/route-policy.js";
import { parseIpv4 } from "./ipv4.js";

export interface Speaker {
  key: string;
  asn: number;
  originated: string[];
  /** `maximum-paths`: equal eBGP paths installed per prefix (1 when absent). */
  maximumPaths?: number;
}

export interface SessionEnd {
  speaker: string;
  /** This end's address on the session (the next hop it advertises). */
  address: string;
  /** This end's policy toward the other end (an NVA's neighbor settings); none = send and accept everything. */
  policy?: NeighborPolicy;
}

export interface BestPath {
  asPath: number[];
  local: boolean;
  /** Next hops installed for the prefix: the best path's, plus equal paths up to maximum-paths (empty for a local route). */
  nextHops: string[];
}

export interface SessionLink {
  key: string;
  a: SessionEnd;
  b: SessionEnd;
}

export interface ExchangedRoute {
  prefix: string;
  asPath: number[];
  nextHop: string;
  /** True when the sender originated the prefix itself. */
  originatedBySender: boolean;
}

export interface Propagation {
  /** `${session}|${speaker}` -> routes that speaker accepted on that session. */
  received: Map<string, ExchangedRoute[]>;
  /** `${session}|${speaker}` -> routes that speaker sent on that session (before the receiver's loop check). */
  sent: Map<string, ExchangedRoute[]>;
  /** Each speaker's best path per prefix. */
  best: Map<string, Map<string, BestPath>>;
}

type Candidate = BestPath & { viaSpeaker?: string; from?: number };

export const endKey = (session: string, speaker: string): string => `${session}|${speaker}`;

const MAX_ROUNDS = 32;

export function propagate(speakers: Speaker[], sessions: SessionLink[]): Propagation {
  const bySpeaker = new Map(speakers.map((s) => [s.key, s]));
  const received = new Map<string, ExchangedRoute[]>();
  const sent = new Map<string, ExchangedRoute[]>();
  let best = new Map<string, Map<string, Candidate>>();

  for (let round = 0; round < MAX_ROUNDS; round++) {
    best = new Map();
    for (const speaker of speakers) best.set(speaker.key, bestPaths(speaker, sessions, received));
    let changed = false;
    for (const session of sessions) {
      for (const [from, to] of [[session.a, session.b], [session.b, session.a]] as const) {
        const sender = bySpeaker.get(from.speaker);
        const receiver = bySpeaker.get(to.speaker);
        if (!sender || !receiver) continue;
        const out: ExchangedRoute[] = [];
        for (const [prefix, path] of best.get(sender.key)!) {
          // Not back to the speaker it came from, over any of their sessions
          // (a gateway or Route Server holds two sessions with each NVA).
          if (path.viaSpeaker === to.speaker) continue;
          if (from.policy && !filterPermits(from.policy.out, prefix)) continue;
          out.push({ prefix, asPath: [sender.asn, ...path.asPath], nextHop: from.address, originatedBySender: path.local });
        }
        out.sort((x, y) => x.prefix.localeCompare(y.prefix));
        const accepted = out.filter((r) => !r.asPath.includes(receiver.asn) && (!to.policy || filterPermits(to.policy.in, r.prefix)));
        const key = endKey(session.key, to.speaker);
        if (JSON.stringify(received.get(key) ?? []) !== JSON.stringify(accepted)) changed = true;
        received.set(key, accepted);
        sent.set(endKey(session.key, from.speaker), out);
      }
    }
    if (!changed) break;
  }
  const publicBest = new Map([...best].map(([k, m]) => [k, new Map([...m].map(([p, v]) => [p, { asPath: v.asPath, local: v.local, nextHops: v.nextHops }]))]));
  return { received, sent, best: publicBest };
}

function bestPaths(speaker: Speaker, sessions: SessionLink[], received: Map<string, ExchangedRoute[]>): Map<string, Candidate> {
  const best = new Map<string, Candidate>();
  const equal = new Map<string, { asPath: string; nextHop: string; from: number }[]>();
  for (const prefix of speaker.originated) best.set(prefix, { asPath: [], local: true, nextHops: [] });
  const mine = sessions.filter((s) => s.a.speaker === speaker.key || s.b.speaker === speaker.key).sort((x, y) => x.key.localeCompare(y.key));
  for (const session of mine) {
    const peer = session.a.speaker === speaker.key ? session.b : session.a;
    const peerAddress = parseIpv4(peer.address) ?? 0;
    for (const route of received.get(endKey(session.key, speaker.key)) ?? []) {
      const current = best.get(route.prefix);
      const better =
        !current ||
        (!current.local && (route.asPath.length < current.asPath.length || (route.asPath.length === current.asPath.length && peerAddress < (current.from ?? Infinity))));
      if (better) best.set(route.prefix, { asPath: route.asPath, local: false, nextHops: [route.nextHop], viaSpeaker: peer.speaker, from: peerAddress });
      const list = equal.get(route.prefix) ?? [];
      list.push({ asPath: route.asPath.join(" "), nextHop: route.nextHop, from: peerAddress });
      equal.set(route.prefix, list);
    }
  }
  // eBGP multipath: paths with the very same AS path as the best one, best first, then by peer address.
  const paths = Math.max(1, speaker.maximumPaths ?? 1);
  for (const [prefix, b] of best) {
    if (b.local || paths === 1) continue;
    const same = (equal.get(prefix) ?? []).filter((r) => r.asPath === b.asPath.join(" ")).sort((x, y) => x.from - y.from);
    b.nextHops = [...new Set(same.map((r) => r.nextHop))].slice(0, paths);
  }
  return best;
}
