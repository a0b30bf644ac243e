// startRemediation: start the deployment's remediation (deployTopology with
// purpose "remediate", under its one remediation id; for orphans alone, the
// change path: the registered spec deployed again) and return at once —
// a health check must not wait the 40 minutes a rebuilt gateway can take,
// holding its fleet batch. It takes the deployment's operation lock like any
// other operation, so nothing starts while a deploy, a teardown, another
// remediation (or a change or a rotation) runs: the one running says which,
// and a change or rotation (running, or stopped half-way) is named as such.
// Shared with the Event Grid handler, which makes the same decision.
import type { InvocationContext } from "@azure/functions";
import type { DeployInput } from "../shared/durable/activity-outcomes.js";
import { ORCHESTRATION } from "../shared/names.js";
import { beingChanged, changingReason, isChangingRefusal } from "../shared/health/changing.js";
import { remediationRefusal } from "../shared/health/eligibility.js";
import type { TopologySpec } from "../shared/spec/schema.js";
import type { StartRemediationInput, StartRemediationOutput } from "./contracts.js";
import { azureTarget, lockDeps } from "./azure-target.js";
import { describeRunning, type LockDeps } from "./operations/take-operation.js";
import { startOperation } from "./operations/start-operation.js";

export async function startRemediationIfIdle(deps: LockDeps, spec: TopologySpec, options: { removeOrphans?: boolean } = {}): Promise<StartRemediationOutput> {
  // Orphans go only through the change path (create before destroy, deletes in
  // an order Azure accepts): the registered spec deployed again, which the
  // deploy runs as a change since the deployment differs from it. The repair
  // (a re-run of the deploy that writes what drifted) deletes nothing.
  const started = await startOperation(
    deps,
    options.removeOrphans
      ? { kind: "deploy", deployment: spec.name, orchestration: ORCHESTRATION.deployTopology, input: { spec, purpose: "deploy" } satisfies DeployInput, refuse: remediationRefusal }
      : { kind: "remediate", deployment: spec.name, orchestration: ORCHESTRATION.deployTopology, input: { spec, purpose: "remediate" } satisfies DeployInput, refuse: remediationRefusal },
  );
  if (started.started) return { started: true, instanceId: started.instanceId };
  if ("running" in started) {
    // A change or rotation holds the lock: said as such, the reason events for its resources are dropped with.
    const record = await deps.registry.get(spec.name);
    const changing = changingReason({ status: record?.status ?? "Succeeded", running: started.running });
    return changing ? { started: false, reason: beingChanged(changing), changing: true } : { started: false, reason: describeRunning(started.running) };
  }
  if ("refused" in started) return { started: false, reason: started.refused, ...(isChangingRefusal(started.refused) ? { changing: true } : {}) };
  return { started: false, reason: `${spec.name} is not registered` };
}

export async function startRemediation(input: StartRemediationInput, context?: InvocationContext): Promise<StartRemediationOutput> {
  // The health fleet may read deployments in other subscriptions; a
  // remediation writes, and Bowtie writes only into the one it deploys into.
  const home = azureTarget().subscriptionId;
  const wanted = input.spec.subscriptionId;
  if (wanted && wanted.toLowerCase() !== home.toLowerCase()) return { started: false, reason: `it lives in subscription ${wanted}, and this Bowtie writes only into ${home}` };
  return startRemediationIfIdle(lockDeps(context), input.spec, { removeOrphans: input.removeOrphans === true });
}
