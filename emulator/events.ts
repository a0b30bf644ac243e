// Azure Resource Manager events, Event Grid schema (ARM-FACTS §5): raised when
// a write, delete or action completes, with the caller's claims, so that a
// subscriber can tell Bowtie's own writes from anyone else's.
import { randomUUID } from "node:crypto";
import type { Principal } from "./identity.js";

export type ArmEventType =
  | "Microsoft.Resources.ResourceWriteSuccess"
  | "Microsoft.Resources.ResourceWriteFailure"
  | "Microsoft.Resources.ResourceDeleteSuccess"
  | "Microsoft.Resources.ResourceActionSuccess";

export interface ArmEvent {
  id: string;
  topic: string;
  subject: string;
  eventType: ArmEventType;
  eventTime: string;
  dataVersion: "2";
  metadataVersion: "1";
  data: {
    authorization: { scope: string; action: string; evidence: { role: string; principalId: string; principalType: string } };
    claims: Record<string, string>;
    correlationId: string;
    httpRequest?: { clientRequestId: string; clientIpAddress: string; method: string; url: string };
    resourceProvider: string;
    resourceUri: string;
    operationName: string;
    status: "Succeeded" | "Failed";
    subscriptionId: string;
    tenantId: string;
  };
}

export class EventBus {
  private readonly handlers = new Set<(e: ArmEvent) => void>();
  readonly log: ArmEvent[] = [];

  subscribe(handler: (e: ArmEvent) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  emit(args: { eventType: ArmEventType; resourceId: string; operationName: string; caller: Principal; at: number; method: string; status?: "Succeeded" | "Failed" }): void {
    const sub = args.resourceId.split("/")[2] ?? "";
    const rg = args.resourceId.split("/")[4] ?? "";
    const claims: Record<string, string> = { "http://schemas.microsoft.com/identity/claims/objectidentifier": args.caller.oid, name: args.caller.name };
    if (args.caller.appid) claims.appid = args.caller.appid;
    if (args.caller.upn) claims["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"] = args.caller.upn;
    const event: ArmEvent = {
      id: randomUUID(),
      topic: `/subscriptions/${sub}/resourceGroups/${rg}`,
      subject: args.resourceId,
      eventType: args.eventType,
      eventTime: new Date(args.at).toISOString(),
      dataVersion: "2",
      metadataVersion: "1",
      data: {
        authorization: {
          scope: args.resourceId,
          action: args.operationName,
          evidence: { role: "Contributor", principalId: args.caller.oid, principalType: args.caller.appid ? "ServicePrincipal" : "User" },
        },
        claims,
        correlationId: randomUUID(),
        httpRequest: { clientRequestId: randomUUID(), clientIpAddress: "127.0.0.1", method: args.method, url: `https://management.azure.com${args.resourceId}` },
        resourceProvider: args.resourceId.split("/providers/")[1]?.split("/")[0] ?? "",
        resourceUri: args.resourceId,
        operationName: args.operationName,
        status: args.status ?? "Succeeded",
        subscriptionId: sub,
        tenantId: "00000000-0000-4000-8000-00000000ten0",
      },
    };
    this.log.push(event);
    for (const h of this.handlers) h(event);
  }
}
