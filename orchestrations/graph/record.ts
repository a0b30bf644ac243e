// The registry row an orchestration writes at its start and end, through the
// recordDeployment activity (orchestrators do no I/O themselves).
import type { OrchestrationContext, Task } from "durable-functions";
import type { RecordDeploymentInput } from "../../activities/contracts.js";
import { ACTIVITY } from "../../shared/names.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { armRetry } from "./retry.js";

export function recordDeployment(
  context: OrchestrationContext,
  spec: TopologySpec,
  status: RecordDeploymentInput["status"],
  result: unknown,
  reason: string | null,
): Task {
  return context.df.callActivityWithRetry(ACTIVITY.recordDeployment, armRetry(), {
    spec,
    status,
    instanceId: context.df.instanceId,
    result,
    reason,
  } satisfies RecordDeploymentInput);
}
