// admitRemediation: the circuit breaker. A remediation is admitted while
// fewer than the allowed number ran in the last hour; otherwise the
// deployment is marked NeedsAttention with the reason and nothing is written.
import type { AdmitRemediationInput, AdmitRemediationOutput } from "./contracts.js";
import { azureTarget } from "./azure-target.js";

const HOUR_MS = 3600_000;

export async function admitRemediation(input: AdmitRemediationInput): Promise<AdmitRemediationOutput> {
  const { registry, now, maxRemediationsPerHour = 3 } = azureTarget();
  const record = await registry.get(input.deployment);
  if (!record) return { admitted: false, reason: `deployment ${input.deployment} is not in the registry` };
  const at = now().getTime();
  const recent = (record.remediations ?? []).filter((t) => at - Date.parse(t) < HOUR_MS);
  if (recent.length >= maxRemediationsPerHour) {
    const reason = `${recent.length} remediations in the last hour did not keep ${input.deployment} healthy; automatic remediation is paused until a person looks (see its health report)`;
    await registry.update(input.deployment, { status: "NeedsAttention", reason, remediations: recent });
    return { admitted: false, reason };
  }
  await registry.update(input.deployment, { remediations: [...recent, new Date(at).toISOString()] });
  return { admitted: true };
}
