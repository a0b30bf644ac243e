// What Bowtie writes to a resource it adopted: what exists, with the plan's
// part laid over it. A PUT replaces the whole resource, so a body holding
// only Bowtie's subnets or rules would delete another team's; this keeps
// every subnet, security rule, address prefix, tag and property the plan
// does not mention, and overlays, by name, the subnets and rules it does
// (a tag they already set keeps their value). Apply writes the
// result, and drift compares the same result with what exists, so foreign
// content is never drift and never removed. Both sides are SDK models
// (flattened `properties`, as reads return them).

import { ADOPTED_TAG } from "./types.js";

type Model = Record<string, any>;

/** Named lists Bowtie shares with others in an adopted resource, by model key. */
const NAMED_LISTS = ["subnets", "securityRules"] as const;

const sameName = (a: unknown, b: unknown) => typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();

/** Existing items first (each overlaid by the plan's item of the same name), then the plan's new ones. */
function mergeNamed(existing: Model[], desired: Model[]): Model[] {
  const merged = existing.map((e) => {
    const mine = desired.find((d) => sameName(d.name, e.name));
    return mine ? { ...e, ...mine } : e;
  });
  for (const d of desired) if (!existing.some((e) => sameName(e.name, d.name))) merged.push(d);
  return merged;
}

function union(existing: unknown[], desired: unknown[]): unknown[] {
  const out = [...existing];
  for (const d of desired) if (!out.some((e) => String(e).toLowerCase() === String(d).toLowerCase())) out.push(d);
  return out;
}

/** Their tags win over the spec's extra tags of the same name (not Bowtie's to change); the adoption mark is Bowtie's. */
function mergeTags(desired: Record<string, string> = {}, existing: Record<string, string> = {}): Record<string, string> {
  const mark = Object.entries(desired).filter(([k]) => k.toLowerCase() === ADOPTED_TAG.toLowerCase());
  const theirs = Object.entries(existing).filter(([k]) => k.toLowerCase() !== ADOPTED_TAG.toLowerCase());
  const added = Object.entries(desired).filter(([k]) => !theirs.some(([t]) => t.toLowerCase() === k.toLowerCase()) && !mark.some(([m]) => m === k));
  return Object.fromEntries([...theirs, ...added, ...mark]);
}

export function mergeAdopted(desired: Model, existing: Model): Model {
  const merged: Model = { ...existing, ...desired, tags: mergeTags(desired.tags, existing.tags) };
  for (const key of NAMED_LISTS) {
    if (Array.isArray(desired[key]) || Array.isArray(existing[key])) merged[key] = mergeNamed(existing[key] ?? [], desired[key] ?? []);
  }
  // A VNet's address space: theirs stays (their subnets live in it), Bowtie's is added.
  if (desired.addressSpace?.addressPrefixes || existing.addressSpace?.addressPrefixes) {
    merged.addressSpace = {
      ...(existing.addressSpace ?? {}),
      ...(desired.addressSpace ?? {}),
      addressPrefixes: union(existing.addressSpace?.addressPrefixes ?? [], desired.addressSpace?.addressPrefixes ?? []),
    };
  }
  return merged;
}
