// Every orchestrator by its registered name. functions/index.ts registers
// these with the Functions host; the local durable driver runs the same map.
import type { OrchestrationHandler } from "durable-functions";
import { ORCHESTRATION, type OrchestrationName } from "../shared/names.js";
import { deployTopology } from "./deploy/deploy-topology.js";
import { checkFleetHealth } from "./health/check-fleet-health.js";
import { checkHealth } from "./health/check-health.js";
import { teardownTopology } from "./teardown/teardown-topology.js";
import { rotatePsk } from "./rotate/rotate-psk.js";

export const orchestrations: Record<OrchestrationName, OrchestrationHandler> = {
  [ORCHESTRATION.deployTopology]: deployTopology,
  [ORCHESTRATION.teardownTopology]: teardownTopology,
  [ORCHESTRATION.checkHealth]: checkHealth,
  [ORCHESTRATION.checkFleetHealth]: checkFleetHealth,
  [ORCHESTRATION.rotatePsk]: rotatePsk,
};
