// One constructor for PlannedResource so every per-type file fills id, type,
// name and apiVersion the same way and only decides body and dependencies.
import { settleSlots, slot } from "../placeholder-slots.js";
import type { PlannedResource, ResourceType } from "../types.js";
import { apiVersionOf } from "./api-versions.js";

/**
 * body may hold Slots (placeholder-slots.ts) where a value exists only at
 * apply time; they become placeholder text and their paths are recorded in
 * placeholderSlots, the only places the apply step will fill.
 */
export function planned(
  type: ResourceType,
  id: string,
  dependsOn: string[],
  body: Record<string, unknown>,
): PlannedResource {
  const name = id.slice(id.lastIndexOf("/") + 1);
  const settled = settleSlots(body);
  // A set keeps one edge per target even when two reasons point at it.
  return {
    id,
    type,
    name,
    apiVersion: apiVersionOf(type),
    dependsOn: [...new Set(dependsOn)],
    body: settled.body,
    placeholderSlots: settled.slots,
  };
}

/** A reference to another resource, as ARM bodies spell it; its id may hold {{subscriptionId}}. */
export function ref(id: string): { id: unknown } {
  return { id: slot.armId(id) };
}
