// IPv4 prefixes indexed so the overlap rules run in linear time. Comparing
// every prefix with every other was quadratic, and it reported every pair:
// 3,000 copies of one prefix (a 50 KB body) made 4.5 million violations and
// exhausted the worker's heap. Two CIDR prefixes overlap exactly when one
// contains the other, so "which earlier prefix overlaps this one?" is at most
// 33 map look-ups: one per shorter prefix that could contain it, and one for
// the prefixes it contains.
import { cidrNumbers, maskOf } from "./cidr.js";

/** One number per prefix: its network address (host bits cleared) and its length. */
const keyOf = (address: number, len: number) => ((address & maskOf(len)) >>> 0) * 64 + len;

interface Entry<T> {
  order: number;
  item: T;
}

export class PrefixIndex<T> {
  private count = 0;
  /** Each prefix added, by key: the first item added under it. */
  private readonly exact = new Map<number, Entry<T>>();
  /** Each prefix that contains (or is) an added one, by key: the first item added at or under it. */
  private readonly covering = new Map<number, Entry<T>>();
  /** The prefix lengths added so far: only those can hold a prefix containing another. */
  private readonly lengths = new Set<number>();

  add(cidr: string, item: T): void {
    const [address, len] = cidrNumbers(cidr);
    const entry = { order: this.count++, item };
    const own = keyOf(address, len);
    if (!this.exact.has(own)) this.exact.set(own, entry);
    this.lengths.add(len);
    // Whoever covered a prefix covered its shorter ancestors too, so the walk up stops at the first one already set.
    for (let l = len; l >= 0; l--) {
      const k = keyOf(address, l);
      if (this.covering.has(k)) break;
      this.covering.set(k, entry);
    }
  }

  /** The first added prefix that contains `cidr` (or equals it). */
  containing(cidr: string): T | undefined {
    return this.search(cidr, false);
  }

  /** The first added prefix that overlaps `cidr`: contains it, equals it, or lies inside it. */
  overlapping(cidr: string): T | undefined {
    return this.search(cidr, true);
  }

  private search(cidr: string, orInside: boolean): T | undefined {
    const [address, len] = cidrNumbers(cidr);
    let best = orInside ? this.covering.get(keyOf(address, len)) : undefined;
    for (const l of this.lengths) {
      if (l > len) continue;
      const e = this.exact.get(keyOf(address, l));
      if (e && (!best || e.order < best.order)) best = e;
    }
    return best?.item;
  }
}
