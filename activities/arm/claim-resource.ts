// The ownership check before any write (DESIGN.md §7), kept out of the apply
// activity's body so it is one small thing to read: whose the resource is
// (a Route Server child is its hub's), judged by shared/plan/ownership.ts,
// and whether its id points into the subscription the clients write to.
import type { ApplyResourceInput } from "../contracts.js";
import { claimForWrite, type WriteClaim } from "../../shared/plan/ownership.js";
import type { AzureTarget } from "../azure-target.js";
import { isNotFound } from "./arm-errors.js";
import type { ResourceIdParts } from "./resource-id.js";

const isHubChild = (type: string) => type.startsWith("Microsoft.Network/virtualHubs/");

/** `actual` is the resource as read (null: absent). */
export async function claimResource(target: AzureTarget, input: ApplyResourceInput, parts: ResourceIdParts, actual: Record<string, any> | null): Promise<WriteClaim> {
  // The clients write into their own subscription whatever the id says; an id
  // naming another would put this resource here and its references there.
  if (!parts.subscriptionId.startsWith("{{") && parts.subscriptionId.toLowerCase() !== target.subscriptionId.toLowerCase()) {
    return {
      kind: "refused",
      code: "SubscriptionMismatch",
      owner: `subscription ${parts.subscriptionId}`,
      message: `${input.resource.name} is planned in subscription ${parts.subscriptionId}, but this Bowtie deploys into ${target.subscriptionId}: nothing is written there`,
    };
  }
  if (!isHubChild(input.resource.type)) return claimForWrite(input.deployment, input.resource, actual ? (actual.tags ?? {}) : null);
  const hub = await target.network.virtualHubs.get(parts.resourceGroup, parts.name).catch((e) => (isNotFound(e) ? null : Promise.reject(e)));
  return claimForWrite(input.deployment, input.resource, hub ? (hub.tags ?? {}) : null);
}
