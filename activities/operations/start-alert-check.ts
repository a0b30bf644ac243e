// Start the precise health check (checkHealth, by name: it reads the registry
// itself, judges, records the report and, when the deployment may be
// remediated, starts the remediation under the operation lock) that an Azure
// Monitor alert asks for — or say why not. The one-operation-per-deployment
// rule, as the Event Grid handler and the fleet pass apply it: while any
// operation holds the lock (a deploy, a teardown, a remediation, a change or
// a rotation) the deployment is a moving target and gets no check; a check
// already running (an earlier alert's, or the fleet pass's tier 2) is not
// doubled, so a burst of alerts on one deployment starts one check.
import { beingChanged, changingReason, type RunningOperation } from "../../shared/health/changing.js";
import { remediationRefusal } from "../../shared/health/eligibility.js";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { isActive, statusOrNull } from "../../shared/durable/starter-client.js";
import { runningOperation } from "./busy-with.js";
import type { LockDeps } from "./take-operation.js";

export type AlertCheckStart =
  | { started: true; instanceId: string; /** Why the check may not remediate what it finds, or null. */ remediationRefused: string | null }
  | { started: false; reason: string; running?: RunningOperation };

export async function startAlertCheck(deps: LockDeps, deployment: string): Promise<AlertCheckStart> {
  const record = await deps.registry.get(deployment);
  if (!record) return { started: false, reason: "not registered" };
  if (record.status === "TornDown" || record.status === "TearingDown") return { started: false, reason: "it was torn down (or is being torn down)" };
  const running = await runningOperation(deps, record);
  const changing = changingReason({ status: record.status, running });
  if (changing) return { started: false, reason: beingChanged(changing), ...(running ? { running } : {}) };
  if (running) return { started: false, reason: `a ${running.kind} (instance ${running.instanceId}) is already running`, running };
  const id = instanceId.alertCheck(deployment);
  const checking = async () => {
    for (const other of [id, instanceId.health(deployment)]) if (isActive(await statusOrNull(deps.client, other))) return other;
    return null;
  };
  const already = await checking();
  if (already) return { started: false, reason: `a health check (instance ${already}) is already running` };
  try {
    await deps.client.startNew(ORCHESTRATION.checkHealth, { instanceId: id, input: { deployment } });
  } catch (e) {
    // Two alerts at the same instant: the other one started it.
    const other = await checking();
    if (other) return { started: false, reason: `a health check (instance ${other}) is already running` };
    throw e;
  }
  return { started: true, instanceId: id, remediationRefused: remediationRefusal(record) };
}
