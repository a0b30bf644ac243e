// How many ARM requests an activity made, by the bucket ARM charges them to
// (ARM-FACTS §3.3: GETs spend the subscription's read tokens, POST actions
// its write tokens). The health fleet paces itself on these counts, so they
// are counted where the requests are made, page by page.
export interface RequestTally {
  reads: number;
  writes: number;
}

export const emptyTally = (): RequestTally => ({ reads: 0, writes: 0 });

interface Paged<T> {
  byPage(): AsyncIterableIterator<T[]>;
}

/** Every item of a list operation, one read counted per page fetched. */
export async function allPages<T>(list: Paged<T>, tally: RequestTally): Promise<T[]> {
  const out: T[] = [];
  for await (const page of list.byPage()) {
    tally.reads++;
    out.push(...page);
  }
  return out;
}

/** One counted request. */
export function counted<T>(tally: RequestTally, kind: keyof RequestTally, request: () => Promise<T>): Promise<T> {
  tally[kind]++;
  return request();
}

/**
 * GETs a BGP probe's operation costs once Azure has accepted it (202): the
 * SDK polls Azure-AsyncOperation for the status, then GETs Location for the
 * result (ARM-FACTS §2.2), and ARM meters both as reads (FLEET-HEALTH §1.1).
 * A probe still running at the first poll costs one more read per poll.
 */
export const PROBE_POLL_READS = 2;

/** A long-running POST probe: one write, and the reads of its operation polls. */
export function probe<T>(tally: RequestTally, request: () => Promise<T>): Promise<T> {
  tally.writes++;
  tally.reads += PROBE_POLL_READS;
  return request();
}
