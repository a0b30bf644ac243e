// Teardown order: a resource may be deleted once everything that depends on
// it is gone. That is the plan's graph with every edge reversed.
import type { PlannedResource } from "./types.js";

export function reverseDependencies(resources: PlannedResource[]): PlannedResource[] {
  const dependents = new Map<string, string[]>(resources.map((r) => [r.id, []]));
  for (const r of resources) for (const d of r.dependsOn) dependents.get(d)?.push(r.id);
  return [...resources].reverse().map((r) => ({ ...r, dependsOn: dependents.get(r.id) ?? [] }));
}
