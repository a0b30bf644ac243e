// The emulator on a clock that does not say when it moves (the standalone
// emulator's ScaledClock: real time, sped up). Nobody looks at the network
// between the power-off of an NVA and a read minutes later, yet its session
// timeline has each change at its moment — the tunnels at Dead Peer
// Detection, the BGP sessions at the hold timer — as under a virtual clock,
// and the SDK's answers at the read are those of a silent NVA past both.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Clock } from "../../emulator/clock.js";
import { startEmulator, type Emulator } from "../../emulator/index.js";
import { createAzureClients } from "../../shared/azure/clients.js";

const root = new URL("../..", import.meta.url).pathname;
const RG = "vpn-bgp-apipa-lab-rg";

/** A clock moved by hand and telling nobody, as real time moves under a ScaledClock. */
class SilentClock implements Clock {
  constructor(public t: number) {}
  now(): number {
    return this.t;
  }
}

function powerOff(emulator: Emulator, resourceId: string): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(`${emulator.endpoint}/_bowtie/out-of-band/power-off`, { method: "POST", ca: emulator.caCertPem, headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => ok(res.statusCode ?? 0));
    });
    req.on("error", fail);
    req.end(JSON.stringify({ resourceId }));
  });
}

test("a clock that moves unannounced: an NVA powered off and read 400 s later has its tunnels down at DPD and its sessions at the hold timer in the timeline, and down in the SDK's answers", async () => {
  const state = mkdtempSync(join(tmpdir(), "bowtie-silent-clock-"));
  const deployed = spawnSync(process.execPath, [join(root, "bin/bowtie.js"), "deploy", "examples/seed-lab.json", "--state", state], { cwd: root, encoding: "utf8" });
  assert.equal(deployed.status, 0, deployed.stderr);
  const clock = new SilentClock(Date.UTC(2030, 0, 2));
  const emulator = await startEmulator({ stateDir: state, clock, autoAdvance: false, retryAfterSeconds: 0 });
  try {
    const c = createAzureClients(emulator.azureConfig());
    const peerStates = async () => ((await c.network.virtualNetworkGateways.getBgpPeerStatus(RG, "client-Vnet-gw")).value ?? []).filter((p) => p.neighbor === "169.254.21.1").map((p) => p.state);
    assert.deepEqual(await peerStates(), ["Connected", "Connected"]);

    const offAt = clock.now();
    assert.equal(await powerOff(emulator, `/subscriptions/${emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/c8k-10`), 204);
    clock.t += 400_000;

    assert.ok((await peerStates()).every((s) => s !== "Connected"), "past the hold timer, the gateway has dropped the silent NVA's sessions");
    const peering = await c.network.virtualHubBgpConnection.get(RG, "provider-vnet-rs", "bgp-c8k-10");
    assert.notEqual(peering.connectionState, "Connected");
    const left = (kind: string) => emulator.timeline(RG).changes.filter((ch) => ch.kind === kind && ch.key.includes("c8k-10") && ch.at >= offAt && ch.from === "Connected").map((ch) => (ch.at - offAt) / 1000);
    assert.deepEqual(left("tunnel"), [45, 45], "both tunnels at Dead Peer Detection");
    assert.deepEqual(left("gateway"), [180, 180], "both gateway sessions at the hold timer");
    assert.deepEqual(left("routeServer"), [180, 180], "both Route Server sessions at the hold timer");
  } finally {
    await emulator.close();
    rmSync(state, { recursive: true, force: true });
  }
});
