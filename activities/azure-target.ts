// The Azure the activities talk to: real clients for a subscription, or the
// same clients pointed at the embedded emulator. Activities are registered as
// plain functions, so their clients are set once per process — by the
// Functions entry point from app settings, or by the CLI and tests — rather
// than passed in every input (inputs land in orchestration history).
import type { ComputeManagementClient } from "@azure/arm-compute";
import type { InvocationContext } from "@azure/functions";
import type { NetworkManagementClient } from "@azure/arm-network";
import type { SecretClient } from "@azure/keyvault-secrets";
import type { ResourceGraphClient } from "@azure/arm-resourcegraph";
import type { MetricsClient } from "@azure/monitor-query-metrics";
import type { SubscriptionClients } from "../shared/azure/clients.js";
import type { DeploymentRegistry } from "../shared/storage/deployment-registry.js";
import type { HealthReports } from "../shared/storage/health-reports.js";
import type { OperationHistory } from "../shared/storage/operation-history.js";
import type { StarterClient } from "../shared/durable/starter-client.js";
import type { LockDeps } from "./operations/take-operation.js";

export interface AzureTarget {
  subscriptionId: string;
  network: NetworkManagementClient;
  compute: ComputeManagementClient;
  /** A SecretClient for the vault a spec names (the emulator maps it to its own vault). */
  secrets(vaultUrl: string): SecretClient;
  /**
   * The ARM clients for another subscription the health fleet spans. Absent:
   * only the configured subscription is readable (its clients above).
   */
  inSubscription?(subscriptionId: string): SubscriptionClients;
  /** Resource Graph, for the fleet's tier 1 (absent: every check is the precise one). */
  resourceGraph?: ResourceGraphClient;
  /** Azure Monitor metrics:getBatch per region, for the fleet's tier 1. */
  metrics?(region: string): MetricsClient;
  registry: DeploymentRegistry;
  health: HealthReports;
  /** Where each operation's ending is kept for the operations page; absent where nobody reads it. */
  history?: OperationHistory;
  /** The circuit breaker: remediations allowed per deployment per hour before it needs a person. */
  maxRemediationsPerHour?: number;
  /** The clock records are stamped with: the wall clock in Azure, the emulator's virtual clock locally. */
  now(): Date;
  /**
   * A durable client for an activity that starts an orchestration: under the
   * host, the client binding of that activity's invocation; locally, the
   * driver's client. Absent where nothing starts orchestrations.
   */
  starter?: (context?: InvocationContext) => StarterClient;
}

let current: AzureTarget | null = null;

export function useAzureTarget(target: AzureTarget | null): void {
  current = target;
}

export function azureTarget(): AzureTarget {
  if (!current) throw new Error("no Azure target configured: call useAzureTarget() at start-up (functions/index.ts does this from app settings)");
  return current;
}

/** What the operation lock needs inside an activity: the registry, a durable client to ask after the lock's holder, the clock. */
export function lockDeps(context?: InvocationContext): LockDeps {
  const { registry, starter, now } = azureTarget();
  if (!starter) throw new Error("the operation lock needs a durable client: configure the Azure target with a starter");
  return { registry, client: starter(context), now };
}

/** The clock operation leases are stamped with: the configured target's (virtual locally), else the wall clock. */
export const leaseClock = (): (() => Date) => current?.now ?? (() => new Date());

/** The target with its ARM clients for `subscriptionId` (the configured one when null or the same). */
export function targetIn(t: AzureTarget, subscriptionId: string | null | undefined): AzureTarget {
  if (!subscriptionId || subscriptionId.toLowerCase() === t.subscriptionId.toLowerCase()) return t;
  if (!t.inSubscription) throw new Error(`subscription ${subscriptionId} is not readable here: this Bowtie is configured for ${t.subscriptionId} only`);
  const c = t.inSubscription(subscriptionId);
  return { ...t, subscriptionId: c.subscriptionId, network: c.network, compute: c.compute };
}
