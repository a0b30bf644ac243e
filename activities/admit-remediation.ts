// admitRemediation: the circuit breaker. Its strikes are remediations that
// wrote something and still ended unhealthy (endOperation counts them); a
// remediation that found nothing to write, or ended healthy, is no strike,
// and a healthy ending or health check clears them. With as many strikes in
// the last hour as allowed, the remediation is refused and the orchestration
// records NeedsAttention with the reason (one writer for the ending).
import type { AdmitRemediationInput, AdmitRemediationOutput } from "./contracts.js";
import { azureTarget } from "./azure-target.js";

const HOUR_MS = 3600_000;

export async function admitRemediation(input: AdmitRemediationInput): Promise<AdmitRemediationOutput> {
  const { registry, now, maxRemediationsPerHour = 3 } = azureTarget();
  const record = await registry.get(input.deployment);
  if (!record) return { admitted: false, reason: `deployment ${input.deployment} is not in the registry` };
  const at = now().getTime();
  const strikes = (record.remediations ?? []).filter((t) => at - Date.parse(t) < HOUR_MS);
  if (strikes.length >= maxRemediationsPerHour) {
    return {
      admitted: false,
      reason: `${strikes.length} remediations in the last hour wrote changes and did not leave ${input.deployment} healthy; automatic remediation is paused until a person looks or a health check finds it healthy (see its health report)`,
    };
  }
  return { admitted: true };
}
