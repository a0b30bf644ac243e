// Key Vault through the real SecretClient (its challenge-based auth included),
// and the emulator's state folder surviving a restart.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emulatorWithClients, LOCATION, RG, vnetModel } from "../helpers/emulator-clients.js";

test("SecretClient sets, gets (latest and by version) and lists versions through the challenge flow", async () => {
  const { emulator, clients } = await emulatorWithClients({}, ["lab-kv"]);
  try {
    const secrets = clients.secrets("https://lab-kv.vault.azure.net/");
    const v1 = await secrets.setSecret("vpn-psk", "first-value");
    const v2 = await secrets.setSecret("vpn-psk", "second-value");
    assert.equal((await secrets.getSecret("vpn-psk")).value, "second-value");
    assert.equal((await secrets.getSecret("vpn-psk", { version: v1.properties.version! })).value, "first-value");
    const versions = [];
    for await (const p of secrets.listPropertiesOfSecretVersions("vpn-psk")) versions.push(p.version);
    assert.deepEqual(versions.sort(), [v1.properties.version, v2.properties.version].sort());
    await assert.rejects(secrets.getSecret("missing"), /SecretNotFound|was not found/);
  } finally {
    await emulator.close();
  }
});

test("resources and secrets persist in the state folder across a restart", async () => {
  const stateDir = mkdtempSync(join(tmpdir(), "bowtie-emu-"));
  const first = await emulatorWithClients({ stateDir }, ["lab-kv"]);
  await first.clients.network.virtualNetworks.createOrUpdate(RG, "kept", vnetModel());
  await first.clients.secrets("https://lab-kv.vault.azure.net/").setSecret("kept-secret", "v");
  await first.emulator.close();
  const second = await emulatorWithClients({ stateDir }, ["lab-kv"]);
  try {
    assert.equal((await second.clients.network.virtualNetworks.get(RG, "kept")).location, LOCATION);
    assert.equal((await second.clients.secrets("https://lab-kv.vault.azure.net/").getSecret("kept-secret")).value, "v");
  } finally {
    await second.emulator.close();
  }
});

test("the state file, which holds secrets and customData, is readable by its owner only (0600), even over an older open one", async () => {
  const parent = mkdtempSync(join(tmpdir(), "bowtie-emu-"));
  const stateDir = join(parent, "state");
  const stateFile = join(stateDir, "emulator-state.json");
  const first = await emulatorWithClients({ stateDir }, ["lab-kv"]);
  await first.clients.secrets("https://lab-kv.vault.azure.net/").setSecret("kept-secret", "v");
  await first.emulator.close();
  assert.equal(statSync(stateFile).mode & 0o777, 0o600);
  // A folder the emulator makes itself is the owner's only too.
  assert.equal(statSync(stateDir).mode & 0o777, 0o700);
  // A file an older version (or a loose umask) left world-readable is closed on the next save.
  chmodSync(stateFile, 0o644);
  const second = await emulatorWithClients({ stateDir }, ["lab-kv"]);
  await second.emulator.close();
  assert.equal(statSync(stateFile).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(stateDir).sort(), ["emulator-clock.json", "emulator-state.json"], "no temporary file left behind");
});
