// The health timer: a health check for every registered deployment that is
// not being deployed, remediated or torn down; each check may start the
// deployment's remediation when it finds it unhealthy.
import type { InvocationContext } from "@azure/functions";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import type { DeploymentRegistry } from "../../shared/storage/deployment-registry.js";
import type { CheckHealthInput } from "../../orchestrations/health/check-health.js";
import { isActive, statusOrNull, type StarterClient } from "../http/starter-client.js";

const SKIP = new Set(["Deploying", "Remediating", "TearingDown", "TornDown"]);

export async function runHealthChecks(client: StarterClient, context: InvocationContext, registry: DeploymentRegistry): Promise<string[]> {
  const started: string[] = [];
  for (const record of await registry.list()) {
    if (SKIP.has(record.status)) continue;
    const id = instanceId.health(record.name);
    if (isActive(await statusOrNull(client, id))) continue;
    await client.startNew(ORCHESTRATION.checkHealth, { instanceId: id, input: { spec: record.spec, remediate: record.status !== "NeedsAttention" } satisfies CheckHealthInput });
    started.push(record.name);
  }
  context.log(`health checks started for ${started.length} deployment(s): ${started.join(", ")}`);
  return started;
}
