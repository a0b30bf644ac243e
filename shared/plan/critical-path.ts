// The deploy's lower bound: with unlimited parallelism, no resource can finish
// before its slowest chain of dependencies does. The bench compares the real
// makespan with this bound.
import type { PlannedResource } from "./types.js";

export interface CriticalPath {
  /** Earliest possible finish of the whole plan, in seconds from the start. */
  seconds: number;
  /** The chain of resource ids that sets the bound, first to last. */
  chain: string[];
  /** Earliest finish per resource id. */
  finish: Record<string, number>;
}

export function criticalPath(resources: PlannedResource[], secondsFor: (r: PlannedResource) => number): CriticalPath {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const finish = new Map<string, number>();
  const via = new Map<string, string | null>();
  const visiting = new Set<string>();
  const visit = (id: string): number => {
    const known = finish.get(id);
    if (known !== undefined) return known;
    const r = byId.get(id);
    if (!r) throw new Error(`dependency ${id} is not in the plan`);
    if (visiting.has(id)) throw new Error(`dependency cycle through ${id}`);
    visiting.add(id);
    let start = 0;
    let slowest: string | null = null;
    for (const dep of r.dependsOn) {
      const f = visit(dep);
      if (f > start) [start, slowest] = [f, dep];
    }
    visiting.delete(id);
    const f = start + secondsFor(r);
    finish.set(id, f);
    via.set(id, slowest);
    return f;
  };
  let last: string | null = null;
  let seconds = 0;
  for (const r of resources) {
    const f = visit(r.id);
    if (f > seconds || last === null) [seconds, last] = [f, r.id];
  }
  const chain: string[] = [];
  for (let id = last; id; id = via.get(id) ?? null) chain.unshift(id);
  return { seconds, chain, finish: Object.fromEntries(finish) };
}
