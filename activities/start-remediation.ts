// startRemediation: start the deployment's remediation (deployTopology with
// purpose "remediate", under its one remediation id) and return at once —
// a health check must not wait the 40 minutes a rebuilt gateway can take,
// holding its fleet batch. It takes the deployment's operation lock like any
// other operation, so nothing starts while a deploy, a teardown, another
// remediation (or a change or a rotation) runs: the one running says which.
// Shared with the Event Grid handler, which makes the same decision.
import type { InvocationContext } from "@azure/functions";
import type { DeployInput } from "../shared/durable/activity-outcomes.js";
import { ORCHESTRATION } from "../shared/names.js";
import { remediationRefusal } from "../shared/health/eligibility.js";
import type { TopologySpec } from "../shared/spec/schema.js";
import type { StartRemediationInput, StartRemediationOutput } from "./contracts.js";
import { azureTarget, lockDeps } from "./azure-target.js";
import { describeRunning, type LockDeps } from "./operations/take-operation.js";
import { startOperation } from "./operations/start-operation.js";

export async function startRemediationIfIdle(deps: LockDeps, spec: TopologySpec): Promise<StartRemediationOutput> {
  const started = await startOperation(deps, {
    kind: "remediate",
    deployment: spec.name,
    orchestration: ORCHESTRATION.deployTopology,
    input: { spec, purpose: "remediate" } satisfies DeployInput,
    refuse: remediationRefusal,
  });
  if (started.started) return { started: true, instanceId: started.instanceId };
  if ("running" in started) return { started: false, reason: describeRunning(started.running) };
  return { started: false, reason: "refused" in started ? started.refused : `${spec.name} is not registered` };
}

export async function startRemediation(input: StartRemediationInput, context?: InvocationContext): Promise<StartRemediationOutput> {
  // The health fleet may read deployments in other subscriptions; a
  // remediation writes, and Bowtie writes only into the one it deploys into.
  const home = azureTarget().subscriptionId;
  const wanted = input.spec.subscriptionId;
  if (wanted && wanted.toLowerCase() !== home.toLowerCase()) return { started: false, reason: `it lives in subscription ${wanted}, and this Bowtie writes only into ${home}` };
  return startRemediationIfIdle(lockDeps(context), input.spec);
}
