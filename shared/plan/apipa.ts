// APIPA planning. Explicit addresses are kept; omitted ones are allocated
// deterministically from the gateway's custom range 169.254.21.0-169.254.22.255
// (the only range Azure accepts for custom BGP addresses: ARM-FACTS §4.2).
//
// Layout (it reproduces the reference lab): the range is cut into /29 blocks,
// visited alternately from 169.254.21.0 and 169.254.22.0 (21.0, 22.0, 21.8,
// 22.8, ...). An NVA that needs addresses takes the next block none of whose
// eight addresses is used: loopback = .1, instance 0 peer = .2, instance 1
// peer = .6 of the block.
//
// The largest N: the range holds 512 addresses = 64 /29 blocks, so at most
// 64 NVAs can have all their addresses allocated. (Packed tighter, three
// addresses per NVA would fit 170, but one block per NVA keeps an NVA's
// loopback and both its peers together and readable, as in the lab.) The
// other limits are tighter anyway: 8 NVAs with Route Server (its peer limit)
// and 50 on VpnGw4AZ/5AZ (100 tunnels, two per NVA) — see
// shared/spec/rules/limits.ts. Fully explicit NVAs use no block at all, and
// explicit addresses spread over many blocks can leave fewer than 64 free:
// allocation then fails with a violation at the NVA it could not serve.
import ipaddr from "ipaddr.js";
import type { NvaSpec } from "../spec/schema.js";
import type { Violation } from "../spec/violations.js";

export const GATEWAY_APIPA_FIRST = "169.254.21.0";
export const GATEWAY_APIPA_LAST = "169.254.22.255";
export const APIPA_BLOCK_SIZE = 8;
export const APIPA_BLOCKS = 64;
/** The most NVAs whose addresses can all be allocated from the gateway range. */
export const MAX_NVAS_BY_APIPA = APIPA_BLOCKS;

export interface ApipaAssignment {
  loopbackIp: string;
  gatewayBgpIps: [string, string];
}

export function ipToInt(ip: string): number {
  const b = ipaddr.IPv4.parse(ip).toByteArray();
  return ((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!;
}

export function intToIp(n: number): string {
  return ipaddr.fromByteArray([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]).toString();
}

export function inGatewayApipaRange(ip: string): boolean {
  const n = ipToInt(ip);
  return n >= ipToInt(GATEWAY_APIPA_FIRST) && n <= ipToInt(GATEWAY_APIPA_LAST);
}

/** Block bases in allocation order: 21.0, 22.0, 21.8, 22.8, ... */
export function blockBases(): number[] {
  const a = ipToInt("169.254.21.0");
  const b = ipToInt("169.254.22.0");
  const out: number[] = [];
  for (let i = 0; i < APIPA_BLOCKS / 2; i++) out.push(a + i * APIPA_BLOCK_SIZE, b + i * APIPA_BLOCK_SIZE);
  return out;
}

const blockOf = (n: number) => Math.floor(n / APIPA_BLOCK_SIZE) * APIPA_BLOCK_SIZE;
/** Where an NVA's addresses sit in its /29 block (the reference lab's .1, .2 and .6). */
export const APIPA_OFFSETS = { loopback: 1, instance0: 2, instance1: 6 } as const;

type ApipaInput = Pick<NvaSpec, "loopbackIp" | "gatewayBgpIps">;

/** The offsets an NVA still needs, given what it states explicitly. */
function neededOffsets(n: ApipaInput): number[] {
  const out: number[] = [];
  if (!n.loopbackIp) out.push(APIPA_OFFSETS.loopback);
  if (!n.gatewayBgpIps) out.push(APIPA_OFFSETS.instance0, APIPA_OFFSETS.instance1);
  return out;
}

/**
 * Allocate the omitted addresses of each NVA. Returns one assignment per NVA
 * (in order) and the violations that make allocation impossible. Explicit
 * addresses are never changed. An NVA that states some of its addresses gets
 * the rest in the /29 block of its first stated address that lies in the
 * gateway range and has those offsets free (loopback first, then the
 * instance 0 and instance 1 addresses), so its loopback and peers stay
 * together as in the lab; otherwise, like an NVA that states nothing, it
 * takes the next block none of whose eight addresses is in use. The result
 * depends only on the input list: same list, same addresses.
 */
export function allocateApipa(nvas: ReadonlyArray<ApipaInput>): { assignments: ApipaAssignment[]; violations: Violation[] } {
  // Every explicit address is reserved before anything is allocated, so an
  // earlier NVA can never take an address (or a block) a later one names.
  const used = new Set<number>();
  for (const n of nvas) {
    if (n.loopbackIp) used.add(ipToInt(n.loopbackIp));
    for (const g of n.gatewayBgpIps ?? []) used.add(ipToInt(g));
  }
  const blockFree = (base: number) => {
    for (let i = 0; i < APIPA_BLOCK_SIZE; i++) if (used.has(base + i)) return false;
    return true;
  };
  // `used` only grows, so a block skipped once never becomes free again: one cursor suffices.
  const order = blockBases();
  let cursor = 0;
  const nextFreeBlock = (): number | undefined => {
    while (cursor < order.length) {
      const base = order[cursor++]!;
      if (blockFree(base)) return base;
    }
    return undefined;
  };

  const assignments: ApipaAssignment[] = [];
  const violations: Violation[] = [];
  nvas.forEach((n, i) => {
    const needed = neededOffsets(n);
    if (needed.length === 0) {
      assignments.push({ loopbackIp: n.loopbackIp!, gatewayBgpIps: [n.gatewayBgpIps![0], n.gatewayBgpIps![1]] });
      return;
    }
    const anchors = [n.loopbackIp, n.gatewayBgpIps?.[0], n.gatewayBgpIps?.[1]]
      .filter((ip): ip is string => ip !== undefined && inGatewayApipaRange(ip))
      .map((ip) => blockOf(ipToInt(ip)));
    const base = anchors.find((b) => needed.every((o) => !used.has(b + o))) ?? nextFreeBlock();
    if (base === undefined) {
      violations.push({
        path: `$.nvas[${i}]`,
        rule: `no free /29 block left in ${GATEWAY_APIPA_FIRST}-${GATEWAY_APIPA_LAST} to allocate this NVA's APIPA addresses; give them explicitly or use fewer NVAs`,
      });
      assignments.push({ loopbackIp: "0.0.0.0", gatewayBgpIps: ["0.0.0.0", "0.0.0.0"] });
      return;
    }
    for (const o of needed) used.add(base + o);
    assignments.push({
      loopbackIp: n.loopbackIp ?? intToIp(base + APIPA_OFFSETS.loopback),
      gatewayBgpIps: n.gatewayBgpIps
        ? [n.gatewayBgpIps[0], n.gatewayBgpIps[1]]
        : [intToIp(base + APIPA_OFFSETS.instance0), intToIp(base + APIPA_OFFSETS.instance1)],
    });
  });
  return { assignments, violations };
}
