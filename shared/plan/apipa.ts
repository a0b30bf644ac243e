// APIPA planning. Explicit addresses are kept; omitted ones are allocated
// deterministically from the gateway's custom range 169.254.21.0-169.254.22.255.
//
// Layout (it reproduces the reference lab): the range is cut into /29 blocks,
// visited alternately from 169.254.21.0 and 169.254.22.0 (21.0, 22.0, 21.8,
// 22.8, ...). An NVA that needs addresses takes the next block none of whose
// eight addresses is used: loopback = .1, instance 0 peer = .2, instance 1
// peer = .6 of the block. 64 blocks give at most 64 NVAs.
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
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
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

const blockOf = (ip: string) => Math.floor(ipToInt(ip) / APIPA_BLOCK_SIZE) * APIPA_BLOCK_SIZE;
const OFFSETS = { loopback: 1, instance0: 2, instance1: 6 } as const;

/**
 * Allocate the omitted addresses of each NVA. Returns one assignment per NVA
 * (in order) or the violations that make allocation impossible. An NVA that
 * gives some of its addresses keeps the rest in the same /29 block when those
 * offsets are free, so its loopback and peers stay together as in the lab.
 */
export function allocateApipa(
  nvas: ReadonlyArray<Pick<NvaSpec, "loopbackIp" | "gatewayBgpIps">>,
): { assignments: ApipaAssignment[]; violations: Violation[] } {
  const used = new Set<number>();
  for (const n of nvas) {
    if (n.loopbackIp) used.add(ipToInt(n.loopbackIp));
    for (const g of n.gatewayBgpIps ?? []) used.add(ipToInt(g));
  }
  const blockFree = (base: number) => {
    for (let i = 0; i < APIPA_BLOCK_SIZE; i++) if (used.has(base + i)) return false;
    return true;
  };
  const free = blockBases();
  const takeBlock = (): number | undefined => {
    while (free.length) {
      const base = free.shift()!;
      if (blockFree(base)) return base;
    }
    return undefined;
  };
  const claim = (base: number, offsets: number[]) => offsets.forEach((o) => used.add(base + o));

  const assignments: ApipaAssignment[] = [];
  const violations: Violation[] = [];
  nvas.forEach((n, i) => {
    if (n.loopbackIp && n.gatewayBgpIps) {
      assignments.push({ loopbackIp: n.loopbackIp, gatewayBgpIps: [n.gatewayBgpIps[0], n.gatewayBgpIps[1]] });
      return;
    }
    const needed = n.loopbackIp ? [OFFSETS.instance0, OFFSETS.instance1] : n.gatewayBgpIps ? [OFFSETS.loopback] : [OFFSETS.loopback, OFFSETS.instance0, OFFSETS.instance1];
    const anchor = n.loopbackIp ?? n.gatewayBgpIps?.[0];
    let base: number | undefined;
    if (anchor && inGatewayApipaRange(anchor) && needed.every((o) => !used.has(blockOf(anchor) + o))) base = blockOf(anchor);
    base ??= takeBlock();
    if (base === undefined) {
      violations.push({
        path: `$.nvas[${i}]`,
        rule: `no free /29 block left in ${GATEWAY_APIPA_FIRST}-${GATEWAY_APIPA_LAST} to allocate this NVA's APIPA addresses; give them explicitly or use fewer NVAs`,
      });
      assignments.push({ loopbackIp: "0.0.0.0", gatewayBgpIps: ["0.0.0.0", "0.0.0.0"] });
      return;
    }
    claim(base, needed);
    assignments.push({
      loopbackIp: n.loopbackIp ?? intToIp(base + OFFSETS.loopback),
      gatewayBgpIps: n.gatewayBgpIps ? [n.gatewayBgpIps[0], n.gatewayBgpIps[1]] : [intToIp(base + OFFSETS.instance0), intToIp(base + OFFSETS.instance1)],
    });
  });
  return { assignments, violations };
}
