// GET /api/deployments/{name}/health: the latest health report — or, while
// the deployment is being changed or rotated, `changing` with the reason
// (no report is judged then: shared/health/changing.ts), read live from the
// registry and the operation lock, since the last stored report predates the change.
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { runningOperation } from "../../activities/operations/busy-with.js";
import type { LockDeps } from "../../activities/operations/take-operation.js";
import { changingHealth, changingReason } from "../../shared/health/changing.js";
import type { HealthReports } from "../../shared/storage/health-reports.js";
import { json, notFound } from "./responses.js";
import { deploymentNameParam } from "./operation-responses.js";

export async function getHealth(request: HttpRequest, reports: HealthReports, lock?: LockDeps): Promise<HttpResponseInit> {
  const param = deploymentNameParam(request);
  if (!param.ok) return param.response;
  const name = param.name;
  const record = lock ? await lock.registry.get(name) : null;
  if (record && lock) {
    const changing = changingReason({ status: record.status, running: await runningOperation(lock, record) });
    if (changing) return json(200, changingHealth(name, changing, lock.now()));
  }
  const report = await reports.latest(name);
  return report ? json(200, report) : notFound(`a health report for deployment ${name}`);
}
