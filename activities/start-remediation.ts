// startRemediation: start the deployment's remediation (deployTopology with
// purpose "remediate", under its one remediation id) and return at once —
// a health check must not wait the 40 minutes a rebuilt gateway can take,
// holding its fleet batch. Nothing starts while the deployment's deploy or
// remediation is running: the one already running will put it right.
// Shared with the Event Grid handler, which makes the same decision.
import type { InvocationContext } from "@azure/functions";
import type { DeployInput } from "../orchestrations/deploy/deploy-topology.js";
import { instanceId, ORCHESTRATION } from "../shared/names.js";
import type { TopologySpec } from "../shared/spec/schema.js";
import { isActive, statusOrNull, type StarterClient } from "../functions/http/starter-client.js";
import type { StartRemediationInput, StartRemediationOutput } from "./contracts.js";
import { azureTarget } from "./azure-target.js";

export async function startRemediationIfIdle(client: StarterClient, spec: TopologySpec): Promise<StartRemediationOutput> {
  const ids = [instanceId.deploy(spec.name), instanceId.remediate(spec.name)];
  const statuses = await Promise.all(ids.map((id) => statusOrNull(client, id)));
  const running = ids.find((_, i) => isActive(statuses[i] ?? null));
  if (running) return { started: false, reason: `${running} is already running` };
  const id = instanceId.remediate(spec.name);
  await client.startNew(ORCHESTRATION.deployTopology, { instanceId: id, input: { spec, purpose: "remediate" } satisfies DeployInput });
  return { started: true, instanceId: id };
}

export async function startRemediation(input: StartRemediationInput, context?: InvocationContext): Promise<StartRemediationOutput> {
  const starter = azureTarget().starter;
  if (!starter) throw new Error("startRemediation needs a durable client: configure the Azure target with a starter");
  return startRemediationIfIdle(starter(context), input.spec);
}
