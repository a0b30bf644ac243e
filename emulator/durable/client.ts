// The durable client for local runs: the shape the HTTP trigger uses
// (functions/http/starter-client.ts), backed by the LocalDurableHost. Like
// the real client, getStatus throws for an unknown instance (HTTP 404 from
// the extension). No createCheckStatusResponse: Bowtie answers with its own
// URLs, never the extension's (they carry its system key).
import type * as df from "durable-functions";
import type { StarterClient } from "../../shared/durable/starter-client.js";
import type { LocalDurableHost } from "./host.js";

export class LocalDurableClient implements StarterClient {
  constructor(
    private readonly host: LocalDurableHost,
  ) {}

  async startNew(orchestratorFunctionName: string, options?: df.StartNewOptions): Promise<string> {
    return this.host.start(orchestratorFunctionName, { instanceId: options?.instanceId, input: options?.input });
  }

  async getStatus(instanceId: string): Promise<df.DurableOrchestrationStatus> {
    const s = this.host.status(instanceId);
    if (!s) throw new Error(`DurableClient error: Durable Functions extension replied with HTTP 404 response. Instance ${instanceId} was not found.`);
    return s as unknown as df.DurableOrchestrationStatus;
  }

  async raiseEvent(instanceId: string, eventName: string, eventData: unknown): Promise<void> {
    this.host.raiseEvent(instanceId, eventName, eventData);
  }

  async terminate(instanceId: string, reason: string): Promise<void> {
    this.host.terminate(instanceId, reason);
  }
}
