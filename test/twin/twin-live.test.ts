// The twin for real: strongSwan and FRR in network namespaces (root, Linux,
// the Debian packages .ci/run installs). Where it cannot run, these tests say
// why; in CI (CI=true) that is a failure, so they cannot silently not run.
// Each fault run is compared with the emulator's prediction for the same
// plan (test/helpers/plan-in-engine.ts): both must agree on exactly which
// gateway and Route Server sessions are down.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
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
    for (const learned of Object.values(result.routes.routeServer)) assert.ok(learned.includes("10.0.0.0/16"));
    // Torn down: no namespace with its prefix, no daemon it started, no work folder.
    assert.ok(host);
    assert.doesNotMatch(execFileSync("ip", ["netns", "list"], { encoding: "utf8" }), new RegExp(host!.prefix));
    for (const pid of host!.pids()) assert.ok(!existsSync(`/proc/${pid}`), `pid ${pid} still runs`);
    assert.ok(!existsSync(host!.work), "work folder removed");
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
