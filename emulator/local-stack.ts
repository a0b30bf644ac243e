// Everything a local run needs, wired together on one virtual clock: the
// Azure emulator, a real Azurite for the deployment registry, the local
// durable host running the app's own orchestrations and activities, and the
// activities pointed at the emulator. The CLI's deploy and the end-to-end
// tests both start from here.
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { activities } from "../activities/index.js";
import { useAzureTarget } from "../activities/azure-target.js";
import { orchestrations } from "../orchestrations/index.js";
import { createAzureClients, vaultNameOf } from "../shared/azure/clients.js";
import type { TopologySpec } from "../shared/spec/schema.js";
import { DeploymentRegistry, type DeploymentRecord } from "../shared/storage/deployment-registry.js";
import { HealthReports } from "../shared/storage/health-reports.js";
import { VirtualClock } from "./clock.js";
import { LocalDurableClient, LocalDurableHost } from "./durable/index.js";
import type { HostOptions } from "./durable/host.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "./index.js";
import { startAzuriteTables, type AzuriteTables } from "./storage/azurite.js";
import { writePrivateFile } from "./private-file.js";

/** The registry's file in a state folder, beside the emulator's. */
export const REGISTRY_STATE_FILE = "registry-state.json";

// With a state folder the deployment registry is kept there too, not only in
// memory: what a record holds besides the spec (the PSK version each NVA
// holds, a rotation under way) must outlive the process as Azure's state
// does, or the next run would fill a connection with a key its NVA lacks.
// It is saved when the stack closes, right after the emulator's state, and
// loaded at start: the two are always from the same moment (Azurite's own
// on-disk mode saves every few seconds, so after a kill its rows could be
// newer than the resources they describe). The activities still read and
// write a real Azurite, exactly as they do Azure Table Storage.
//
// The local durable driver keeps its instances in memory: no run of an
// earlier process exists any more, so every lock a saved record holds
// belongs to a dead run and is dropped on load (lease liveness would free it
// once its grace passed, but the virtual clock restarts at the same instant
// every run). What the dead run recorded otherwise stays for the next.
async function loadRegistry(registry: DeploymentRegistry, stateDir: string): Promise<void> {
  const path = join(stateDir, REGISTRY_STATE_FILE);
  if (!existsSync(path)) return;
  const records = JSON.parse(readFileSync(path, "utf8")) as DeploymentRecord[];
  for (const { lease: _dead, ...record } of records) await registry.put(record);
}

async function saveRegistry(registry: DeploymentRegistry, stateDir: string): Promise<void> {
  writePrivateFile(join(stateDir, REGISTRY_STATE_FILE), JSON.stringify(await registry.list()));
}

export interface LocalStack {
  clock: VirtualClock;
  emulator: Emulator;
  azurite: AzuriteTables;
  registry: DeploymentRegistry;
  health: HealthReports;
  host: LocalDurableHost;
  client: LocalDurableClient;
  /** Create the spec's vault in the emulator with a fresh random PSK (and admin password) unless it already holds them; returns nothing secret. */
  seedSecrets(spec: TopologySpec): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalStack(
  options: Omit<EmulatorOptions, "clock"> & { log?: (line: string) => void; logSink?: HostOptions["logSink"]; maxRemediationsPerHour?: number } = {},
): Promise<LocalStack> {
  const clock = new VirtualClock(Date.UTC(2030, 0, 1));
  const emulator = await startEmulator({ ...options, clock });
  // Kept with the emulator's state in a state folder (loadRegistry above).
  const azurite = await startAzuriteTables();
  const registry = DeploymentRegistry.fromConnectionString(azurite.connectionString);
  if (options.stateDir) await loadRegistry(registry, options.stateDir);
  const health = HealthReports.fromConnectionString(azurite.connectionString);
  const vaults: Record<string, string> = {};
  const clients = () => createAzureClients(emulator.azureConfig(vaults));
  let current = clients();
  useAzureTarget({
    get subscriptionId() { return current.subscriptionId; },
    get network() { return current.network; },
    get compute() { return current.compute; },
    secrets: (url) => current.secrets(url),
    registry,
    health,
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
      try {
        await emulator.close();
        if (options.stateDir) await saveRegistry(registry, options.stateDir);
      } finally {
        await azurite.close();
      }
    },
  };
}
