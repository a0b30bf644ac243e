// What a BGP neighbor's route-map and prefix-list let through, the way IOS
// evaluates them. The policy is copied out of the configuration as plain
// data (NeighborPolicy) so the BGP topology that carries it stays data.
//
// IOS rules followed here:
// - A prefix list is read in sequence order; the first entry that matches
//   decides; no match is an implicit deny. An entry matches a prefix inside
//   its own whose length is exactly the entry's, or within ge/le when given.
// - A route map is read in sequence order; an entry with no match clause
//   matches everything; `match ip address prefix-list A B` matches when any
//   list permits the prefix; no match is an implicit deny.
// - A prefix list that does not exist permits everything (so a typo in a
//   name silently lets all routes through); a route map that does not exist
//   sends nothing to the neighbor it is applied to.
import { parseCidr, prefixContains } from "../ipv4.js";
import type { BgpNeighbor, IosConfig, MaximumPrefix, PrefixListEntry, RouteMapEntry } from "./types.js";

export interface Filter {
  routeMap?: { name: string; entries: RouteMapEntry[] | null };
  prefixList?: { name: string; entries: PrefixListEntry[] | null };
  /** The prefix lists the route map refers to (null = not configured). */
  lists: Record<string, PrefixListEntry[] | null>;
}

export interface NeighborPolicy {
  in: Filter;
  out: Filter;
  maximumPrefix?: MaximumPrefix;
  fallOver?: { routeMap?: string; bfd?: boolean };
}

function filterOf(config: IosConfig, routeMap: string | undefined, prefixList: string | undefined): Filter {
  const entries = routeMap !== undefined ? (config.routeMaps.get(routeMap) ?? null) : null;
  const lists: Record<string, PrefixListEntry[] | null> = {};
  for (const e of entries ?? []) for (const name of e.matchPrefixLists) lists[name] = config.prefixLists.get(name) ?? null;
  return {
    ...(routeMap !== undefined ? { routeMap: { name: routeMap, entries } } : {}),
    ...(prefixList !== undefined ? { prefixList: { name: prefixList, entries: config.prefixLists.get(prefixList) ?? null } } : {}),
    lists,
  };
}

/** The policy of one neighbor as data; `neighbor` is the effective one (peer-group settings applied). */
export function neighborPolicy(config: IosConfig, neighbor: Pick<BgpNeighbor, "routeMapIn" | "routeMapOut" | "prefixListIn" | "prefixListOut" | "maximumPrefix" | "fallOver">): NeighborPolicy {
  return {
    in: filterOf(config, neighbor.routeMapIn, neighbor.prefixListIn),
    out: filterOf(config, neighbor.routeMapOut, neighbor.prefixListOut),
    ...(neighbor.maximumPrefix ? { maximumPrefix: neighbor.maximumPrefix } : {}),
    ...(neighbor.fallOver ? { fallOver: neighbor.fallOver } : {}),
  };
}

export function prefixListPermits(entries: PrefixListEntry[] | null, cidr: string): boolean {
  if (entries === null) return true;
  const p = parseCidr(cidr);
  if (!p) return false;
  for (const e of entries) {
    const own = parseCidr(`${e.network}/${e.length}`)!;
    if (p.length < e.length || !prefixContains(own, p.network)) continue;
    const min = e.ge ?? e.length;
    const max = e.le ?? (e.ge !== undefined ? 32 : e.length);
    if (p.length >= min && p.length <= max) return e.action === "permit";
  }
  return false;
}

export function routeMapPermits(entries: RouteMapEntry[] | null, lists: Record<string, PrefixListEntry[] | null>, cidr: string): boolean {
  if (entries === null) return false;
  for (const e of entries) {
    // A match clause the model does not follow matches nothing, so a
    // configuration that relies on one shows up as missing routes.
    if (e.unmodelledMatch) continue;
    const matches = e.matchPrefixLists.length === 0 || e.matchPrefixLists.some((name) => prefixListPermits(lists[name] ?? null, cidr));
    if (matches) return e.action === "permit";
  }
  return false;
}

export function filterPermits(filter: Filter, cidr: string): boolean {
  if (filter.routeMap && !routeMapPermits(filter.routeMap.entries, filter.lists, cidr)) return false;
  if (filter.prefixList && !prefixListPermits(filter.prefixList.entries, cidr)) return false;
  return true;
}
