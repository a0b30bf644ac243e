// The part of the durable client the HTTP handlers use. The real client (under
// the Functions host) and the local driver's client both satisfy it.
import type * as df from "durable-functions";

export type StarterClient = Pick<df.DurableClient, "startNew" | "getStatus" | "createCheckStatusResponse" | "raiseEvent" | "terminate">;

/** getStatus throws for an unknown instance (HTTP 404 from the extension); this returns null instead. */
export async function statusOrNull(client: StarterClient, instanceId: string): Promise<df.DurableOrchestrationStatus | null> {
  try {
    return await client.getStatus(instanceId);
  } catch (e) {
    if (/404|not found/i.test((e as Error).message)) return null;
    throw e;
  }
}

const ACTIVE = new Set(["Pending", "Running", "ContinuedAsNew"]);

export function isActive(status: df.DurableOrchestrationStatus | null): boolean {
  return status !== null && ACTIVE.has(String(status.runtimeStatus));
}
