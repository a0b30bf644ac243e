// Everything a local run needs, wired together on one virtual clock: the
// Azure emulator, a real Azurite for the deployment registry, the local
// durable host running the app's own orchestrations and activities, and the
// activities pointed at the emulator. The CLI's deploy and the end-to-end
// tests both start from here.
import { randomBytes } from "node:crypto";
import { activities } from "../activities/index.js";
import { useAzureTarget } from "../activities/azure-target.js";
import { orchestrations } from "../orchestrations/index.js";
import { createAzureClients, vaultNameOf } from "../shared/azure/clients.js";
import type { TopologySpec } from "../shared/spec/schema.js";
import { DeploymentRegistry } from "../shared/storage/deployment-registry.js";
import { HealthReports } from "../shared/storage/health-reports.js";
import { OperationHistory } from "../shared/storage/operation-history.js";
import { VirtualClock } from "./clock.js";
import { LocalDurableClient, LocalDurableHost } from "./durable/index.js";
import type { HostOptions } from "./durable/host.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "./index.js";
import { startAzuriteTables, type AzuriteTables } from "./storage/azurite.js";

export interface LocalStack {
  clock: VirtualClock;
  emulator: Emulator;
  azurite: AzuriteTables;
  registry: DeploymentRegistry;
  health: HealthReports;
  history: OperationHistory;
  host: LocalDurableHost;
  client: LocalDurableClient;
  /** Create the spec's vault in the emulator with a fresh random PSK (and admin password) unless it already holds them; returns nothing secret. */
  seedSecrets(spec: TopologySpec): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalStack(
  options: Omit<EmulatorOptions, "clock"> & { log?: (line: string) => void; logSink?: HostOptions["logSink"]; maxRemediationsPerHour?: number } = {},
): Promise<LocalStack> {
  // A fresh run starts at 2030-01-01; on a state folder the emulator moves it on past the folder's time (saved-clock.ts).
  const clock = new VirtualClock(Date.UTC(2030, 0, 1));
  const emulator = await startEmulator({ ...options, clock });
  // With a state folder the tables live there too (Azurite's on-disk mode): `bowtie dashboard --state`
  // finds the deployments `bowtie deploy --state` made, and what a record holds besides the spec (the
  // PSK version each NVA holds, a rotation under way) outlives the process as Azure's state does, or
  // the next run would fill a connection with a key its NVA lacks.
  const azurite = await startAzuriteTables(options.stateDir);
  const registry = DeploymentRegistry.fromConnectionString(azurite.connectionString);
  const health = HealthReports.fromConnectionString(azurite.connectionString);
  const history = OperationHistory.fromConnectionString(azurite.connectionString);
  if (options.stateDir) await releaseLeasesOfEarlierRuns(registry);
  const vaults: Record<string, string> = {};
  const clients = () => createAzureClients(emulator.azureConfig(vaults));
  let current = clients();
  useAzureTarget({
    get subscriptionId() { return current.subscriptionId; },
    get network() { return current.network; },
    get compute() { return current.compute; },
    secrets: (url) => current.secrets(url),
    inSubscription: (s) => current.inSubscription(s),
    get resourceGraph() { return current.resourceGraph; },
    metrics: (region) => current.metrics(region),
    registry,
    health,
    history,
    maxRemediationsPerHour: options.maxRemediationsPerHour,
    now: () => new Date(clock.now()),
    starter: () => client,
  });
  const host = new LocalDurableHost({ orchestrations, activities, clock, log: options.log, logSink: options.logSink });
  const client = new LocalDurableClient(host);
  return {
    clock,
    emulator,
    azurite,
    registry,
    health,
    history,
    host,
    client,
    async seedSecrets(spec) {
      const name = vaultNameOf(spec.keyVault.vaultUrl);
      vaults[name] = await emulator.vaultUrl(name);
      current = clients();
      const secretNames =
        spec.keyVault.pskMode === "shared" ? [spec.keyVault.pskSecretName] : spec.nvas.map((n) => `${spec.keyVault.pskSecretName}-${n.name}`);
      // A vault kept in a state folder already holds them: a new PSK would no longer match the devices.
      const secrets = current.secrets(spec.keyVault.vaultUrl);
      const missing = async (s: string) => secrets.getSecret(s).then(() => false, () => true);
      for (const s of secretNames) if (await missing(s)) await emulator.setSecret(name, s, randomBytes(24).toString("base64url"));
      const admin = spec.nvaDefaults.adminPasswordSecretName;
      if (admin && (await missing(admin))) await emulator.setSecret(name, admin, `Aa1-${randomBytes(18).toString("base64url")}`);
    },
    async close() {
      useAzureTarget(null);
      await Promise.all([emulator.close(), azurite.close()]);
    },
  };
}

/**
 * The durable host lives in this process only: an operation lock kept in a
 * state folder's registry belongs to a run whose process has ended (the CLI
 * interrupted, a test's first stack closed), and no instance of this host
 * will ever end it. Released at start, as a later operation would reclaim it
 * once its holder is known gone.
 */
async function releaseLeasesOfEarlierRuns(registry: DeploymentRegistry): Promise<void> {
  for (const r of await registry.list()) {
    if (!r.lease) continue;
    await registry.mutate(r.name, (current) => {
      const { lease: _gone, ...rest } = current;
      return current.lease ? rest : null;
    });
  }
}
