// Whose a resource is, from its tags, and what that lets a deployment do to
// it (DESIGN.md §7). Bowtie writes to a resource that is absent (it creates
// it, tagged), that carries its own ownership tag, or that the spec adopts
// and nobody else claims; it deletes only what carries its ownership tag.
// Anything else is another deployment's or another team's: a conflict that
// names it and its owner. Pure, so the apply and delete activities and the
// tests share one judgement.
import { ADOPTED_TAG, OWNERSHIP_TAG, type PlannedResource } from "./types.js";

export type Tags = Record<string, string> | undefined | null;

/** Azure tag names are case-insensitive. */
function tag(tags: Tags, name: string): string | undefined {
  const key = Object.keys(tags ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : tags![key];
}

/** Who holds a resource, in words a conflict message can use. */
export function ownerOf(tags: Tags): string {
  const owner = tag(tags, OWNERSHIP_TAG);
  if (owner !== undefined) return `deployment ${owner}`;
  const adopter = tag(tags, ADOPTED_TAG);
  if (adopter !== undefined) return `deployment ${adopter} (adopted)`;
  return "untagged";
}

export type WriteClaim =
  /** Absent: Bowtie creates it, with its ownership tag. */
  | { kind: "create" }
  /** Carries this deployment's ownership tag. */
  | { kind: "owned" }
  /** The spec adopts it and nobody else claims it: written merged over what exists. */
  | { kind: "adopted" }
  | { kind: "refused"; code: "OwnershipConflict" | "AdoptionTargetMissing" | "SubscriptionMismatch"; owner: string; message: string };

/** "virtualNetworks/provider-Vnet in resource group rg" from a full id. */
function label(r: Pick<PlannedResource, "id">): string {
  const m = /\/resourceGroups\/([^/]+)\/providers\/[^/]+\/(.+)$/i.exec(r.id);
  return m ? `${m[2]} in resource group ${m[1]}` : r.id;
}

/**
 * May `deployment` write this planned resource? `existingTags` are the tags
 * of what exists (for a Route Server child: its hub's), null when absent.
 */
export function claimForWrite(deployment: string, resource: Pick<PlannedResource, "type" | "id" | "adopted">, existingTags: Tags | null): WriteClaim {
  if (existingTags === null) {
    if (!resource.adopted) return { kind: "create" };
    return {
      kind: "refused",
      code: "AdoptionTargetMissing",
      owner: "absent",
      message: `${label(resource)} is listed in adopt but does not exist; Bowtie adopts only what is already there (remove it from adopt to let Bowtie create and own it)`,
    };
  }
  const owner = tag(existingTags, OWNERSHIP_TAG);
  if (owner === deployment) return { kind: "owned" };
  const adopter = tag(existingTags, ADOPTED_TAG);
  if (owner === undefined && resource.adopted && (adopter === undefined || adopter === deployment)) return { kind: "adopted" };
  const who = ownerOf(existingTags);
  const hint =
    owner === undefined && adopter === undefined
      ? resource.type === "Microsoft.Network/virtualNetworks" || resource.type === "Microsoft.Network/networkSecurityGroups"
        ? " (to write to it anyway, merging, list it in the spec's adopt)"
        : " (rename Bowtie's resource in the spec, or remove the existing one)"
      : "";
  return {
    kind: "refused",
    code: "OwnershipConflict",
    owner: who,
    message: `${label(resource)} already exists and belongs to ${who}, not to deployment ${deployment}: Bowtie will not modify it${hint}`,
  };
}

/** May `deployment` delete what carries these tags? Only what it owns; an adopted resource was someone else's first. */
export function mayDelete(deployment: string, tags: Tags): { delete: true } | { delete: false; adopted: boolean; note: string } {
  if (tag(tags, OWNERSHIP_TAG) === deployment) return { delete: true };
  if (tag(tags, ADOPTED_TAG) === deployment) return { delete: false, adopted: true, note: `adopted by ${deployment}, not created by it: left in place with its other content` };
  return { delete: false, adopted: false, note: `not owned by ${deployment} (tag ${OWNERSHIP_TAG}=${tag(tags, OWNERSHIP_TAG) ?? "absent"}, owner: ${ownerOf(tags)}); left alone` };
}
