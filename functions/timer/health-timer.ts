// The health timer: starts the health pass over every registered deployment
// (checkFleetHealth), unless the previous pass is still running — a fleet too
// large for one period simply stretches the period rather than piling up.
import type { InvocationContext } from "@azure/functions";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import type { FleetInput } from "../../orchestrations/health/check-fleet-health.js";
import { invocationTelemetry } from "../../shared/telemetry/index.js";
import { isActive, statusOrNull, type StarterClient } from "../http/starter-client.js";

export interface HealthTick {
  instanceId: string;
  started: boolean;
}

/** `input`: the pass's options; the timer runs the defaults (the two-tier pass). */
export async function runHealthChecks(client: StarterClient, context: InvocationContext, input: FleetInput = {}): Promise<HealthTick> {
  const id = instanceId.healthFleet;
  const telemetry = invocationTelemetry(context, { deploymentId: null, instanceId: id });
  if (isActive(await statusOrNull(client, id))) {
    telemetry.emit("HealthPassRequested", { started: false, reason: "the last pass is still running; this tick starts nothing" });
    return { instanceId: id, started: false };
  }
  await client.startNew(ORCHESTRATION.checkFleetHealth, { instanceId: id, input });
  telemetry.emit("HealthPassRequested", { started: true });
  return { instanceId: id, started: true };
}
