// Tier 1's view of what a chunk of the fleet owns, from Azure Resource Graph:
// the query (one, tag-filtered, paged with $skipToken) and the rows it
// returns turned into the Inventory the plan is compared with — the same SDK
// model shape the ARM lists give (`properties` flattened, the SDK's renames),
// so drift, orphans and what-if read Resource Graph and ARM alike.
import type { Inventory } from "../drift/plan-vs-inventory.js";
import { toSdkModel } from "../plan/arm/sdk-models.js";
import { ADOPTED_TAG, OWNERSHIP_TAG, type ResourceType } from "../plan/types.js";

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

export interface FleetMember {
  name: string;
  resourceGroup: string;
}

// A Route Server's peerings and ipConfigurations carry no tags of their own
// (ARM has none for them), so they are found by their resource group.
const UNTAGGED_CHILDREN = ["microsoft.network/virtualhubs/bgpconnections", "microsoft.network/virtualhubs/ipconfigurations"];

const KNOWN_TYPES: ResourceType[] = [
  "Microsoft.Network/virtualNetworks",
  "Microsoft.Network/publicIPAddresses",
  "Microsoft.Network/networkSecurityGroups",
  "Microsoft.Network/networkInterfaces",
  "Microsoft.Network/virtualNetworkGateways",
  "Microsoft.Network/localNetworkGateways",
  "Microsoft.Network/connections",
  "Microsoft.Network/virtualHubs",
  "Microsoft.Network/virtualHubs/ipConfigurations",
  "Microsoft.Network/virtualHubs/bgpConnections",
  "Microsoft.Compute/virtualMachines",
];
const CANONICAL = new Map(KNOWN_TYPES.map((t) => [t.toLowerCase(), t]));

/** A KQL string literal (single-quoted; backslash and quote escaped). */
export const kqlString = (s: string): string => `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

/**
 * What a chunk of deployments owns or adopts, and their Route Servers'
 * untagged children. `in~` is case-insensitive, as ARM names are.
 */
export function ownedResourcesQuery(members: FleetMember[]): string {
  const names = members.map((m) => kqlString(m.name)).join(", ");
  const groups = [...new Set(members.map((m) => m.resourceGroup.toLowerCase()))].map(kqlString).join(", ");
  const children = UNTAGGED_CHILDREN.map(kqlString).join(", ");
  return [
    "resources",
    // Whole rows: the plan compares sku, zones and identity as well as properties.
    `| where tags['${OWNERSHIP_TAG}'] in~ (${names}) or tags['${ADOPTED_TAG}'] in~ (${names}) or (type in~ (${children}) and resourceGroup in~ (${groups}))`,
  ].join("\n");
}

const tagOf = (tags: GraphRow["tags"], name: string) => Object.entries(tags ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];

/** A row as the SDK model an ARM GET would give (properties flattened, the SDK's renames applied). */
export function modelOf(row: GraphRow): Record<string, any> & { name: string; type: string } {
  const type = CANONICAL.get(row.type.toLowerCase()) ?? row.type;
  const { resourceGroup: _rg, subscriptionId: _sub, ...body } = row;
  if (body.tags === null) delete body.tags;
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

/** The rows of a chunk, per deployment: by its ownership (or adoption) tag, untagged children by their resource group. */
export function groupRows(rows: GraphRow[], members: FleetMember[]): Map<string, MemberView> {
  const out = new Map<string, MemberView>(members.map((m) => [m.name, { inventory: new Map(), powerStates: {} }]));
  const byName = new Map(members.map((m) => [m.name.toLowerCase(), m.name]));
  const byGroup = new Map(members.map((m) => [m.resourceGroup.toLowerCase(), m.name]));
  for (const row of rows) {
    const tagged = tagOf(row.tags, OWNERSHIP_TAG) ?? tagOf(row.tags, ADOPTED_TAG);
    const owner = tagged !== undefined ? byName.get(tagged.toLowerCase()) : UNTAGGED_CHILDREN.includes(row.type.toLowerCase()) ? byGroup.get(String(row.resourceGroup ?? "").toLowerCase()) : undefined;
    const view = owner && out.get(owner);
    if (!view) continue;
    const id = row.id.toLowerCase();
    view.inventory.set(id, modelOf(row));
    const power = powerStateOf(row);
    if (power !== undefined) view.powerStates[id] = power;
  }
  return out;
}
