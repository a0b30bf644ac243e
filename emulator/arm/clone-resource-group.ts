// A fleet fixture, not an Azure operation: copy every resource of one
// resource group into another, as if the same deployment had been made
// there, in its steady state. Deploying a thousand labs one by one would take
// the bench longer than checking them; a copy of one real deploy (made by
// Bowtie through the SDK) gives each its own resources, ids and ownership tag.
// Copies are made by renaming the source's JSON text, serialised once for
// many copies (a 10,000-deployment bench makes 10,000 of them).
import type { ArmStore, Entry } from "./store.js";

export interface CloneTarget {
  /** The new resource group (names stay unique across subscriptions: the emulator keys its model by resource group). */
  to: string;
  /** Tag values to rewrite in the copies (e.g. the ownership tag: old deployment name -> new). */
  retag?: { key: string; from: string; to: string };
  /** Put the copy in another subscription (every id and reference in it rewritten). */
  toSubscription?: string;
}

/** Back-compat shape of a single copy's options. */
export type CloneOptions = Omit<CloneTarget, "to">;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** JSON text of the source -> the same text naming the target's resource group (and subscription). */
export function cloneRename(from: string, target: CloneTarget): (text: string) => string {
  const rgPattern = new RegExp(`/resourceGroups/${escape(from)}/`, "gi");
  const subPattern = /\/subscriptions\/[^/"]+\//gi;
  return (text) => {
    const renamed = text.replace(rgPattern, `/resourceGroups/${target.to}/`);
    return target.toSubscription ? renamed.replace(subPattern, `/subscriptions/${target.toSubscription}/`) : renamed;
  };
}

export function retagged(tags: Record<string, string> | undefined, retag: CloneTarget["retag"]): void {
  if (retag && tags?.[retag.key] === retag.from) tags[retag.key] = retag.to;
}

/** Copy `from` into each target; returns how many resources one copy holds. */
export function cloneResourceGroups(store: ArmStore, from: string, targets: CloneTarget[]): number {
  const source = store.inResourceGroup(from);
  if (source.length === 0) throw new Error(`resource group ${from} holds nothing to clone`);
  const text = JSON.stringify(source);
  for (const target of targets) {
    if (store.inResourceGroup(target.to).length > 0) throw new Error(`resource group ${target.to} is not empty`);
    const copies = JSON.parse(cloneRename(from, target)(text)) as Entry[];
    copies.forEach((copy, i) => {
      const entry = source[i]!;
      retagged(copy.resource.tags as Record<string, string> | undefined, target.retag);
      copy.phase = entry.phase === "Failed" ? "Failed" : "Succeeded";
      copy.operationId = null;
      store.set(copy);
      const power = store.powerStates.get(entry.resource.id.toLowerCase());
      if (power) store.powerStates.set(copy.resource.id.toLowerCase(), power);
    });
  }
  return source.length;
}

export function cloneResourceGroup(store: ArmStore, from: string, to: string, options: CloneOptions = {}): number {
  return cloneResourceGroups(store, from, [{ to, ...options }]);
}
