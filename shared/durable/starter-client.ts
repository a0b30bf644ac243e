// The part of the durable client that HTTP handlers, the timer, the Event Grid
// handler and the activities that start or inspect orchestrations use. The real
// client (under the Functions host) and the local driver's client both satisfy it.
// In shared/ because every layer needs the type (imports flow downwards only).
import type * as df from "durable-functions";

export type StarterClient = Pick<df.DurableClient, "startNew" | "getStatus" | "raiseEvent" | "terminate">;

/** getStatus throws for an unknown instance (HTTP 404 from the extension); this returns null instead. */
export async function statusOrNull(client: StarterClient, instanceId: string): Promise<df.DurableOrchestrationStatus | null> {
  try {
    return await client.getStatus(instanceId);
  } catch (e) {
    if (/404|not found/i.test((e as Error).message)) return null;
    throw e;
  }
}

export const ACTIVE_RUNTIME_STATUSES: ReadonlySet<string> = new Set(["Pending", "Running", "ContinuedAsNew"]);

export function isActive(status: df.DurableOrchestrationStatus | null): boolean {
  return status !== null && ACTIVE_RUNTIME_STATUSES.has(String(status.runtimeStatus));
}
