// Every activity by its registered name. functions/index.ts registers these
// with the Functions host; the local durable driver runs the same map.
import type { InvocationContext } from "@azure/functions";
import { ACTIVITY, type ActivityName } from "../shared/names.js";
import { admitRemediation } from "./admit-remediation.js";
import { applyResource } from "./apply-resource.js";
import { beginOperation } from "./begin-operation.js";
import { deleteResource } from "./delete-resource.js";
import { endOperation } from "./end-operation.js";
import { listDeployments } from "./list-deployments.js";
import { readChange } from "./read-change.js";
import { readDeployment } from "./read-deployment.js";
import { readHealth } from "./read-health.js";
import { readProvisioningState } from "./read-provisioning-state.js";
import { recordHealth } from "./record-health.js";
import { readSessions } from "./read-sessions.js";
import { resetConnection } from "./reset-connection.js";
import { startRemediation } from "./start-remediation.js";
import { beginPskRotation } from "./rotation/begin-psk-rotation.js";
import { endPskRotation } from "./rotation/end-psk-rotation.js";
import { recordPskVersion } from "./rotation/record-psk-version.js";
import { assessTierOne } from "./fleet/assess-tier-one.js";
import { listFleet } from "./fleet/list-fleet.js";
import { recordTierOneHealthy } from "./fleet/record-tier-one.js";

// The optional context is the activity's InvocationContext (its logger, and the
// orchestration instance id in triggerMetadata), passed by the host and the local driver.
export const activities: Record<ActivityName, (input: any, context?: InvocationContext) => Promise<unknown>> = {
  [ACTIVITY.applyResource]: applyResource,
  [ACTIVITY.readProvisioningState]: readProvisioningState,
  [ACTIVITY.readSessions]: readSessions,
  [ACTIVITY.beginOperation]: beginOperation,
  [ACTIVITY.endOperation]: endOperation,
  [ACTIVITY.deleteResource]: deleteResource,
  [ACTIVITY.recordHealth]: recordHealth,
  [ACTIVITY.admitRemediation]: admitRemediation,
  [ACTIVITY.readHealth]: readHealth,
  [ACTIVITY.listDeployments]: listDeployments,
  [ACTIVITY.readDeployment]: readDeployment,
  [ACTIVITY.resetConnection]: resetConnection,
  [ACTIVITY.startRemediation]: startRemediation,
  [ACTIVITY.readChange]: readChange,
  [ACTIVITY.beginPskRotation]: beginPskRotation,
  [ACTIVITY.recordPskVersion]: recordPskVersion,
  [ACTIVITY.endPskRotation]: endPskRotation,
  [ACTIVITY.listFleet]: listFleet,
  [ACTIVITY.assessTierOne]: assessTierOne,
  [ACTIVITY.recordTierOneHealthy]: recordTierOneHealthy,
};
