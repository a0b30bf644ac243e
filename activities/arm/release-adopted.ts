// Teardown of an adopted resource. It was someone else's before Bowtie
// adopted it, so it is never deleted. Bowtie takes back only its mark (the
// adoption tag, so another deployment may adopt it later) and reports what
// of its own it leaves there: the subnets or rules it added may by now carry
// the owner's traffic, and which of them existed before adoption is not
// recorded anywhere, so a person removes them, not a guess.
import type { PlannedResource } from "../../shared/plan/types.js";
import { ADOPTED_TAG } from "../../shared/plan/types.js";
import type { AzureTarget } from "../azure-target.js";
import type { ResourceIdParts } from "./resource-id.js";

function groupOf(target: AzureTarget, type: PlannedResource["type"]) {
  if (type === "Microsoft.Network/virtualNetworks") return target.network.virtualNetworks;
  if (type === "Microsoft.Network/networkSecurityGroups") return target.network.networkSecurityGroups;
  return null;
}

/** Bowtie's named parts of a planned body: subnet or security rule names. */
function bowtieParts(resource: PlannedResource): string[] {
  const props = (resource.body.properties ?? {}) as { subnets?: Array<{ name: string }>; securityRules?: Array<{ name: string }> };
  return [...(props.subnets ?? []), ...(props.securityRules ?? [])].map((x) => x.name);
}

/** Removes the adoption tag; returns the note teardown reports. */
export async function releaseAdopted(target: AzureTarget, resource: PlannedResource, parts: ResourceIdParts, tags: Record<string, string>): Promise<string> {
  const group = groupOf(target, resource.type);
  const kept = Object.fromEntries(Object.entries(tags).filter(([k]) => k.toLowerCase() !== ADOPTED_TAG.toLowerCase()));
  if (group) await group.updateTags(parts.resourceGroup, parts.name, { tags: kept });
  const mine = bowtieParts(resource);
  const what = resource.type === "Microsoft.Network/virtualNetworks" ? "subnets" : "security rules";
  return `adopted, not created by this deployment: left in place with its other content, adoption tag removed${mine.length ? `; Bowtie's ${what} ${mine.join(", ")} are still in it (remove them by hand if nothing else uses them)` : ""}`;
}
