// recordTierOneHealthy: store "healthy, nothing found" as the latest report of
// each deployment tier 1 vouched for, so the HTTP health endpoint and the CLI
// show a current report for every deployment, as when each had its own
// check. Only deployments that were Succeeded with no circuit-breaker strikes
// reach here (assessTierOne sends the others to tier 2), so there is nothing
// in the registry to close.
import type { RecordTierOneInput } from "../contracts.js";
import { azureTarget } from "../azure-target.js";

export async function recordTierOneHealthy(input: RecordTierOneInput): Promise<number> {
  const { health } = azureTarget();
  await Promise.all(input.deployments.map((deployment) => health.put({ deployment, checkedAt: input.checkedAt, status: "healthy", findings: [] })));
  return input.deployments.length;
}
