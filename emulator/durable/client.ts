// The durable client for local runs: the shape the HTTP trigger uses
// (functions/http/starter-client.ts), backed by the LocalDurableHost. Like
// the real client, getStatus throws for an unknown instance (HTTP 404 from
// the extension) and createCheckStatusResponse answers 202 with the
// management URLs.
// @azure/functions is CommonJS: its classes come through the default export under ESM.
import functions, { type HttpRequest, type HttpResponse } from "@azure/functions";
import type * as df from "durable-functions";
import type { StarterClient } from "../../functions/http/starter-client.js";
import type { LocalDurableHost } from "./host.js";

export class LocalDurableClient implements StarterClient {
  constructor(
    private readonly host: LocalDurableHost,
    private readonly baseUrl = "http://localhost:7071",
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

  createCheckStatusResponse(request: HttpRequest | undefined, instanceId: string): HttpResponse {
    const origin = request ? new URL(request.url).origin : this.baseUrl;
    const mgmt = `${origin}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}`;
    const urls = {
      id: instanceId,
      statusQueryGetUri: mgmt,
      sendEventPostUri: `${mgmt}/raiseEvent/{eventName}`,
      terminatePostUri: `${mgmt}/terminate?reason={text}`,
      purgeHistoryDeleteUri: mgmt,
    };
    return new functions.HttpResponse({ status: 202, headers: { Location: urls.statusQueryGetUri, "Retry-After": "10" }, jsonBody: urls });
  }
}
