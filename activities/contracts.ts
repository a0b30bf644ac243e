// Inputs and outputs of every activity, shared with the orchestrations that
// call them. Types only: orchestrations must not import activity code (I/O).
// None of these carries a secret: activities fetch PSKs from Key Vault
// themselves, by the secret name in the plan's placeholders.
import type { ObservedNetwork } from "../shared/health/bgp-assessment.js";
import type { PlannedResource, ResourceType } from "../shared/plan/types.js";
import type { ApplyOutcome, OperationInput, ProvisioningRead } from "../shared/durable/activity-outcomes.js";
import type { DeploymentStatus } from "../shared/storage/deployment-registry.js";
import type { OperationKind } from "../shared/names.js";
import type { TopologySpec } from "../shared/spec/schema.js";
import type { DeployedApipa } from "../shared/changes/apipa-union.js";
import type { Change } from "../shared/changes/what-if.js";
import type { PskOwner, PskStep } from "../shared/psk/psk-versions.js";

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
  /**
   * For an NVA's VM or connection: that NVA and its PSK secret, by the plan
   * this run applies (a change's new NVA is not in the recorded spec yet);
   * the activity fills the key from the version recorded for it.
   */
  psk?: PskOwner;
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
  /** The NVAs' VMs, whose power state readSessions reads too (the health check reads it with its inventory instead). */
  vms?: Array<{ id: string; name: string }>;
}

export interface ReadSessionsOutput {
  network: ObservedNetwork;
  /** Route Server's virtualRouterIps (empty without Route Server). */
  routerIps: string[];
  /** VM name -> power state ("running", "starting", "stopped", "deallocated"; "absent" when it does not exist), for the input's vms. */
  powerStates?: Record<string, string>;
}

export type { ApplyOutcome, OperationInput, ProvisioningRead };

/** An operation's first step: take (or confirm) the deployment's lock and record that it began. */
export interface BeginOperationInput {
  spec: TopologySpec;
  kind: OperationKind;
  instanceId: string;
  /** The lock token from the input ("" when the orchestration was started without the lock, by the CLI or a test). */
  token: string;
  status: Extract<DeploymentStatus, "Deploying" | "Remediating" | "TearingDown" | "Changing" | "Rotating">;
  /**
   * Keep the registered spec (a change records its spec when it ends, so a
   * refused change leaves the deployment judged by the spec it runs).
   */
  keepSpec?: boolean;
}

export type BeginOperationOutput = { begun: true } | { begun: false; running: { kind: OperationKind; instanceId: string }; reason: string };

/** An operation's last step, however it ended: its status and reason, and the lock released. */
export interface EndOperationInput {
  spec: TopologySpec;
  kind: OperationKind;
  instanceId: string;
  status: DeploymentStatus;
  result: unknown;
  reason: string | null;
  /**
   * The circuit breaker: "strike" for a remediation that wrote something and
   * still ended unhealthy, "reset" for any healthy ending.
   */
  breaker?: "strike" | "reset";
  /** Record `spec` as the deployment's spec (an operation begun with keepSpec that acted). */
  adoptSpec?: boolean;
}

export interface ReadChangeInput {
  spec: TopologySpec;
}

export interface ReadChangeOutput {
  /** The spec as it will be applied (the deployed gateway generation kept when the spec leaves it open). */
  spec: TopologySpec;
  /** The what-if against live state (no secret: paths only). */
  changes: Change[];
  /** The gateway's deployed custom APIPA addresses per ipConfiguration name. */
  deployedApipa: DeployedApipa;
}

export interface DeleteResourceInput {
  deployment: string;
  resource: PlannedResource;
}

export interface AdmitRemediationInput {
  deployment: string;
}

/** Admitted, or refused with the reason the deployment now needs attention. */
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
  /** The deployment's subscription when the spec names one (the health fleet spans several); else the configured one. */
  subscriptionId?: string | null;
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
  lastOperation: OperationKind | null;
  /** The operation running on it now ("deploy:x (deploy)"), or null: a check does not judge a moving target. */
  busyWith: string | null;
  /** Why it counts as being changed (a change or rotation runs, or stopped half-way), or null: then it is reported `changing`, never judged nor remediated. */
  changing: string | null;
}

export interface ResetConnectionInput {
  deployment: string;
  connectionId: string;
}

export interface StartRemediationInput {
  spec: TopologySpec;
  /** Only orphans to remove: start the change path (a deploy of the registered spec), never the repair. */
  removeOrphans?: boolean;
}

/** `changing`: refused because the deployment is being changed or rotated (shared/health/changing.ts). */
export type StartRemediationOutput = { started: true; instanceId: string } | { started: false; reason: string; changing?: true };

/** A PSK rotation's first step (activities/rotation/begin-psk-rotation.ts): version ids only, never a value. */
export interface BeginPskRotationInput {
  spec: TopologySpec;
  instanceId: string;
}

export interface BeginPskRotationOutput {
  /** Secret name -> the Key Vault version it moves to. */
  targets: Record<string, string>;
  /** The NVAs still to roll, in plan order. */
  steps: PskStep[];
  /** True when an earlier run's rotation was found and resumed. */
  resumed: boolean;
}

export interface RecordPskVersionInput {
  deployment: string;
  step: PskStep;
}

export interface EndPskRotationInput {
  deployment: string;
}

/**
 * The checkable deployments, grouped by the subscription each lives in (sorted), for the two-tier health pass;
 * `changing`: those being changed or rotated, which go straight to their own check (it reports them `changing`).
 */
export type ListFleetOutput = Array<{ subscriptionId: string; deployments: string[]; changing: string[] }>;

/** Resource Graph's per-user quota as an answer reported it. */
export interface Quota {
  /** Queries left in the current window; null when the service did not say. */
  remaining: number | null;
  /** Seconds until the window resets; null when not said. */
  resetsAfterSeconds: number | null;
}

export interface AssessTierOneInput {
  subscriptionId: string;
  /** The page to read of the subscription's one fleet query (absent: the first). */
  skipToken?: string;
  /** Resource groups per page (a deployment each, usually). */
  pageSize: number;
  freshness: import("../shared/health/freshness.js").Freshness;
}

/** At most this many tier-1 flags per deployment travel back (all are counted). */
export const MAX_FLAGS_LISTED = 5;

export interface TierOneOutcome {
  deployment: string;
  /** "healthy": tier 1 vouches for it; "tier2": the precise check decides; "gone": no longer registered. */
  verdict: "healthy" | "tier2" | "gone";
  flags: import("../shared/health/tier-one.js").TierOneFlag[];
  flagCount: number;
}

export type AssessTierOneOutput =
  | {
      throttled: false;
      /** Every registered deployment the page holds (the pass keeps those it is checking). */
      outcomes: TierOneOutcome[];
      /** The next page's token; null: the subscription's last page. */
      skipToken: string | null;
      graphQueries: number;
      metricsBatchCalls: number;
      quota: Quota;
      at: string;
    }
  /** Resource Graph's quota or the metrics API said wait: nothing judged, try the chunk again after. */
  | { throttled: true; retryAfterSeconds: number; graphQueries: number; metricsBatchCalls: number; by: "resourceGraph" | "metrics" };

export interface RecordTierOneInput {
  deployments: string[];
  checkedAt: string;
}
