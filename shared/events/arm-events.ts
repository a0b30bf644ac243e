// Azure Resource Manager events, in the Event Grid or CloudEvents schema
// (ARM-FACTS §5), read defensively: delivery is at-least-once and unordered,
// and anything unknown, malformed or unrelated is dropped with a reason,
// never thrown. Routing decides which changes call for a remediation of
// which deployment: not Bowtie's own writes, not read-only actions (its own
// probes — getBgpPeerStatus, route listings — come back as
// ResourceActionSuccess events too), not failures, not unmanaged resources.

export interface ArmChange {
  eventId: string;
  kind: "write" | "delete" | "action";
  resourceId: string;
  operationName: string;
  status: string;
  caller: { oid?: string; appid?: string };
  time: string;
}

export type Parsed = { ok: true; change: ArmChange } | { ok: false; reason: string };

const TYPES: Record<string, ArmChange["kind"]> = {
  "Microsoft.Resources.ResourceWriteSuccess": "write",
  "Microsoft.Resources.ResourceDeleteSuccess": "delete",
  "Microsoft.Resources.ResourceActionSuccess": "action",
};

const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

export function parseArmEvent(event: unknown): Parsed {
  if (!isObject(event)) return { ok: false, reason: "not an event object" };
  // Event Grid schema: eventType/eventTime; CloudEvents 1.0: type/time/specversion.
  const type = typeof event.eventType === "string" ? event.eventType : typeof event.type === "string" ? event.type : null;
  if (!type) return { ok: false, reason: "no event type" };
  const kind = TYPES[type];
  if (!kind) return { ok: false, reason: `not a resource change event (${type})` };
  const data = event.data;
  if (!isObject(data)) return { ok: false, reason: "no data" };
  const resourceId = typeof data.resourceUri === "string" ? data.resourceUri : typeof event.subject === "string" ? event.subject : null;
  if (!resourceId || !resourceId.toLowerCase().startsWith("/subscriptions/")) return { ok: false, reason: "no resource id" };
  const claims = isObject(data.claims) ? data.claims : {};
  const oid = claims["http://schemas.microsoft.com/identity/claims/objectidentifier"] ?? claims.oid;
  return {
    ok: true,
    change: {
      eventId: String(event.id ?? ""),
      kind,
      resourceId,
      operationName: String(data.operationName ?? ""),
      status: String(data.status ?? "Succeeded"),
      caller: { ...(typeof oid === "string" ? { oid } : {}), ...(typeof claims.appid === "string" ? { appid: claims.appid } : {}) },
      time: String(event.eventTime ?? event.time ?? ""),
    },
  };
}

/** A delivery's body: one event or a batch. */
export function parseArmEvents(body: unknown): Parsed[] {
  return (Array.isArray(body) ? body : [body]).map(parseArmEvent);
}

/**
 * Actions that only read: they change nothing, so they never call for
 * remediation. infra/ filters the same list out at Event Grid (a test holds
 * the two together), so most never reach the function at all.
 */
export const READ_ONLY_ACTIONS = ["getBgpPeerStatus", "getLearnedRoutes", "getAdvertisedRoutes", "learnedRoutes", "advertisedRoutes", "listKeys", "getikesas", "vpndeviceconfigurationscript"] as const;
const READ_ONLY_ACTION = new RegExp(`/(${READ_ONLY_ACTIONS.join("|")})/action$`, "i");

export type Route = { remediate: true; deployment: string; resourceId: string } | { remediate: false; reason: string };

export interface RoutingContext {
  /** Bowtie's own identity (object id and/or application id): its writes are not drift. */
  self: { oids: string[]; appids: string[] };
  /** Which deployment manages a resource id (lower-case); children fall back to their parent. */
  deploymentOf(resourceIdLower: string): string | undefined;
}

export function routeChange(change: ArmChange, ctx: RoutingContext): Route {
  if (change.status !== "Succeeded") return { remediate: false, reason: `operation ${change.status}` };
  if ((change.caller.oid && ctx.self.oids.includes(change.caller.oid)) || (change.caller.appid && ctx.self.appids.includes(change.caller.appid))) {
    return { remediate: false, reason: "Bowtie's own change" };
  }
  if (change.kind === "action" && READ_ONLY_ACTION.test(change.operationName)) return { remediate: false, reason: "a read-only action" };
  let id = change.resourceId.toLowerCase();
  for (;;) {
    const deployment = ctx.deploymentOf(id);
    if (deployment) return { remediate: true, deployment, resourceId: change.resourceId };
    const parent = id.replace(/\/[^/]+\/[^/]+$/, "");
    if (parent === id || !parent.includes("/providers/")) return { remediate: false, reason: "not a resource Bowtie manages" };
    id = parent;
  }
}
