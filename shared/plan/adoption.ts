// Which planned resources the spec adopts, and how they are marked. An
// adopted resource keeps the plan's body (so Bowtie's subnets or rules are
// still written) but carries ADOPTED_TAG instead of the ownership tag: the
// apply activity merges it over what exists, drift ignores what Bowtie does
// not manage, and the delete activity never deletes it.
import type { PlannedResource, Topology } from "./types.js";
import { ADOPTED_TAG, OWNERSHIP_TAG } from "./types.js";

const ADOPTABLE: Record<Topology["adopt"][number]["type"], PlannedResource["type"]> = {
  virtualNetwork: "Microsoft.Network/virtualNetworks",
  networkSecurityGroup: "Microsoft.Network/networkSecurityGroups",
};

export function isAdoptedBySpec(topo: Topology, r: Pick<PlannedResource, "type" | "name">): boolean {
  // ARM names are case-insensitive.
  return topo.adopt.some((a) => ADOPTABLE[a.type] === r.type && a.name.toLowerCase() === r.name.toLowerCase());
}

/** The user's tags and the adoption mark; never the ownership tag, which would let a teardown delete it. */
export function adoptedTags(topo: Topology): Record<string, string> {
  const { [OWNERSHIP_TAG]: _owned, ...userTags } = topo.tags;
  return { ...userTags, [ADOPTED_TAG]: topo.deployment };
}

export function markAdopted(topo: Topology, r: PlannedResource): PlannedResource {
  if (!isAdoptedBySpec(topo, r)) return r;
  return { ...r, body: { ...r.body, tags: adoptedTags(topo) }, adopted: true };
}
