// recordHealth: store the report as the deployment's latest, keeping when each
// finding was first seen.
import { carrySince, type HealthReport } from "../shared/health/report.js";
import { azureTarget } from "./azure-target.js";

export async function recordHealth(report: HealthReport): Promise<HealthReport> {
  const { health } = azureTarget();
  const merged = carrySince(await health.latest(report.deployment), report);
  await health.put(merged);
  return merged;
}
