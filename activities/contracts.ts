// Inputs and outputs of every activity, shared with the orchestrations that
// call them. Types only: orchestrations must not import activity code (I/O).
// None of these carries a secret: activities fetch PSKs from Key Vault
// themselves, by the secret name in the plan's placeholders.
import type { ObservedNetwork } from "../shared/health/bgp-assessment.js";
import type { PlannedResource, ResourceType } from "../shared/plan/types.js";
import type { ApplyOutcome, ProvisioningRead } from "../orchestrations/graph/scheduler.js";
import type { DeploymentStatus } from "../shared/storage/deployment-registry.js";
import type { TopologySpec } from "../shared/spec/schema.js";

export type { ApplyOutcome, ProvisioningRead };

/** What an activity needs besides the resource to fill in the plan's placeholders. */
export interface ApplyContext {
  /** The spec's Key Vault (secrets are read inside the activity, by name). */
  vaultUrl: string;
  /** Route Server (virtual hub) name, for {{routeServerIp:i}}; null without Route Server. */
  routeServerName: string | null;
}

export interface ApplyResourceInput {
  deployment: string;
  resource: PlannedResource;
  context: ApplyContext;
  /** For a VM: the NVA's day-0 configuration from the plan, placeholders unfilled. */
  nvaConfig?: string;
}

export interface ReadProvisioningStateInput {
  id: string;
  type: ResourceType;
  apiVersion: string;
  /** The URL monitoring the operation the run started on it (from applyResource), to read why it failed. */
  operation?: string;
}

export interface ReadSessionsInput {
  deployment: string;
  gatewayId: string;
  connections: Array<{ id: string; name: string }>;
  routeServer: { hubId: string; bgpConnectionIds: string[] } | null;
}

export interface ReadSessionsOutput {
  network: ObservedNetwork;
  /** Route Server's virtualRouterIps (empty without Route Server). */
  routerIps: string[];
}

export interface RecordDeploymentInput {
  spec: TopologySpec;
  status: DeploymentStatus;
  instanceId: string;
  result: unknown;
  reason: string | null;
}

export interface DeleteResourceInput {
  deployment: string;
  resource: PlannedResource;
}

export interface AdmitRemediationInput {
  deployment: string;
}

export type AdmitRemediationOutput = { admitted: true } | { admitted: false; reason: string };

export interface ReadInventoryInput {
  deployment: string;
  resourceGroup: string;
  routeServerName: string | null;
}

export interface ReadInventoryOutput {
  subscriptionId: string;
  /** [lower-case id, SDK model] for every resource in the resource group (secrets removed). */
  resources: Array<[string, Record<string, any> & { name: string; type: string }]>;
  /** VM id (lower-case) -> power state ("running", "stopped", "deallocated"). */
  powerStates: Record<string, string>;
}

export interface ReadHealthInput {
  inventory: ReadInventoryInput;
  sessions: ReadSessionsInput;
}

export interface ReadHealthOutput {
  inventory: ReadInventoryOutput;
  sessions: ReadSessionsOutput;
  /** ARM requests this read cost, by the token bucket they spend. */
  requests: { reads: number; writes: number };
}

export interface ReadDeploymentOutput {
  spec: TopologySpec;
  status: DeploymentStatus;
}

export interface ResetConnectionInput {
  deployment: string;
  connectionId: string;
}

export interface StartRemediationInput {
  spec: TopologySpec;
}

export type StartRemediationOutput = { started: true; instanceId: string } | { started: false; reason: string };
