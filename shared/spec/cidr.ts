// IPv4 prefix questions the rules ask, on ipaddr.js.
import ipaddr from "ipaddr.js";

export type Cidr = [ipaddr.IPv4, number];

export const parseCidr = (c: string): Cidr => ipaddr.IPv4.parseCIDR(c) as Cidr;
export const prefixLength = (c: string) => parseCidr(c)[1];

/** Is the address inside the prefix? */
export function contains(cidr: string, ip: string): boolean {
  return ipaddr.IPv4.parse(ip).match(parseCidr(cidr));
}

/** Does prefix `inner` lie wholly inside prefix `outer`? */
export function within(outer: string, inner: string): boolean {
  const [o, ol] = parseCidr(outer);
  const [i, il] = parseCidr(inner);
  return il >= ol && i.match(o, ol);
}

export function overlaps(a: string, b: string): boolean {
  return within(a, b) || within(b, a);
}

/** The network address and the last address of a prefix, as numbers. */
function bounds(cidr: string): [number, number] {
  const [addr, len] = parseCidr(cidr);
  const net = ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${len}`);
  const toInt = (a: ipaddr.IPv4) => a.toByteArray().reduce((n, b) => n * 256 + b, 0);
  const start = toInt(net);
  return [start, start + 2 ** (32 - len) - 1];
}

/** Azure reserves the first four addresses and the last one of every subnet. */
export function isAzureReserved(subnet: string, ip: string): boolean {
  const [first, last] = bounds(subnet);
  const n = ipaddr.IPv4.parse(ip).toByteArray().reduce((x, b) => x * 256 + b, 0);
  return n - first < 4 || n === last;
}

/**
 * [address as an unsigned 32-bit number, prefix length] of a prefix the schema
 * has already checked (a.b.c.d/len): plain arithmetic, because the overlap
 * rules ask this of every prefix and ipaddr.js's parse costs ~20 µs a call.
 */
export function cidrNumbers(cidr: string): [number, number] {
  const [ip = "", len = ""] = cidr.split("/");
  const [a = 0, b = 0, c = 0, d = 0] = ip.split(".").map(Number);
  return [((a << 24) >>> 0) + (b << 16) + (c << 8) + d, Number(len)];
}

/** The mask of a prefix length as an unsigned 32-bit number (/0 is 0). */
export const maskOf = (len: number) => (len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0);

/** A prefix written with host bits set (10.0.0.1/16) is a typo Azure rejects. */
export function hasHostBits(cidr: string): boolean {
  const [address, len] = cidrNumbers(cidr);
  return ((address & ~maskOf(len)) >>> 0) !== 0;
}
