// Every orchestration and activity name, in one place. The Functions
// registration (functions/index.ts) and the local durable driver both build
// from the registries keyed by these names, so the two cannot drift apart.
export const ORCHESTRATION = {
  deployTopology: "deployTopology",
  teardownTopology: "teardownTopology",
  checkHealth: "checkHealth",
  checkFleetHealth: "checkFleetHealth",
} as const;

export const ACTIVITY = {
  applyResource: "applyResource",
  readProvisioningState: "readProvisioningState",
  readSessions: "readSessions",
  recordDeployment: "recordDeployment",
  deleteResource: "deleteResource",
  recordHealth: "recordHealth",
  admitRemediation: "admitRemediation",
  readHealth: "readHealth",
  listDeployments: "listDeployments",
  readDeployment: "readDeployment",
  resetConnection: "resetConnection",
  startRemediation: "startRemediation",
} as const;

export type OrchestrationName = (typeof ORCHESTRATION)[keyof typeof ORCHESTRATION];
export type ActivityName = (typeof ACTIVITY)[keyof typeof ACTIVITY];

// One orchestration instance per deployment and purpose: a second deploy of a
// running deployment finds its instance id taken and is refused.
export const instanceId = {
  deploy: (deployment: string) => `deploy-${deployment}`,
  teardown: (deployment: string) => `teardown-${deployment}`,
  /** Remediation re-runs the deploy under its own id: one at a time per deployment, and never beside a deploy. */
  remediate: (deployment: string) => `remediate-${deployment}`,
  health: (deployment: string) => `health-${deployment}`,
  /** The timer's health pass over every deployment: one at a time. */
  healthFleet: "health-fleet",
};
