// An emulator and the real SDK clients pointed at it, for the protocol tests.
import assert from "node:assert/strict";
import { RestError } from "@azure/core-rest-pipeline";
import { VirtualClock } from "../../emulator/clock.js";
import { startEmulator, type Emulator, type EmulatorOptions } from "../../emulator/index.js";
import { createAzureClients, type AzureClients } from "../../shared/azure/clients.js";

export const RG = "bowtie-test-rg";
export const LOCATION = "swedencentral";

export async function emulatorWithClients(options: EmulatorOptions = {}, vaultNames: string[] = []): Promise<{ emulator: Emulator; clients: AzureClients; clock: VirtualClock }> {
  const clock = new VirtualClock(Date.UTC(2030, 0, 1));
  // Retry-After 0: SDK pollers ask again at once, and the auto-advancing clock makes each answer final.
  const emulator = await startEmulator({ retryAfterSeconds: 0, convergence: false, ...options, clock });
  const vaults: Record<string, string> = {};
  for (const v of vaultNames) vaults[v] = await emulator.vaultUrl(v);
  const clients = createAzureClients(emulator.azureConfig(vaults));
  return { emulator, clients, clock };
}

export const vnetModel = (prefix = "10.50.0.0/16", subnets: Array<[string, string]> = [["default", "10.50.0.0/24"]]) => ({
  location: LOCATION,
  addressSpace: { addressPrefixes: [prefix] },
  subnets: subnets.map(([name, addressPrefix]) => ({ name, addressPrefix })),
});

export const subnetId = (sub: string, vnet: string, subnet: string) =>
  `/subscriptions/${sub}/resourceGroups/${RG}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${subnet}`;

/** The ARM error a call fails with (the test fails if it succeeds or throws anything else). */
export async function armError(p: Promise<unknown>): Promise<RestError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof RestError) return e;
    throw e;
  }
  assert.fail("expected an ARM error");
}
