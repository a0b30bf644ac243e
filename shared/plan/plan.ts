// From a validated spec to the plan: the single source of desired state.
// Pure: no Azure access, no clock, no randomness, so the same spec always
// gives the same plan (deploy, drift detection and the CLI compare against it).
import type { TopologySpec } from "../spec/schema.js";
import { validateSpec } from "../spec/validate.js";
import { SpecError } from "../spec/violations.js";
import { renderNvaConfigs } from "../ios/render.js";
import { bgpSessionsOf } from "../ios/bgp-sessions.js";
import { desiredResources } from "./arm/index.js";
import { apipaTable } from "./apipa-table.js";
import { resolveTopology } from "./topology.js";
import type { Plan } from "./types.js";

export function planFromSpec(spec: TopologySpec): Plan {
  const topology = resolveTopology(spec);
  return {
    deployment: topology.deployment,
    topology,
    apipa: apipaTable(topology),
    resources: desiredResources(topology),
    nvaConfigs: renderNvaConfigs(topology),
    bgpSessions: bgpSessionsOf(topology),
  };
}

/** Validate raw JSON and plan it; throws SpecError listing every violation. */
export function planFromJson(input: unknown): Plan {
  const result = validateSpec(input);
  if (!result.ok) throw new SpecError(result.violations);
  return planFromSpec(result.spec);
}
