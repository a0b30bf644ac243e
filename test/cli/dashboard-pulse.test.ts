// The dashboard's pulse over a state folder `bowtie deploy` left, tick by
// tick as `bowtie dashboard` runs it: an NVA powered off out of band between
// two ticks (through the emulator's control API, as a person does) has been
// off for a whole tick of simulated time when the next pass reads it. So its
// tunnels have gone at Dead Peer Detection and its BGP sessions at the hold
// timer, each at its moment after the power-off, and the pass — and anyone
// reading through the SDK — sees them down, not the first seconds of the
// hold. Remediation then starts it, and its sessions come back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Emulator } from "../../emulator/index.js";
import { openLab } from "../../cli/dashboard/open-lab.js";
import { pulseTick } from "../../cli/dashboard/network-pulse.js";
import { createAzureClients, type AzureClients } from "../../shared/azure/clients.js";

const root = new URL("../..", import.meta.url).pathname;
const NAME = "vpn-bgp-apipa-lab";
const RG = `${NAME}-rg`;
/** `--interval 1 --time-scale 300`: five simulated minutes a tick, longer than the hold timer. */
const TICK_MS = 300_000;
const DPD_MS = 45_000;
const HOLD_MS = 180_000;

/** The control API over HTTPS, trusting the emulator's CA, as the dashboard prints it. */
function control(emulator: Emulator, path: string, body: unknown): Promise<number> {
  return new Promise((ok, fail) => {
    const req = request(`${emulator.endpoint}/_bowtie/${path}`, { method: "POST", ca: emulator.caCertPem, headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => ok(res.statusCode ?? 0));
    });
    req.on("error", fail);
    req.end(JSON.stringify(body));
  });
}

/** c8k-10's sessions as Azure answers through the SDK: the gateway's BGP peers, the Route Server peering and its learned routes per instance. */
async function c8k10Sessions(c: AzureClients) {
  const peers = (await c.network.virtualNetworkGateways.getBgpPeerStatus(RG, "client-Vnet-gw")).value ?? [];
  const peering = await c.network.virtualHubBgpConnection.get(RG, "provider-vnet-rs", "bgp-c8k-10");
  const learned = (await c.network.virtualHubBgpConnections.listLearnedRoutes(RG, "provider-vnet-rs", "bgp-c8k-10")) as Record<string, unknown[]>;
  const power = (await c.compute.virtualMachines.instanceView(RG, "c8k-10")).statuses?.find((s) => s.code?.startsWith("PowerState/"))?.code;
  return {
    power,
    gateway: peers.filter((p) => p.neighbor === "169.254.21.1").map((p) => p.state),
    routeServer: peering.connectionState,
    learnedPerInstance: Object.keys(learned).sort().map((role) => learned[role]!.length),
  };
}

test("an NVA powered off between two dashboard ticks: the next pass reads its tunnels down at DPD and its sessions at the hold timer, as Azure does; remediation brings them back", async () => {
  const state = mkdtempSync(join(tmpdir(), "bowtie-pulse-"));
  const deployed = spawnSync(process.execPath, [join(root, "bin/bowtie.js"), "deploy", "examples/seed-lab.json", "--state", state], { cwd: root, encoding: "utf8" });
  assert.equal(deployed.status, 0, deployed.stderr);
  const { stack } = await openLab(state);
  try {
    const c = createAzureClients(stack.emulator.azureConfig());
    await pulseTick(stack, TICK_MS);
    assert.equal((await stack.health.latest(NAME))?.status, "healthy");
    assert.deepEqual(await c8k10Sessions(c), { power: "PowerState/running", gateway: ["Connected", "Connected"], routeServer: "Connected", learnedPerInstance: [1, 1] });

    const vm = `/subscriptions/${stack.emulator.subscriptionId}/resourceGroups/${RG}/providers/Microsoft.Compute/virtualMachines/c8k-10`;
    assert.equal(await control(stack.emulator, "out-of-band/power-off", { resourceId: vm }), 204);
    const offAt = stack.clock.now();

    await pulseTick(stack, TICK_MS);
    // The pass of this tick read the NVA after a tick of silence: past DPD and the hold timer.
    const report = (await stack.health.latest(NAME))!;
    assert.ok(Date.parse(report.checkedAt) - offAt >= HOLD_MS, `the pass read ${(Date.parse(report.checkedAt) - offAt) / 1000} s after the power-off, within the hold timer`);
    const rows = (report.sessions ?? []).filter((s) => s.nva === "c8k-10");
    assert.equal(rows.length, 4, JSON.stringify(report.sessions));
    for (const s of rows) assert.notEqual(s.state, "Connected", `${JSON.stringify(s)}: read as Azure reports it, not from the power finding`);
    for (const s of rows.filter((r) => r.kind === "gateway")) assert.notEqual((s as { tunnelState: string }).tunnelState, "Connected");
    assert.ok(report.findings.some((f) => f.kind === "bgp" && f.resource.includes("c8k-10")), "the pass found c8k-10's sessions down itself");
    assert.ok(report.findings.some((f) => f.kind === "powerState" && f.resource.endsWith("/c8k-10")));

    // Each went at its own timer after the power-off, whoever looked in between.
    const left = (kind: string) =>
      stack.emulator.timeline(RG).changes.filter((ch) => ch.kind === kind && ch.key.includes("c8k-10") && ch.at >= offAt && ch.from === "Connected").map((ch) => ch.at - offAt);
    assert.deepEqual(left("tunnel"), [DPD_MS, DPD_MS], "both tunnels at Dead Peer Detection");
    assert.deepEqual(left("gateway"), [HOLD_MS, HOLD_MS], "both gateway sessions at the hold timer");
    assert.deepEqual(left("routeServer"), [HOLD_MS, HOLD_MS], "both Route Server sessions at the hold timer");

    // Remediation starts the NVA; by the next pass its sessions are back.
    await pulseTick(stack, TICK_MS);
    const back = (await stack.health.latest(NAME))!;
    assert.equal(back.status, "healthy", JSON.stringify(back.findings));
    assert.deepEqual(await c8k10Sessions(c), { power: "PowerState/running", gateway: ["Connected", "Connected"], routeServer: "Connected", learnedPerInstance: [1, 1] });
    assert.ok((await stack.history.list(NAME)).some((h) => h.kind === "remediate" && h.status === "Succeeded"));
  } finally {
    await stack.close();
    rmSync(state, { recursive: true, force: true });
  }
});
