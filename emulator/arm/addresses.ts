// Addresses the emulator hands out. Public IPs come from the documentation
// ranges (RFC 5737) so they are visibly not real; they are data only and
// nothing ever connects to them.
import ipaddr from "ipaddr.js";

const POOLS = ["198.51.100.", "203.0.113."];

export function publicIpAt(n: number): string {
  const pool = POOLS[Math.floor(n / 250) % POOLS.length]!;
  return `${pool}${(n % 250) + 4}`;
}

/** The n-th host address of a prefix (n = 4 gives the first address Azure hands out). */
export function hostAt(cidr: string, n: number): string {
  const [addr, len] = ipaddr.IPv4.parseCIDR(cidr);
  const base = ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${len}`).toByteArray().reduce((x, b) => x * 256 + b, 0);
  const v = base + n;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".");
}

export function inPrefix(cidr: string, ip: string): boolean {
  return ipaddr.IPv4.parse(ip).match(ipaddr.IPv4.parseCIDR(cidr));
}

/** Azure reserves the first four and the last address of a subnet. */
export function reservedInSubnet(cidr: string, ip: string): boolean {
  const [addr, len] = ipaddr.IPv4.parseCIDR(cidr);
  const toInt = (a: ipaddr.IPv4) => a.toByteArray().reduce((x, b) => x * 256 + b, 0);
  const first = toInt(ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${len}`));
  const n = toInt(ipaddr.IPv4.parse(ip));
  return n - first < 4 || n === first + 2 ** (32 - len) - 1;
}

export function macAddress(seed: number): string {
  return ["00", "0D", "3A", (seed >> 16) & 255, (seed >> 8) & 255, seed & 255].map((x) => (typeof x === "number" ? x.toString(16).padStart(2, "0").toUpperCase() : x)).join("-");
}
