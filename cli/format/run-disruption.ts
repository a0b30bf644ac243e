// What one CLI run cost the traffic: computeDisruption over the run's window,
// judged against the network as it stood when the run began. The emulator's
// default baseline is the snapshot just BEFORE the window, but a network
// restored from a --state folder is stamped established at the very moment
// the run starts (earlier there is only the empty start of the clock), so the
// baseline is the snapshot in force AT the start instead. `retiring` are the
// ids the run deletes on purpose (a change's `delete` entries): the sessions
// they carry stop counting as degraded once gone (disruption.ts).
import { computeDisruption, type Disruption, type DisruptionBaseline } from "../../emulator/network/disruption.js";
import type { PathSnapshot, SessionChange } from "../../emulator/network/timeline.js";

export function runDisruption(
  timeline: { snapshots: readonly PathSnapshot[]; changes: readonly SessionChange[] },
  startedAt: string,
  finishedAt: string,
  retiring: readonly string[] = [],
): Disruption {
  const from = Date.parse(startedAt);
  const atStart = [...timeline.snapshots].filter((s) => s.at <= from).sort((a, b) => a.at - b.at).pop();
  const baseline: DisruptionBaseline = {
    ...(atStart ? { expected: { gateway: Object.keys(atStart.gateway), routeServer: Object.keys(atStart.routeServer) } } : {}),
    retiring,
  };
  return computeDisruption(timeline, { from, to: Date.parse(finishedAt) }, baseline);
}
