// Key Vault through the real SecretClient (its challenge-based auth included),
// and the emulator's state folder surviving a restart.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
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
