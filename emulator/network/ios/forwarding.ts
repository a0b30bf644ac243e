// A small model of IOS IPv4 forwarding: connected and static routes in a RIB,
// longest-prefix match, recursive next hops. It answers "which interface does
// this router send a packet for X out of?", which decides whether a BGP
// session sourced from a loopback goes through the right tunnel.
import { formatPrefix, parseIpv4, prefixContains, prefixOf, type Prefix } from "../ipv4.js";
import type { StaticRoute } from "./types.js";

export interface InterfaceState {
  name: string;
  /** Administratively up and line protocol up. */
  up: boolean;
  /** The address packets leave with (a borrowed one for `ip unnumbered`). */
  address?: { ip: string; length: number };
  /** True when the address is borrowed: no connected subnet of its own. */
  unnumbered?: boolean;
}

export type RouteSource = "connected" | "local" | "static" | "dhcp";

export interface RibEntry {
  prefix: Prefix;
  source: RouteSource;
  interface?: string;
  nextHop?: string;
  distance: number;
  /** Where it came from, for explanations ("ip route 169.254.21.2 255.255.255.255 Tunnel101", "connected GigabitEthernet2"). */
  origin: string;
}

export interface ForwardingDecision {
  interface: string;
  nextHop?: string;
  /** The most specific route that matched the destination. */
  route: RibEntry;
}

/** A route the platform installs without a configuration line (DHCP default route). */
export interface ImplicitRoute {
  prefix: Prefix;
  interface: string;
  nextHop: string;
  distance: number;
  origin: string;
}

const MAX_RECURSION = 8;

export class ForwardingTable {
  private readonly installed: RibEntry[] = [];
  private readonly upInterfaces: Set<string>;

  constructor(interfaces: InterfaceState[], staticRoutes: StaticRoute[], implicitRoutes: ImplicitRoute[] = []) {
    // IOS routes IPv4 only out of interfaces with IPv4 enabled: an address of
    // their own or a borrowed (unnumbered) one.
    this.upInterfaces = new Set(interfaces.filter((i) => i.up && i.address).map((i) => i.name));
    for (const i of interfaces) {
      if (!i.up || !i.address || i.unnumbered) continue;
      const ip = parseIpv4(i.address.ip)!;
      this.installed.push({ prefix: prefixOf(ip, i.address.length), source: "connected", interface: i.name, distance: 0, origin: `connected ${i.name}` });
      if (i.address.length < 32) {
        this.installed.push({ prefix: prefixOf(ip, 32), source: "local", interface: i.name, distance: 0, origin: `local ${i.name}` });
      }
    }
    const candidates: RibEntry[] = [
      ...staticRoutes.map((r) => ({
        prefix: prefixOf(parseIpv4(r.network)!, r.length),
        source: "static" as const,
        ...(r.interface ? { interface: r.interface } : {}),
        ...(r.nextHop ? { nextHop: r.nextHop } : {}),
        distance: r.distance,
        origin: r.text,
      })),
      ...implicitRoutes.map((r) => ({ prefix: r.prefix, source: "dhcp" as const, interface: r.interface, nextHop: r.nextHop, distance: r.distance, origin: r.origin })),
    ];
    // Statics resolving through other statics: keep adding until nothing changes.
    let pending = candidates;
    for (let round = 0; round < candidates.length + 1 && pending.length > 0; round++) {
      const still: RibEntry[] = [];
      for (const route of pending) {
        if (this.usable(route)) this.install(route);
        else still.push(route);
      }
      if (still.length === pending.length) break;
      pending = still;
    }
  }

  /** Installed routes, best first per prefix (what `show ip route` would list). */
  routes(): RibEntry[] {
    return [...this.installed];
  }

  /** True when the RIB has a route for exactly this prefix (what a BGP `network` statement needs). */
  hasExactRoute(prefix: Prefix): boolean {
    return this.installed.some((r) => r.prefix.network === prefix.network && r.prefix.length === prefix.length);
  }

  /** The egress interface (and next hop) for a destination, or null when the router has no route. */
  lookup(destination: string): ForwardingDecision | null {
    const address = parseIpv4(destination);
    return address === null ? null : this.resolve(address, 0, this.installed);
  }

  private usable(route: RibEntry): boolean {
    if (route.interface) return this.upInterfaces.has(route.interface) || route.interface.startsWith("Null");
    if (!route.nextHop) return false;
    const nextHop = parseIpv4(route.nextHop)!;
    // A next hop may not resolve through the route itself.
    return this.resolve(nextHop, 0, this.installed.filter((r) => r !== route)) !== null;
  }

  private install(route: RibEntry): void {
    const same = this.installed.filter((r) => r.prefix.network === route.prefix.network && r.prefix.length === route.prefix.length);
    const best = Math.min(...same.map((r) => r.distance));
    if (same.length > 0 && route.distance > best) return; // a better administrative distance already owns the prefix
    for (const worse of same.filter((r) => r.distance > route.distance)) this.installed.splice(this.installed.indexOf(worse), 1);
    this.installed.push(route);
  }

  private resolve(address: number, depth: number, table: RibEntry[]): ForwardingDecision | null {
    if (depth > MAX_RECURSION) return null;
    let best: RibEntry | undefined;
    for (const r of table) {
      if (!prefixContains(r.prefix, address)) continue;
      if (!best || r.prefix.length > best.prefix.length || (r.prefix.length === best.prefix.length && r.distance < best.distance)) best = r;
    }
    if (!best) return null;
    if (best.interface) return { interface: best.interface, ...(best.nextHop ? { nextHop: best.nextHop } : {}), route: best };
    const nextHop = parseIpv4(best.nextHop!)!;
    const via = this.resolve(nextHop, depth + 1, table.filter((r) => r !== best));
    return via ? { interface: via.interface, nextHop: best.nextHop!, route: best } : null;
  }
}

export function describeRoute(route: RibEntry): string {
  return route.source === "static" || route.source === "dhcp" ? `${route.origin}` : `${route.origin} (${formatPrefix(route.prefix)})`;
}
