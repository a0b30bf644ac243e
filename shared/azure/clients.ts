// The one place Azure SDK clients are made. The same clients talk to a real
// subscription or to the embedded emulator; only this configuration differs:
// the emulator's endpoint, its CA (trusted through the SDK's own tlsOptions)
// and a static credential, and each spec vault URL mapped to an emulated vault.
import { ComputeManagementClient } from "@azure/arm-compute";
import { NetworkManagementClient } from "@azure/arm-network";
import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import { MetricsClient } from "@azure/monitor-query-metrics";
import type { TokenCredential } from "@azure/core-auth";
import { DefaultAzureCredential } from "@azure/identity";
import { SecretClient } from "@azure/keyvault-secrets";

export type AzureConfig =
  | { target: "azure"; subscriptionId: string; credential?: TokenCredential }
  | {
      target: "emulator";
      endpoint: string;
      caCertPem: string;
      subscriptionId: string;
      credential: TokenCredential;
      /** Vault name (the first label of https://<name>.vault.azure.net/) -> the emulated vault's URL. */
      vaults: Record<string, string>;
      /** The emulated Azure Monitor metrics endpoint for a region (default: the emulator's endpoint for every region). */
      metricsEndpoint?: (region: string) => string;
    };

/** ARM clients bound to one subscription. */
export interface SubscriptionClients {
  subscriptionId: string;
  network: NetworkManagementClient;
  compute: ComputeManagementClient;
}

export interface AzureClients {
  subscriptionId: string;
  network: NetworkManagementClient;
  compute: ComputeManagementClient;
  secrets(vaultUrl: string): SecretClient;
  /** The same ARM clients for another subscription the fleet spans (the configured one included). */
  inSubscription(subscriptionId: string): SubscriptionClients;
  /** Azure Resource Graph: one tenant-level query over many subscriptions. */
  resourceGraph: ResourceGraphClient;
  /** Azure Monitor's regional metrics endpoint (metrics:getBatch), per region. */
  metrics(region: string): MetricsClient;
}

// Resource Graph and the metrics batch API answer throttling with a wait
// (Retry-After, quota headers) that the fleet's orchestration honours with a
// durable timer; an SDK retry would sleep inside the activity instead.
const NO_SDK_RETRIES = { retryOptions: { maxRetries: 0 } };

/** Lazily made, once per key. */
function memo<T>(make: (key: string) => T): (key: string) => T {
  const made = new Map<string, T>();
  return (key) => {
    const k = key.toLowerCase();
    let v = made.get(k);
    if (v === undefined) made.set(k, (v = make(key)));
    return v;
  };
}

/** "https://bowtie-lab-kv.vault.azure.net/" -> "bowtie-lab-kv" */
export function vaultNameOf(vaultUrl: string): string {
  return new URL(vaultUrl).hostname.split(".")[0]!.toLowerCase();
}

export function createAzureClients(config: AzureConfig): AzureClients {
  const secretClients = new Map<string, SecretClient>();
  if (config.target === "azure") {
    const credential = config.credential ?? new DefaultAzureCredential();
    const network = new NetworkManagementClient(credential, config.subscriptionId);
    const compute = new ComputeManagementClient(credential, config.subscriptionId);
    const inSubscription = memo((s) =>
      s.toLowerCase() === config.subscriptionId.toLowerCase()
        ? { subscriptionId: config.subscriptionId, network, compute }
        : { subscriptionId: s, network: new NetworkManagementClient(credential, s), compute: new ComputeManagementClient(credential, s) },
    );
    return {
      subscriptionId: config.subscriptionId,
      network,
      compute,
      inSubscription,
      resourceGraph: new ResourceGraphClient(credential, NO_SDK_RETRIES),
      metrics: memo((region) => new MetricsClient(`https://${region.toLowerCase()}.metrics.monitor.azure.com`, credential, NO_SDK_RETRIES)),
      secrets: (vaultUrl) => {
        let c = secretClients.get(vaultUrl);
        if (!c) secretClients.set(vaultUrl, (c = new SecretClient(vaultUrl, credential)));
        return c;
      },
    };
  }
  const tls = { tlsOptions: { ca: config.caCertPem } };
  const common = { ...tls, endpoint: config.endpoint, credentials: { scopes: ["https://management.azure.com/.default"] } };
  const network = new NetworkManagementClient(config.credential, config.subscriptionId, common);
  const compute = new ComputeManagementClient(config.credential, config.subscriptionId, common);
  const inSubscription = memo((s) =>
    s.toLowerCase() === config.subscriptionId.toLowerCase()
      ? { subscriptionId: config.subscriptionId, network, compute }
      : { subscriptionId: s, network: new NetworkManagementClient(config.credential, s, common), compute: new ComputeManagementClient(config.credential, s, common) },
  );
  const metricsEndpoint = config.metricsEndpoint ?? (() => config.endpoint);
  return {
    subscriptionId: config.subscriptionId,
    network,
    compute,
    inSubscription,
    resourceGraph: new ResourceGraphClient(config.credential, { ...common, ...NO_SDK_RETRIES }),
    metrics: memo((region) => new MetricsClient(metricsEndpoint(region), config.credential, { ...tls, ...NO_SDK_RETRIES, credentials: { scopes: ["https://metrics.monitor.azure.com/.default"] } })),
    secrets: (vaultUrl) => {
      const name = vaultNameOf(vaultUrl);
      const url = config.vaults[name];
      if (!url) throw new Error(`the emulator has no vault ${name} (from ${vaultUrl}); create it with emulator.vaultUrl("${name}")`);
      let c = secretClients.get(url);
      // The challenge names the real vault resource, not 127.0.0.1, so the domain check is off for the emulator only.
      if (!c) secretClients.set(url, (c = new SecretClient(url, config.credential, { ...tls, disableChallengeResourceVerification: true })));
      return c;
    },
  };
}
