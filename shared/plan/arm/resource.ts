// One constructor for PlannedResource so every per-type file fills id, type,
// name and apiVersion the same way and only decides body and dependencies.
import type { PlannedResource, ResourceType } from "../types.js";
import { apiVersionOf } from "./api-versions.js";

export function planned(
  type: ResourceType,
  id: string,
  dependsOn: string[],
  body: Record<string, unknown>,
): PlannedResource {
  const name = id.slice(id.lastIndexOf("/") + 1);
  // A set keeps one edge per target even when two reasons point at it.
  return { id, type, name, apiVersion: apiVersionOf(type), dependsOn: [...new Set(dependsOn)], body };
}

/** A reference to another resource, as ARM bodies spell it. */
export function ref(id: string): { id: string } {
  return { id };
}
