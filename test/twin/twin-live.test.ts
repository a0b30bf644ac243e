// The twin for real: strongSwan and FRR in network namespaces (root, Linux,
// the Debian packages .ci/run installs). Where it cannot run, these tests say
// why; in CI (CI=true) that is a failure, so they cannot silently not run.
// Each fault run is compared with the emulator's prediction for the same
// plan (test/helpers/plan-in-engine.ts): both must agree on exactly which
// gateway and Route Server sessions are down.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import type { NetworkState } from "../../emulator/network/types.js";
import type { BgpAssessment } from "../../shared/health/bgp-assessment.js";
import { planFromSpec } from "../../shared/plan/plan.js";
import type { Plan } from "../../shared/plan/types.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { twinUnavailable, type TwinHost } from "../../twin/host.js";
import { runTwin } from "../../twin/run-twin.js";
import { applyPlanInEngine } from "../helpers/plan-in-engine.js";

const why = twinUnavailable();
const mustRun = process.env.CI === "true";
const seed = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));
const PSK = (name: string) => `Twin-${name}-0123456789abcdef`;

function planOf(raw: unknown): Plan {
  const r = validateSpec(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  return planFromSpec(r.spec);
}

/** Sessions down, as "gw <gateway APIPA> - <NVA loopback>" and "rs <router IP> - <NVA inside IP>". */
const downInTwin = (a: Pick<BgpAssessment, "gateway" | "routeServer">) =>
  [...a.gateway.filter((s) => s.state !== "Connected").map((s) => `gw ${s.localAddress} - ${s.neighbor}`), ...a.routeServer.filter((s) => s.state !== "Connected").map((s) => `rs ${s.routerIp} - ${s.peerIp}`)].sort();
const downInEmulator = (s: NetworkState) =>
  [...s.gatewayPeers.filter((p) => p.state !== "Connected").map((p) => `gw ${p.localAddress} - ${p.neighbor}`), ...s.routeServerPeers.filter((p) => p.state !== "Connected").map((p) => `rs ${p.routerIp} - ${p.peerIp}`)].sort();

if (why) {
  test("the real-protocol twin", (t) => {
    if (mustRun) assert.fail(`CI must run the twin tests: ${why}`);
    t.skip(`cannot run here: ${why}`);
  });
} else {
  test("seed lab: 4 tunnels and 4+4 sessions up, the planned prefixes learned, nothing left behind", async () => {
    let host: TwinHost | undefined;
    const result = await runTwin(planOf(seed), PSK, { whileUp: async (h) => void (host = h) });
    assert.equal(result.status, "Succeeded", JSON.stringify({ problems: result.problems, missing: result.missingRoutes, config: result.configurationProblems }));
    assert.deepEqual(result.tunnels.map((t) => t.state), ["Connected", "Connected", "Connected", "Connected"]);
    assert.equal(result.sessions.gateway.filter((s) => s.state === "Connected").length, 4);
    assert.equal(result.sessions.routeServer.filter((s) => s.state === "Connected").length, 4);
    assert.deepEqual(result.routes.gateway, ["10.10.0.0/16"]);
    // The NVAs' outbound route-maps (F1/F2) hold in real FRR: Route Server hears only the client side, never the provider VNet back.
    assert.deepEqual(result.routes.routeServer, { "10.10.1.4": ["10.0.0.0/16"], "10.10.1.5": ["10.0.0.0/16"] });
    // Torn down: no namespace with its prefix, no daemon it started, no work folder.
    assert.ok(host);
    assert.doesNotMatch(execFileSync("ip", ["netns", "list"], { encoding: "utf8" }), new RegExp(host!.prefix));
    for (const pid of host!.pids()) assert.ok(!existsSync(`/proc/${pid}`), `pid ${pid} still runs`);
    assert.ok(!existsSync(host!.work), "work folder removed");
  });

  test("README: sudo npx bowtie twin examples/seed-lab.json succeeds and leaves no namespace or work folder behind", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    assert.match(readme, /^sudo npx bowtie twin examples\/seed-lab\.json$/m);
    const twinNamespaces = () => execFileSync("ip", ["netns", "list"], { encoding: "utf8" }).split("\n").filter((l) => /^bt[0-9a-f]{4}-/.test(l)).sort();
    const workFolders = () => readdirSync(tmpdir()).filter((f) => f.startsWith("bowtie-twin-")).sort();
    const [nsBefore, foldersBefore] = [twinNamespaces(), workFolders()];
    // Already root here, so the line runs without sudo (which CI machines need not have).
    const r = spawnSync(process.execPath, [fileURLToPath(new URL("../../bin/bowtie.js", import.meta.url)), "twin", "examples/seed-lab.json"], { cwd: fileURLToPath(new URL("../..", import.meta.url)), encoding: "utf8" });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /Twin of vpn-bgp-apipa-lab: Succeeded/);
    assert.deepEqual(twinNamespaces(), nsBefore);
    assert.deepEqual(workFolders(), foldersBefore);
  });

  const FAULTS: Array<{ label: string; spec?: (s: any) => void; plan?: (p: Plan) => void }> = [
    { label: "PSK mismatch on c8k-20", plan: (p) => void (p.nvaConfigs["c8k-20"] = p.nvaConfigs["c8k-20"]!.replaceAll("{{secret:vpn-psk}}", "{{secret:vpn-psk-other}}")) },
    { label: "IKE proposal mismatch on c8k-20", plan: (p) => void (p.nvaConfigs["c8k-20"] = p.nvaConfigs["c8k-20"]!.replace(" encryption aes-cbc-256", " encryption aes-cbc-128")) },
    { label: "wrong ASN on c8k-10", plan: (p) => void (p.nvaConfigs["c8k-10"] = p.nvaConfigs["c8k-10"]!.replace("router bgp 65002", "router bgp 65009")) },
    { label: "wrong APIPA neighbor on c8k-10", plan: (p) => void (p.nvaConfigs["c8k-10"] = p.nvaConfigs["c8k-10"]!.replaceAll("169.254.21.6", "169.254.21.7")) },
  ];

  for (const fault of FAULTS) {
    test(`twin and emulator agree on which sessions fail: ${fault.label}`, async () => {
      const plan = planOf(seed);
      fault.plan?.(plan);
      const predicted = downInEmulator((await applyPlanInEngine(plan, PSK)).state);
      assert.ok(predicted.length > 0, "the fault must take something down");
      const result = await runTwin(plan, PSK, {
        timeoutSeconds: 60,
        // Done when the twin shows exactly the predicted picture, every other session up.
        until: (a) => JSON.stringify(downInTwin(a)) === JSON.stringify(predicted) && a.gateway.length + a.routeServer.length > predicted.length,
      });
      assert.deepEqual(downInTwin(result.sessions), predicted, JSON.stringify(result.problems, null, 1));
    });
  }
}

/** Topologies and policy families the agreement matrix covers: every session up in the emulator, so in the twin. */
function variant(nvas: number, ipsec: Record<string, string>, pskMode: "shared" | "perConnection"): unknown {
  const raw = structuredClone(seed);
  raw.name = `twin-${nvas}-${pskMode.toLowerCase()}`;
  raw.nvas = Array.from({ length: nvas }, (_, i) => ({ name: `nva-${i + 1}`, asn: 65002, outsideIp: `10.10.0.${4 + i}`, insideIp: `10.10.1.${4 + i}` }));
  raw.ipsec = { ...raw.ipsec, ...ipsec };
  raw.keyVault.pskMode = pskMode;
  return raw;
}
const MATRIX: Array<{ label: string; spec: unknown }> = [
  { label: "1 NVA, GCM (IKE GCMAES256/SHA384/DHGroup24, ESP GCMAES256, PFS24), shared PSK", spec: variant(1, { ikeEncryption: "GCMAES256", ikeIntegrity: "SHA384", dhGroup: "DHGroup24", ipsecEncryption: "GCMAES256", ipsecIntegrity: "GCMAES256", pfsGroup: "PFS24" }, "shared") },
  { label: "3 NVAs, ECP (IKE AES128/SHA256/ECP256, ESP AES128/SHA1, PFS ECP256), per-connection PSKs", spec: variant(3, { ikeEncryption: "AES128", ikeIntegrity: "SHA256", dhGroup: "ECP256", ipsecEncryption: "AES128", ipsecIntegrity: "SHA1", pfsGroup: "ECP256" }, "perConnection") },
  { label: "4 NVAs, CBC/SHA (IKE AES256/SHA384/ECP384, ESP AES256/SHA256, no PFS), shared PSK", spec: variant(4, { ikeEncryption: "AES256", ikeIntegrity: "SHA384", dhGroup: "ECP384", ipsecEncryption: "AES256", ipsecIntegrity: "SHA256", pfsGroup: "None" }, "shared") },
];

if (!why) {
  for (const { label, spec } of MATRIX) {
    test(`twin and emulator agree, every session up: ${label}`, async () => {
      const plan = planOf(spec);
      assert.deepEqual(downInEmulator((await applyPlanInEngine(plan, PSK)).state), [], "the emulator predicts every session up");
      const result = await runTwin(plan, PSK, { timeoutSeconds: 90 });
      assert.deepEqual(downInTwin(result.sessions), [], JSON.stringify({ problems: result.problems, config: result.configurationProblems }, null, 1));
      assert.equal(result.status, "Succeeded", JSON.stringify(result.missingRoutes));
      assert.equal(result.tunnels.filter((t) => t.state === "Connected").length, 2 * plan.topology.nvas.length);
    });
  }
}
