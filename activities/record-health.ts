// recordHealth: store the report as the deployment's latest, keeping when each
// finding was first seen. A healthy report also closes the circuit breaker:
// its strikes are cleared, and a deployment marked NeedsAttention that is
// healthy again (fixed by a person, or the fault passed) is Succeeded again.
import { carrySince, type HealthReport } from "../shared/health/report.js";
import type { DeploymentRegistry } from "../shared/storage/deployment-registry.js";
import { azureTarget } from "./azure-target.js";

export async function recordHealth(report: HealthReport): Promise<HealthReport> {
  const { health, registry } = azureTarget();
  const merged = carrySince(await health.latest(report.deployment), report);
  await health.put(merged);
  if (merged.status === "healthy") await closeCircuitBreaker(registry, merged.deployment);
  return merged;
}

async function closeCircuitBreaker(registry: DeploymentRegistry, deployment: string): Promise<void> {
  await registry.mutate(deployment, (r) => {
    const open = r.status === "NeedsAttention";
    if (!open && (r.remediations ?? []).length === 0) return null;
    return { ...r, remediations: [], ...(open ? { status: "Succeeded" as const, reason: null } : {}) };
  });
}
