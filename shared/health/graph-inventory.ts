// Tier 1's view of what a chunk of the fleet owns, from Azure Resource Graph:
// the query (one, tag-filtered, paged with $skipToken) and the rows it
// returns turned into the Inventory the plan is compared with — the same SDK
// model shape the ARM lists give (`properties` flattened, the SDK's renames),
// so drift, orphans and what-if read Resource Graph and ARM alike.
import type { Inventory } from "../drift/plan-vs-inventory.js";
import { toSdkModel } from "../plan/arm/sdk-models.js";
import { ADOPTED_TAG, OWNERSHIP_TAG, RESOURCE_TYPES, type ResourceType } from "../plan/types.js";

/** A row of the `resources` table (the resource's GET body plus Resource Graph's columns). */
export interface GraphRow {
  id: string;
  name: string;
  type: string;
  location?: string;
  resourceGroup?: string;
  subscriptionId?: string;
  tags?: Record<string, string> | null;
  properties?: Record<string, unknown> | null;
  [key: string]: unknown;
}

// A Route Server's peerings and ipConfigurations carry no tags of their own
// (ARM has none for them), so they are found by their resource group.
const UNTAGGED_CHILDREN = ["microsoft.network/virtualhubs/bgpconnections", "microsoft.network/virtualhubs/ipconfigurations"];

// Resource Graph gives types in lower case; the plan compares them in ARM's casing.
const CANONICAL = new Map<string, ResourceType>(RESOURCE_TYPES.map((t) => [t.toLowerCase(), t]));

/** A KQL string literal (single-quoted; backslash and quote escaped). */
export const kqlString = (s: string): string => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/** The columns of a row the plan compares, packed into each group's list. */
const PACKED = ["id", "name", "type", "location", "tags", "properties", "sku", "plan", "zones", "identity", "kind", "extendedLocation"];

/**
 * Everything Bowtie owns or adopts in the query's subscriptions, and Route
 * Servers' untagged children, one result row per resource group (the
 * group's resources packed in a list), so a page never splits a deployment
 * and a page of `top` groups is a bounded chunk of the fleet. One query for
 * the whole fleet of a subscription, paged with $skipToken.
 */
export function fleetResourcesQuery(): string {
  const children = UNTAGGED_CHILDREN.map(kqlString).join(", ");
  return [
    "resources",
    `| where isnotempty(tags['${OWNERSHIP_TAG}']) or isnotempty(tags['${ADOPTED_TAG}']) or type in~ (${children})`,
    `| summarize resources = make_list(bag_pack(${PACKED.map((c) => `'${c}', ${c}`).join(", ")})) by subscriptionId, resourceGroup`,
    "| order by subscriptionId asc, resourceGroup asc",
  ].join("\n");
}

/** A result row of fleetResourcesQuery: one resource group's rows. */
export interface GraphGroup {
  subscriptionId: string;
  resourceGroup: string;
  resources: GraphRow[];
}

const tagOf = (tags: GraphRow["tags"], name: string) => Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/** A row as the SDK model an ARM GET would give (properties flattened, the SDK's renames applied). */
export function modelOf(row: GraphRow): Record<string, any> & { name: string; type: string } {
  const type = CANONICAL.get(row.type.toLowerCase()) ?? row.type;
  const { resourceGroup: _rg, subscriptionId: _sub, ...all } = row;
  // Resource Graph gives every column, null where a type has none (a VPN gateway's sku lives in
  // its properties): an absent value, never one that overwrites the flattened property.
  const body = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== null && v !== undefined));
  const model = toSdkModel({ type: type as ResourceType, body }) as Record<string, any>;
  // Resource Graph's own addition (a VM's instance view): read by powerStateOf, not part of the resource.
  delete model.extended;
  return { ...model, name: row.name, type };
}

/** A VM row's power state ("running", "deallocated"...), from Resource Graph's extended instance view; undefined when absent. */
export function powerStateOf(row: GraphRow): string | undefined {
  const code = (row.properties as any)?.extended?.instanceView?.powerState?.code;
  return typeof code === "string" && code.startsWith("PowerState/") ? code.slice("PowerState/".length) : undefined;
}

export interface MemberView {
  inventory: Inventory;
  powerStates: Record<string, string>;
}

/**
 * One page of groups, per deployment: each row goes to the deployment its
 * ownership (or adoption) tag names; a Route Server's untagged child to the
 * deployment that owns its hub. The names are as the tags spell them.
 */
export function viewsOfGroups(groups: GraphGroup[]): Map<string, MemberView> {
  const out = new Map<string, MemberView>();
  const viewOf = (name: string) => {
    let v = out.get(name);
    if (!v) out.set(name, (v = { inventory: new Map(), powerStates: {} }));
    return v;
  };
  const put = (view: MemberView, row: GraphRow) => {
    const id = row.id.toLowerCase();
    view.inventory.set(id, modelOf(row));
    const power = powerStateOf(row);
    if (power !== undefined) view.powerStates[id] = power;
  };
  for (const g of groups) {
    const rows = (g.resources ?? []).map((r) => ({ ...r, resourceGroup: g.resourceGroup, subscriptionId: g.subscriptionId }));
    const ownerOfHub = new Map<string, string>();
    for (const row of rows) {
      const tagged = tagOf(row.tags, OWNERSHIP_TAG) ?? tagOf(row.tags, ADOPTED_TAG);
      if (tagged === undefined) continue;
      put(viewOf(tagged), row);
      if (row.type.toLowerCase() === "microsoft.network/virtualhubs") ownerOfHub.set(row.id.toLowerCase(), tagged);
    }
    for (const row of rows) {
      if (!UNTAGGED_CHILDREN.includes(row.type.toLowerCase())) continue;
      const hub = /^(.*\/providers\/microsoft\.network\/virtualhubs\/[^/]+)\//i.exec(row.id)?.[1]?.toLowerCase();
      const owner = hub ? ownerOfHub.get(hub) : undefined;
      if (owner) put(viewOf(owner), row);
    }
  }
  return out;
}
