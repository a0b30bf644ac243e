// A resource as a row of Resource Graph's `resources` table: the RP's body
// (what a GET returns, without the status ARM computes per GET) plus the
// table's own columns, type and resource group in lower case as Resource
// Graph keeps them, and a VM's power state where ARG samples read it
// (properties.extended.instanceView.powerState.code).
import { publicView, enrich } from "../arm/readonly-fields.js";
import { resourceGroupOf, type ArmStore, type Entry } from "../arm/store.js";

export type Row = Record<string, unknown>;

export const TENANT_ID = "00000000-0000-4000-8000-00000000ten0";

/** The `resources` table's columns, in Resource Graph's order. */
export const RESOURCE_COLUMNS = ["id", "name", "type", "tenantId", "kind", "location", "resourceGroup", "subscriptionId", "managedBy", "sku", "plan", "properties", "tags", "identity", "zones", "extendedLocation"];

const POWER_DISPLAY: Record<string, string> = { running: "VM running", stopped: "VM stopped", deallocated: "VM deallocated", starting: "VM starting" };

export function resourceRow(store: ArmStore, entry: Entry, at: number): Row {
  const r = publicView(enrich(store, entry));
  const { id, name, type, location, tags, kind, sku, plan, identity, zones, extendedLocation, managedBy, properties } = r as Record<string, any>;
  // Resource Graph is no way to read a secret: a connection's pre-shared key (which an ARM GET of the
  // connection shows, ARM-FACTS §1.5) is left out of its row (the emulator's choice; unconfirmed for Azure).
  if (/^microsoft\.network\/connections$/i.test(type)) delete properties.sharedKey;
  if (/^microsoft\.compute\/virtualmachines$/i.test(type)) {
    const power = store.powerStateAt(id, at) ?? "running";
    properties.extended = { instanceView: { powerState: { code: `PowerState/${power}`, level: "Info", displayStatus: POWER_DISPLAY[power] ?? `VM ${power}` } } };
  }
  return {
    id,
    name,
    type: String(type).toLowerCase(),
    tenantId: TENANT_ID,
    kind: kind ?? "",
    location: location ?? "",
    resourceGroup: resourceGroupOf(id),
    subscriptionId: String(id).split("/")[2] ?? "",
    managedBy: managedBy ?? "",
    sku: sku ?? null,
    plan: plan ?? null,
    properties,
    tags: tags ?? {},
    identity: identity ?? null,
    zones: zones ?? null,
    extendedLocation: extendedLocation ?? null,
  };
}
