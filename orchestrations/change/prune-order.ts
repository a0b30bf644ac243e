// The order in which resources the plan no longer holds are deleted, as a
// graph the scheduler walks (a delete starts once every delete it waits for
// has completed). Pure and deterministic, so the orchestrator can call it.
//
// Two reasons for an edge:
// - Azure refuses otherwise: a NIC while its VM exists (NicInUse), a public
//   IP still on an ipConfiguration (PublicIPAddressCannotBeDeleted), a local
//   network gateway a connection names, a hub before its children, a subnet
//   (VNet) or NSG still in use.
// - Traffic: an NVA is drained before it goes. Its Route Server peering goes
//   first (Route Server stops routing the provider side into it at once, and
//   the NVA stops offering those prefixes to the gateway), then its
//   connection (the gateway drops its tunnels at once), and only then the VM:
//   a VM deleted under live sessions would be routed into by Azure until DPD
//   (45 s) or the BGP hold timer (180 s) noticed.
// Edges are by type, not by NVA: with several NVAs going, every one is
// drained before any VM goes, which is never less safe.
import type { Change } from "../../shared/changes/what-if.js";
import { apiVersionOf } from "../../shared/plan/arm/api-versions.js";
import type { PlannedResource, ResourceType } from "../../shared/plan/types.js";

/** type → the types whose deletes must have completed before one of this type starts. */
export const DELETE_AFTER: Record<ResourceType, ResourceType[]> = {
  "Microsoft.Network/virtualHubs/bgpConnections": [],
  "Microsoft.Network/connections": ["Microsoft.Network/virtualHubs/bgpConnections"],
  "Microsoft.Compute/virtualMachines": ["Microsoft.Network/virtualHubs/bgpConnections", "Microsoft.Network/connections"],
  "Microsoft.Network/localNetworkGateways": ["Microsoft.Network/connections"],
  "Microsoft.Network/virtualNetworkGateways": ["Microsoft.Network/connections"],
  "Microsoft.Network/networkInterfaces": ["Microsoft.Compute/virtualMachines", "Microsoft.Network/virtualHubs/bgpConnections"],
  "Microsoft.Network/virtualHubs/ipConfigurations": ["Microsoft.Network/virtualHubs/bgpConnections"],
  "Microsoft.Network/virtualHubs": ["Microsoft.Network/virtualHubs/bgpConnections", "Microsoft.Network/virtualHubs/ipConfigurations"],
  "Microsoft.Network/publicIPAddresses": [
    "Microsoft.Network/networkInterfaces",
    "Microsoft.Network/virtualNetworkGateways",
    "Microsoft.Network/virtualHubs/ipConfigurations",
    "Microsoft.Network/virtualHubs",
  ],
  "Microsoft.Network/virtualNetworks": [
    "Microsoft.Network/networkInterfaces",
    "Microsoft.Network/virtualNetworkGateways",
    "Microsoft.Network/virtualHubs/ipConfigurations",
    "Microsoft.Network/virtualHubs",
  ],
  // A subnet may name the NSG: the VNet goes first.
  "Microsoft.Network/networkSecurityGroups": ["Microsoft.Network/networkInterfaces", "Microsoft.Network/virtualNetworks"],
};

const isDeletable = (type: string): type is ResourceType => Object.hasOwn(DELETE_AFTER, type);

export interface PruneGraph {
  /** The deletes as graph nodes (body empty: a delete sends none), dependsOn = what must go first. */
  nodes: PlannedResource[];
  /** Changes left out, and why (not a delete, still planned, or a type Bowtie has no delete for). */
  leftOut: Array<{ id: string; note: string }>;
}

/**
 * The delete graph for the `delete` changes of a what-if. A change whose id
 * the plan still holds is never deleted, whatever the caller passed: a
 * stale what-if must not take down what the new plan needs.
 */
export function pruneGraph(plannedIds: Iterable<string>, changes: Change[]): PruneGraph {
  const planned = new Set([...plannedIds].map(tail));
  const leftOut: PruneGraph["leftOut"] = [];
  const chosen: Array<Change & { type: ResourceType }> = [];
  const seen = new Set<string>();
  for (const c of changes) {
    if (c.action !== "delete") continue;
    const key = tail(c.id);
    if (seen.has(key)) continue;
    seen.add(key);
    if (planned.has(key)) leftOut.push({ id: c.id, note: "still in the plan: not deleted" });
    else if (!isDeletable(c.type)) leftOut.push({ id: c.id, note: `no delete path for type ${c.type}: left in place` });
    else chosen.push(c as Change & { type: ResourceType });
  }
  const nodes = chosen.map((c, i): PlannedResource => {
    const after = new Set(DELETE_AFTER[c.type]);
    // Route Server takes one operation at a time among a hub's children
    // (AnotherOperationInProgress otherwise): its peerings go one by one.
    const hub = hubOf(c.id);
    const previousSibling = hub ? chosen.slice(0, i).reverse().find((o) => o.type === c.type && hubOf(o.id) === hub) : undefined;
    return {
      id: c.id,
      type: c.type,
      name: c.name,
      apiVersion: apiVersionOf(c.type),
      dependsOn: [...chosen.filter((o) => after.has(o.type)).map((o) => o.id), ...(previousSibling ? [previousSibling.id] : [])],
      body: {},
    };
  });
  return { nodes, leftOut };
}

/** An id from the resource group on, lower-case: planned ids may carry {{subscriptionId}} where a what-if's have it filled. */
function tail(id: string): string {
  return id.toLowerCase().replace(/^\/subscriptions\/[^/]+\//, "");
}

/** The hub a Route Server child belongs to (lower-case id), or null. */
function hubOf(id: string): string | null {
  return /^(.*\/virtualhubs\/[^/]+)\/(bgpconnections|ipconfigurations)\/[^/]+$/i.exec(id)?.[1]?.toLowerCase() ?? null;
}
