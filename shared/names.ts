// Every orchestration and activity name, in one place. The Functions
// registration (functions/index.ts) and the local durable driver both build
// from the registries keyed by these names, so the two cannot drift apart.
export const ORCHESTRATION = {
  deployTopology: "deployTopology",
  teardownTopology: "teardownTopology",
  checkHealth: "checkHealth",
  checkFleetHealth: "checkFleetHealth",
  rotatePsk: "rotatePsk",
} as const;

export const ACTIVITY = {
  applyResource: "applyResource",
  readProvisioningState: "readProvisioningState",
  readSessions: "readSessions",
  beginOperation: "beginOperation",
  endOperation: "endOperation",
  deleteResource: "deleteResource",
  recordHealth: "recordHealth",
  admitRemediation: "admitRemediation",
  readHealth: "readHealth",
  listDeployments: "listDeployments",
  readDeployment: "readDeployment",
  resetConnection: "resetConnection",
  startRemediation: "startRemediation",
  readChange: "readChange",
  beginPskRotation: "beginPskRotation",
  recordPskVersion: "recordPskVersion",
  endPskRotation: "endPskRotation",
  listFleet: "listFleet",
  assessTierOne: "assessTierOne",
  recordTierOneHealthy: "recordTierOneHealthy",
} as const;

export type OrchestrationName = (typeof ORCHESTRATION)[keyof typeof ORCHESTRATION];
export type ActivityName = (typeof ACTIVITY)[keyof typeof ACTIVITY];

/**
 * What runs on a deployment, one at a time (the lock in its registry row):
 * a later kind (a spec change, a PSK rotation) joins by adding its name here.
 */
export const OPERATION_KINDS = ["deploy", "remediate", "teardown", "change", "rotate"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

// Instance ids are "<purpose>:<deployment>". A deployment name is lower-case
// letters, digits and '-' (shared/spec/naming.ts), so it never holds ':' and no
// name can be, or reach into, another deployment's or the health pass's id;
// durable ids allow ':' (DTFx's own sub-orchestration ids use it).
const SEPARATOR = ":";
const scoped = (purpose: string) => (deployment: string) => `${purpose}${SEPARATOR}${deployment}`;

export const instanceId = {
  /** The instance of an operation on a deployment: one per kind and deployment, and the lock allows one of them at a time. */
  operation: (kind: OperationKind, deployment: string) => scoped(kind)(deployment),
  deploy: scoped("deploy"),
  teardown: scoped("teardown"),
  /** Remediation re-runs the deploy under its own id; the lock keeps it from running beside any other operation. */
  remediate: scoped("remediate"),
  change: scoped("change"),
  rotate: scoped("rotate"),
  health: scoped("health"),
  /** A check an Azure Monitor alert started: its own id, so it never collides with the fleet pass's health:<name> sub-orchestration. */
  alertCheck: scoped("alert"),
  /** The timer's health pass over every deployment: one at a time ("fleet" is no operation kind nor a health check). */
  healthFleet: `fleet${SEPARATOR}health`,
};
