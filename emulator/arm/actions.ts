// POSTs (and the sharedkey/instanceView sub-resources) on a resource. BGP and
// route answers come from the network model, in the shapes of Azure's
// published examples (ARM-FACTS §2.1). The engine turns a probe's answer into
// Azure's 202 and operation polls (engine.acceptProbe, probes.ts).
import { randomBytes } from "node:crypto";
import type { Principal } from "../identity.js";
import type { NetworkState, RouteOutcome } from "../network/types.js";
import type { ArmEngine, ArmResponse } from "./engine.js";
import { instanceView } from "./engine.js";
import { ArmError, badRequest } from "./errors.js";
import { resourceGroupOf, type Entry } from "./store.js";

const lower = (s: string) => s.toLowerCase();
const ok = (body: unknown): ArmResponse => ({ status: 200, headers: {}, body });

function byId<T>(map: Record<string, T>, id: string): T | undefined {
  return Object.entries(map).find(([k]) => lower(k) === lower(id))?.[1];
}

const route = (r: RouteOutcome) => ({
  localAddress: r.localAddress,
  network: r.network,
  nextHop: r.nextHop,
  sourcePeer: r.sourcePeer,
  origin: r.origin,
  asPath: r.asPath,
  weight: r.weight,
});

function gatewayAction(state: NetworkState, entry: Entry, action: string, query: URLSearchParams): ArmResponse | null {
  const id = entry.resource.id;
  switch (lower(action)) {
    case "getbgppeerstatus": {
      const peer = query.get("peer");
      const peers = state.gatewayPeers.filter((p) => lower(p.gatewayId) === lower(id) && (!peer || p.neighbor === peer));
      return ok({
        value: peers.map((p) => ({
          localAddress: p.localAddress,
          neighbor: p.neighbor,
          asn: p.asn,
          state: p.state,
          connectedDuration: p.state === "Connected" ? "00:05:00" : "",
          routesReceived: p.routesReceived.length,
          messagesSent: 0,
          messagesReceived: 0,
        })),
      });
    }
    case "getlearnedroutes":
      return ok({ value: (byId(state.gatewayLearnedRoutes, id) ?? []).map(route) });
    case "getadvertisedroutes": {
      const peer = query.get("peer");
      if (!peer) throw badRequest("InvalidParameter", "The 'peer' query parameter is required.");
      return ok({ value: (byId(state.gatewayAdvertisedRoutes, id)?.[peer] ?? []).map(route) });
    }
    default:
      return null;
  }
}

export function runAction(
  engine: ArmEngine,
  entry: Entry,
  method: string,
  action: string[],
  query: URLSearchParams,
  body: unknown,
  caller: Principal,
): ArmResponse {
  const type = lower(entry.resource.type);
  const name = action.map(lower).join("/");
  if (type.endsWith("/virtualnetworkgateways") && method === "POST") {
    if (name === "reset") return ok(engine.view(entry));
    const r = gatewayAction(engine.networkState(resourceGroupOf(entry.resource.id)), entry, name, query);
    if (r) return r;
  }
  if (type.endsWith("/connections")) {
    if (name === "sharedkey" && method === "GET") return ok({ id: "", value: entry.resource.properties.sharedKey ?? "" });
    if (name === "sharedkey" && method === "PUT") {
      const value = (body as { value?: unknown } | undefined)?.value;
      if (typeof value !== "string" || !value) throw badRequest("InvalidRequestFormat", "The shared key value must be a non-empty string.");
      entry.resource.properties.sharedKey = value;
      engine.events.emit({ eventType: "Microsoft.Resources.ResourceWriteSuccess", resourceId: entry.resource.id, operationName: "Microsoft.Network/connections/sharedKey/write", caller, at: engine.now(), method: "PUT" });
      return ok({ id: "", value });
    }
    if (name === "sharedkey/reset" && method === "POST") {
      const keyLength = Number((body as { keyLength?: unknown } | undefined)?.keyLength);
      if (!Number.isInteger(keyLength) || keyLength < 1 || keyLength > 128) throw badRequest("InvalidParameter", "keyLength must be 1-128.");
      const fresh = randomBytes(keyLength).toString("base64url").slice(0, keyLength);
      entry.resource.properties.sharedKey = fresh;
      return ok({ keyLength });
    }
    if (name === "resetconnection" && method === "POST") {
      // The tunnels and sessions renegotiate from now; a stuck session comes back with them.
      engine.store.stuckConnections.delete(lower(entry.resource.id));
      engine.networkState(resourceGroupOf(entry.resource.id));
      return ok({});
    }
  }
  if (type.endsWith("/virtualhubs/bgpconnections") && method === "POST") {
    const state = engine.networkState(resourceGroupOf(entry.resource.id));
    const map = name === "learnedroutes" ? state.routeServerLearnedRoutes : name === "advertisedroutes" ? state.routeServerAdvertisedRoutes : null;
    if (map) {
      const perRole = byId(map, entry.resource.id) ?? {};
      return ok(Object.fromEntries(Object.entries(perRole).map(([role, routes]) => [role, routes.map(route)])));
    }
  }
  if (type.endsWith("/virtualmachines")) {
    const id = lower(entry.resource.id);
    if (name === "instanceview" && method === "GET") return ok(instanceView(engine.store, entry, engine.now()));
    const next = { start: "running", restart: "running", poweroff: "stopped", deallocate: "deallocated" }[name] as "running" | "stopped" | "deallocated" | undefined;
    if (next && method === "POST") {
      engine.store.powerStates.set(id, next);
      engine.networkState(resourceGroupOf(entry.resource.id)); // timers run from the power change
      return ok({});
    }
  }
  throw new ArmError(404, "InvalidResourceType", `${method} ${entry.resource.type}/${action.join("/")} is not an operation the emulator serves.`);
}
