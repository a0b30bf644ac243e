// An active-active gateway updated in place (a SKU resize within its
// generation, a custom APIPA list changed) keeps serving: Azure updates one
// instance at a time, so while one instance's tunnels and BGP sessions are
// down the other's stay up (the bow-tie's second tunnel per NVA carries the
// traffic). The emulator updates instance 0 during the first half of the
// operation, less a minute, and instance 1 during the second: the second goes
// down only once the first has been back long enough to bring its tunnels and
// BGP sessions up again (IKE, then BGP: well under a minute in the
// convergence model), as a rolling update must. The engine marks a gateway
// mid-update with the instance it is on (rollingUpdate below); the network
// model asks here instead of treating "Updating" as "down". A gateway being
// created, or one with a single instance, is down until it succeeds.
import { isSucceeded } from "./inventory.js";
import type { StoredResource } from "./types.js";

/** Set on the engine's working copy only (never on a resource a client reads). */
const UNDER_UPDATE = "__instanceUnderUpdate";

/** Mark a working copy of an active-active gateway updated in place: the instance under update at `at`. */
export function markRollingUpdate(resource: StoredResource, startedAt: number, readyAt: number, at: number): void {
  const configs = resource.properties?.ipConfigurations;
  if (!Array.isArray(configs) || configs.length < 2 || resource.properties?.activeActive === false) return;
  const [firstDone, secondStarts] = rollingMoments(startedAt, readyAt);
  resource.properties[UNDER_UPDATE] = at < firstDone ? 0 : at < secondStarts ? NONE : 1;
}

/** Between the two halves: both instances up. */
const NONE = -1;
/** How long the first instance is back before the second goes down. */
const RECONVERGE_MS = 60_000;

/** When instance 0 is back, and when instance 1 goes down (moments the timeline must look at). */
export function rollingMoments(startedAt: number, readyAt: number): [number, number] {
  const mid = startedAt + Math.floor((readyAt - startedAt) / 2);
  return [Math.max(startedAt, mid - RECONVERGE_MS), mid];
}

function instanceUnderUpdate(resource: StoredResource): number | null {
  const i = resource.properties?.[UNDER_UPDATE];
  return typeof i === "number" ? i : null;
}

/** Whether the gateway speaks BGP at all now (succeeded, or updated in place with one instance up). */
export const gatewayServes = (resource: StoredResource): boolean => isSucceeded(resource) || instanceUnderUpdate(resource) !== null;

/** Why this instance carries no tunnel now, or null. */
export function instanceDownReason(resource: StoredResource, index: number): string | null {
  if (isSucceeded(resource)) return null;
  const updating = instanceUnderUpdate(resource);
  if (updating === null) return `gateway ${resource.name} is ${String(resource.properties?.provisioningState ?? "Succeeded")}`;
  return updating === index ? `gateway ${resource.name} is Updating (instance ${index}; the other instance keeps its tunnels)` : null;
}
