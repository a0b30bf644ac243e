// The registry row of a deployment seen for the first time.
import type { TopologySpec } from "../../shared/spec/schema.js";
import type { DeploymentRecord } from "../../shared/storage/deployment-registry.js";

export const freshRecord = (spec: TopologySpec, instanceId: string, now: Date): DeploymentRecord => ({
  name: spec.name,
  resourceGroup: spec.resourceGroup,
  subscriptionId: spec.subscriptionId ?? null,
  spec,
  status: "Deploying",
  instanceId,
  lastResult: null,
  reason: null,
  updatedAt: now.toISOString(),
  remediations: [],
});
