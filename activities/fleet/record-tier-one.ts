// recordTierOneHealthy: store "healthy, nothing found" as the latest report of
// each deployment tier 1 vouched for, so the HTTP health endpoint and the CLI
// show a current report for every deployment, as when each had its own
// check. Only deployments that were Succeeded with no circuit-breaker strikes
// reach here (assessTierOne sends the others to tier 2), so there is nothing
// in the registry to close.
//
// The session rows the operations page draws come from the last precise
// check: tier 1 has seen every planned peer's BgpPeerStatus at 1, so each row
// is kept as Connected (its since carried while it already was). A deployment
// no precise check has read yet has no rows to keep; the page shows its
// sessions unknown until one does.
import type { RecordTierOneInput } from "../contracts.js";
import { azureTarget } from "../azure-target.js";
import type { SessionStateRow } from "../../shared/health/session-states.js";

function allConnected(rows: SessionStateRow[] | undefined, at: string): SessionStateRow[] | undefined {
  return rows?.map((s) => {
    const since = s.state === "Connected" ? s.since : at;
    if (s.kind === "gateway") return { ...s, state: "Connected", since, tunnelState: "Connected", tunnelSince: s.tunnelState === "Connected" ? s.tunnelSince : at };
    return { ...s, state: "Connected", since };
  });
}

export async function recordTierOneHealthy(input: RecordTierOneInput): Promise<number> {
  const { health } = azureTarget();
  await Promise.all(
    input.deployments.map(async (deployment) => {
      const sessions = allConnected((await health.latest(deployment))?.sessions, input.checkedAt);
      await health.put({ deployment, checkedAt: input.checkedAt, status: "healthy", findings: [], ...(sessions ? { sessions } : {}) });
    }),
  );
  return input.deployments.length;
}
