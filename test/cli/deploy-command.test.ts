import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const bowtie = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/bowtie.js"), ...args], { cwd: root, encoding: "utf8" });

test("bowtie deploy examples/seed-lab.json --json: Succeeded, 4 gateway and 4 Route Server sessions Connected", () => {
  const r = bowtie("deploy", "examples/seed-lab.json", "--json");
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.status, "Succeeded");
  assert.equal(out.sessions.gateway.length, 4);
  assert.ok(out.sessions.gateway.every((s: any) => s.state === "Connected" && "instance" in s && "localAddress" in s && "neighbor" in s && "asn" in s));
  assert.equal(out.sessions.routeServer.length, 4);
  assert.ok(out.sessions.routeServer.every((s: any) => s.state === "Connected" && s.peerIp && s.routerIp));
  assert.equal(out.resources.length, 24);
  assert.ok(out.resources.every((x: any) => x.provisioningState === "Succeeded"));
  assert.ok(out.simulatedSeconds > 35 * 60, "the gateway alone takes ~35 simulated minutes");
  assert.ok(Object.keys(out.armRequests).some((k) => k.startsWith("PUT Microsoft.Network/virtualNetworkGateways")));
  assert.match(r.stderr, /provisioning: .*waiting on client-Vnet-gw/, "progress is shown while it runs");
});

test("bowtie emulator prints its endpoint and settings, and stops on Ctrl-C", async () => {
  const child = spawn(process.execPath, [join(root, "bin/bowtie.js"), "emulator", "--seed", "examples/seed-lab.json"], { cwd: root });
  let out = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no endpoint printed: ${out}`)), 30_000);
    child.stdout.on("data", (c) => {
      out += c;
      if (/BOWTIE_EMULATOR_VAULTS=/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  assert.match(out, /listening on https:\/\/127\.0\.0\.1:\d+/);
  assert.match(out, /BOWTIE_EMULATOR_CA_FILE=\S+emulator-ca\.pem/);
  assert.match(out, /BOWTIE_EMULATOR_VAULTS=bowtie-lab-kv=https:\/\/127\.0\.0\.1:\d+/);
  child.kill("SIGINT");
  const code = await new Promise((resolve) => child.on("exit", resolve));
  assert.equal(code, 0);
});
