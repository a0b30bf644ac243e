// Event Grid events from the emulator (Azure's schema) and hand-made
// CloudEvents, routed to deployments; malformed input never throws.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { EventBus } from "../../emulator/events.js";
import { BOWTIE_PRINCIPAL, HUMAN_PRINCIPAL } from "../../emulator/identity.js";
import { parseArmEvents, routeChange, type RoutingContext } from "../../shared/events/arm-events.js";

const rg = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network";
const managed = new Map([[`${rg}/connections/con-c8k-10`.toLowerCase(), "lab"], [`${rg}/virtualHubs/rs`.toLowerCase(), "lab"]]);
const ctx: RoutingContext = { self: { oids: [BOWTIE_PRINCIPAL.oid], appids: [BOWTIE_PRINCIPAL.appid!] }, deploymentOf: (id) => managed.get(id) };

function eventsFrom(emit: (bus: EventBus) => void) {
  const bus = new EventBus();
  emit(bus);
  return bus.log;
}

test("a person's delete of a managed connection calls for remediation of its deployment", () => {
  const [e] = eventsFrom((b) => b.emit({ eventType: "Microsoft.Resources.ResourceDeleteSuccess", resourceId: `${rg}/connections/con-c8k-10`, operationName: "Microsoft.Network/connections/delete", caller: HUMAN_PRINCIPAL, at: 0, method: "DELETE" }));
  const [parsed] = parseArmEvents(e);
  assert.ok(parsed?.ok);
  if (parsed?.ok) assert.deepEqual(routeChange(parsed.change, ctx), { remediate: true, deployment: "lab", resourceId: `${rg}/connections/con-c8k-10` });
});

test("Bowtie's own writes, its BGP probes and unmanaged resources are ignored; children map to their parent", () => {
  const events = eventsFrom((b) => {
    b.emit({ eventType: "Microsoft.Resources.ResourceWriteSuccess", resourceId: `${rg}/connections/con-c8k-10`, operationName: "Microsoft.Network/connections/write", caller: BOWTIE_PRINCIPAL, at: 0, method: "PUT" });
    b.emit({ eventType: "Microsoft.Resources.ResourceActionSuccess", resourceId: `${rg}/virtualHubs/rs/bgpConnections/b1`, operationName: "Microsoft.Network/virtualHubs/bgpConnections/learnedRoutes/action", caller: HUMAN_PRINCIPAL, at: 0, method: "POST" });
    b.emit({ eventType: "Microsoft.Resources.ResourceWriteSuccess", resourceId: `${rg}/virtualNetworks/other`, operationName: "Microsoft.Network/virtualNetworks/write", caller: HUMAN_PRINCIPAL, at: 0, method: "PUT" });
    b.emit({ eventType: "Microsoft.Resources.ResourceDeleteSuccess", resourceId: `${rg}/virtualHubs/rs/bgpConnections/b1`, operationName: "Microsoft.Network/virtualHubs/bgpConnections/delete", caller: HUMAN_PRINCIPAL, at: 0, method: "DELETE" });
  });
  const routes = parseArmEvents(events).map((p) => (p.ok ? routeChange(p.change, ctx) : p));
  assert.deepEqual(routes.map((r) => ("remediate" in r ? (r.remediate ? `remediate ${r.deployment}` : r.reason) : "dropped")), [
    "Bowtie's own change",
    "a read-only action",
    "not a resource Bowtie manages",
    "remediate lab",
  ]);
});

test("CloudEvents schema is read too", () => {
  const [p] = parseArmEvents({
    specversion: "1.0",
    type: "Microsoft.Resources.ResourceWriteSuccess",
    source: "/subscriptions/s/resourceGroups/rg",
    subject: `${rg}/connections/con-c8k-10`,
    id: "1",
    time: "2030-01-01T00:00:00Z",
    data: { operationName: "Microsoft.Network/connections/write", status: "Succeeded", claims: { "http://schemas.microsoft.com/identity/claims/objectidentifier": HUMAN_PRINCIPAL.oid } },
  });
  assert.ok(p?.ok && routeChange(p.change, ctx).remediate);
});

test("unknown, malformed and unrelated events are dropped with a reason, never thrown", () => {
  fc.assert(
    fc.property(fc.anything({ maxDepth: 3 }), (body) => {
      for (const p of parseArmEvents(body)) if (!p.ok) assert.ok(p.reason.length > 0);
    }),
    { numRuns: 300, seed: 11 },
  );
  assert.deepEqual(parseArmEvents([{ eventType: "Microsoft.Storage.BlobCreated", data: {} }, null, "x"]).map((p) => (p.ok ? "ok" : p.reason)), [
    "not a resource change event (Microsoft.Storage.BlobCreated)",
    "not an event object",
    "not an event object",
  ]);
});
