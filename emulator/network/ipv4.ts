// IPv4 prefix arithmetic for the network model. Parsing and validation go
// through ipaddr.js; containment and longest-prefix comparisons use 32-bit
// integers because the model does a lot of them.
import ipaddr from "ipaddr.js";

/** A dotted-quad IPv4 address, or null when `text` is not one (IOS accepts only four-part decimal). */
export function parseIpv4(text: string): number | null {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return null;
  const b = ipaddr.IPv4.parse(text).toByteArray();
  return (((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!) >>> 0;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join(".");
}

/** Prefix length of a contiguous dotted mask ("255.255.255.0" -> 24), or null for a non-contiguous or malformed one. */
export function maskToLength(mask: string): number | null {
  if (!ipaddr.IPv4.isValidFourPartDecimal(mask)) return null;
  return ipaddr.IPv4.parse(mask).prefixLengthFromSubnetMask();
}

export function lengthToMaskBits(length: number): number {
  return length === 0 ? 0 : (0xffffffff << (32 - length)) >>> 0;
}

export interface Prefix {
  /** Network address (host bits cleared). */
  network: number;
  length: number;
}

export function prefixOf(address: number, length: number): Prefix {
  return { network: (address & lengthToMaskBits(length)) >>> 0, length };
}

export function prefixContains(prefix: Prefix, address: number): boolean {
  return ((address & lengthToMaskBits(prefix.length)) >>> 0) === prefix.network;
}

export function prefixesOverlap(a: Prefix, b: Prefix): boolean {
  const shorter = a.length <= b.length ? a : b;
  const longer = shorter === a ? b : a;
  return prefixContains(shorter, longer.network);
}

export function formatPrefix(prefix: Prefix): string {
  return `${formatIpv4(prefix.network)}/${prefix.length}`;
}

/** "10.0.0.0/16" -> Prefix (host bits cleared), or null when malformed. */
export function parseCidr(text: string): Prefix | null {
  const slash = text.indexOf("/");
  if (slash < 0) return null;
  const address = parseIpv4(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (address === null || !/^\d{1,2}$/.test(lengthText)) return null;
  const length = Number(lengthText);
  if (length > 32) return null;
  return prefixOf(address, length);
}

/** True when `text` is an address inside a CIDR or equal to a bare address. */
export function addressMatchesCidrOrIp(address: number, text: string): boolean {
  const cidr = text.includes("/") ? parseCidr(text) : null;
  if (cidr) return prefixContains(cidr, address);
  const single = parseIpv4(text);
  return single !== null && single === address;
}
