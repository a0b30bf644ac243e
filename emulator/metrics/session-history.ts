// A BGP session's history, read from its resource group's session timeline
// (network/timeline.ts): when it was Connected, which NVA it reached, and how
// many prefixes that side had a path for over it at any moment. The metrics
// endpoint turns these into time series.
import type { PathSnapshot, SessionChange } from "../network/timeline.js";

export interface SessionHistory {
  /** The changes of this one session, oldest first ("Removed" ends it). */
  changes: SessionChange[];
}

/** The session's state at `t` (null: not known yet, or removed). */
export function stateAt(h: SessionHistory, t: number): string | null {
  let state: string | null = null;
  for (const c of h.changes) {
    if (c.at > t) break;
    state = c.state === "Removed" ? null : c.state;
  }
  return state;
}

export function vmAt(h: SessionHistory, t: number): string | null {
  let vm: string | null = null;
  for (const c of h.changes) {
    if (c.at > t) break;
    if (c.vmId) vm = c.vmId;
  }
  return vm;
}

/** Over [from, to): milliseconds known, milliseconds Connected, and whether it was ever / always Connected. */
export function connectedWithin(h: SessionHistory, from: number, to: number): { known: number; connected: number; anyUp: boolean; anyDown: boolean } {
  let known = 0;
  let connected = 0;
  let anyUp = false;
  let anyDown = false;
  for (let i = 0; i < h.changes.length; i++) {
    const c = h.changes[i]!;
    const start = Math.max(c.at, from);
    const end = Math.min(h.changes[i + 1]?.at ?? Infinity, to);
    if (end <= start || c.state === "Removed") continue;
    known += end - start;
    if (c.state === "Connected") {
      connected += end - start;
      anyUp = true;
    } else anyDown = true;
  }
  return { known, connected, anyUp, anyDown };
}

/** The path snapshot in force at `t`. */
export function snapshotAt(snapshots: PathSnapshot[], t: number): PathSnapshot | null {
  let lo = 0;
  let hi = snapshots.length - 1;
  let found: PathSnapshot | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (snapshots[mid]!.at <= t) {
      found = snapshots[mid]!;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Prefixes one side (gateway / Route Server) had over sessions to this NVA at `t`, black-holed ones included (still learned). */
export function prefixesVia(snapshot: PathSnapshot | null, side: "gateway" | "routeServer", vmId: string | null): number {
  if (!snapshot) return 0;
  const key = (vmId ?? "").toLowerCase();
  let n = 0;
  for (const vms of Object.values(snapshot[side])) if (vms.some((v) => v.toLowerCase() === key)) n++;
  for (const b of snapshot.blackholed) if (b.side === side && (b.vmId ?? "").toLowerCase() === key) n++;
  return n;
}
