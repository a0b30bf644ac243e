// bowtie emulator: the embedded Azure on its own, for `func start` or any
// other client. Runs on a sped-up real clock (--time-scale), writes its CA
// certificate where clients can trust it, and with --seed creates a spec's
// Key Vault holding a fresh random PSK. Stops on Ctrl-C (saving --state).
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { tmpdir } from "node:os";
import { ScaledClock } from "../../emulator/clock.js";
import { startEmulator } from "../../emulator/index.js";
import { vaultNameOf } from "../../shared/azure/clients.js";
import type { CliIo } from "../io.js";
import { loadSpec, printViolations } from "../load-spec.js";

export interface EmulatorCommandOptions {
  port?: string;
  state?: string;
  timeScale?: string;
  seed?: string;
}

export async function emulatorCommand(opts: EmulatorCommandOptions, io: CliIo, untilStopped: () => Promise<void>): Promise<number> {
  const port = opts.port === undefined ? 0 : Number(opts.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.err(`--port must be a port number (got ${opts.port})`);
    return 2;
  }
  const scale = Number(opts.timeScale ?? "60");
  const emulator = await startEmulator({ port, stateDir: opts.state, clock: new ScaledClock(scale), autoAdvance: false, retryAfterSeconds: 1 });
  const dir = resolve(opts.state ?? join(tmpdir(), "bowtie-emulator"));
  mkdirSync(dir, { recursive: true });
  const caFile = join(dir, "emulator-ca.pem");
  writeFileSync(caFile, emulator.caCertPem);
  io.out(`Bowtie Azure emulator listening on ${emulator.endpoint} (time x${scale})`);
  io.out(`  BOWTIE_EMULATOR_ENDPOINT=${emulator.endpoint}`);
  io.out(`  BOWTIE_EMULATOR_CA_FILE=${caFile}`);
  io.out(`  AZURE_SUBSCRIPTION_ID=${emulator.subscriptionId}`);
  if (opts.seed) {
    const loaded = loadSpec(opts.seed);
    printViolations(opts.seed, loaded, io.err);
    if (!loaded.ok) {
      await emulator.close();
      return 1;
    }
    const vault = vaultNameOf(loaded.spec.keyVault.vaultUrl);
    await emulator.setSecret(vault, loaded.spec.keyVault.pskSecretName, randomBytes(24).toString("base64url"));
    if (loaded.spec.nvaDefaults.adminPasswordSecretName) await emulator.setSecret(vault, loaded.spec.nvaDefaults.adminPasswordSecretName, `Aa1-${randomBytes(18).toString("base64url")}`);
    io.out(`  BOWTIE_EMULATOR_VAULTS=${vault}=${await emulator.vaultUrl(vault)}   (seeded with a random PSK)`);
  }
  await untilStopped();
  await emulator.close();
  return 0;
}
