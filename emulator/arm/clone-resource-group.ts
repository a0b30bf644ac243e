// A fleet fixture, not an Azure operation: copy every resource of one
// resource group into another, as if the same deployment had been made
// there, in its steady state. Deploying a thousand labs one by one would take
// the bench longer than checking them; a copy of one real deploy (made by
// Bowtie through the SDK) gives each its own resources, ids and ownership tag.
import type { ArmStore } from "./store.js";

export interface CloneOptions {
  /** Tag values to rewrite in the copies (e.g. the ownership tag: old deployment name -> new). */
  retag?: { key: string; from: string; to: string };
  /** Put the copy in another subscription (every id and reference in it rewritten). */
  toSubscription?: string;
}

export function cloneResourceGroup(store: ArmStore, from: string, to: string, options: CloneOptions = {}): number {
  const source = store.inResourceGroup(from);
  if (source.length === 0) throw new Error(`resource group ${from} holds nothing to clone`);
  if (store.inResourceGroup(to).length > 0) throw new Error(`resource group ${to} is not empty`);
  const rgPattern = new RegExp(`/resourceGroups/${from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/`, "gi");
  const subPattern = /\/subscriptions\/[^/"]+\//gi;
  for (const entry of source) {
    let text = JSON.stringify(entry).replace(rgPattern, `/resourceGroups/${to}/`);
    if (options.toSubscription) text = text.replace(subPattern, `/subscriptions/${options.toSubscription}/`);
    const copy = JSON.parse(text) as typeof entry;
    const tags = copy.resource.tags as Record<string, string> | undefined;
    if (options.retag && tags?.[options.retag.key] === options.retag.from) tags[options.retag.key] = options.retag.to;
    copy.phase = entry.phase === "Failed" ? "Failed" : "Succeeded";
    copy.operationId = null;
    store.set(copy);
    const power = store.powerStates.get(entry.resource.id.toLowerCase());
    if (power) store.powerStates.set(copy.resource.id.toLowerCase(), power);
  }
  return source.length;
}
