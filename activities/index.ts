// Every activity by its registered name. functions/index.ts registers these
// with the Functions host; the local durable driver runs the same map.
import { ACTIVITY, type ActivityName } from "../shared/names.js";
import { applyResource } from "./apply-resource.js";
import { deleteResource } from "./delete-resource.js";
import { readProvisioningState } from "./read-provisioning-state.js";
import { readSessions } from "./read-sessions.js";
import { recordDeployment } from "./record-deployment.js";

export const activities: Record<ActivityName, (input: any) => Promise<unknown>> = {
  [ACTIVITY.applyResource]: applyResource,
  [ACTIVITY.readProvisioningState]: readProvisioningState,
  [ACTIVITY.readSessions]: readSessions,
  [ACTIVITY.recordDeployment]: recordDeployment,
  [ACTIVITY.deleteResource]: deleteResource,
};
