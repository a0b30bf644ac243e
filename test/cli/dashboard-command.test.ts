// bowtie dashboard, as a user runs it: after `bowtie deploy --state DIR`, it
// serves the page and its API over that folder, keeps the emulated network
// moving (a health pass per tick), so an NVA powered off out of band shows up
// down and is remediated back to healthy; no answer or asset carries the PSK
// or the admin password; Ctrl-C stops it with exit code 0.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_SUBSCRIPTION } from "../../emulator/index.js";

const root = new URL("../..", import.meta.url).pathname;
const bowtie = (...args: string[]) => spawnSync(process.execPath, [join(root, "bin/bowtie.js"), ...args], { cwd: root, encoding: "utf8" });

/** POST to the emulator's control API, trusting its CA as the dashboard printed it. */
function control(endpoint: string, ca: string, path: string, body: unknown): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(`${endpoint}/_bowtie${path}`, { method: "POST", ca, headers: { "content-type": "application/json" } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

/** Polls until `check` holds, at most `tries` times, a second apart; returns the last value read. */
async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, tries: number, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    last = await read();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 1000));
  }
  assert.fail(`${what}: not reached; last seen ${JSON.stringify(last).slice(0, 600)}`);
}

test("bowtie dashboard serves the page and API over a deployed state folder, shows an NVA powered off, then healthy after remediation; Ctrl-C stops it", async () => {
  const state = mkdtempSync(join(tmpdir(), "bowtie-dashboard-"));
  const deployed = bowtie("deploy", "examples/seed-lab.json", "--state", state);
  assert.equal(deployed.status, 0, deployed.stderr);
  assert.equal(bowtie("dashboard").status, 2, "--state is required");

  const child = spawn(process.execPath, [join(root, "bin/bowtie.js"), "dashboard", "--state", state, "--interval", "1", "--time-scale", "60"], { cwd: root });
  let out = "";
  let err = "";
  child.stdout.on("data", (d) => (out += d));
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const printed = await eventually(async () => out, (o) => /emulator control/.test(o), 180, `the dashboard's start-up (stderr: ${err})`);
    const page = /Bowtie dashboard: (http:\/\/127\.0\.0\.1:\d+)\/api\/ui/.exec(printed)![1]!;
    const [, endpoint, caFile] = /emulator control[^:]*: (https:\/\/127\.0\.0\.1:\d+)\/_bowtie\/\s+\(CA: ([^)]+)\)/.exec(printed)!;
    const get = async (path: string) => {
      const res = await fetch(`${page}${path}`);
      return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
    };

    const html = await get("/api/ui");
    assert.equal(html.status, 200);
    assert.match(html.type, /^text\/html/);
    assert.match(html.text, /src="\/api\/ui\/app\.js"/);
    const js = await get("/api/ui/app.js");
    assert.match(js.type, /^text\/javascript/);
    assert.match(js.text, /data-testid=fleet-row/, "the DOM hooks are written down at the top of the script");
    assert.equal((await get("/api/ui/app.css")).status, 200);
    assert.equal((await get("/api/ui/..%2Fpackage.json")).status, 404);
    assert.equal((await get("/")).status, 200, "/ leads to the page");

    const name = "vpn-bgp-apipa-lab";
    const view = async () => JSON.parse((await get(`/api/ui/api/deployments/${name}`)).text) as any;
    const byId = (v: any) => new Map<string, any>(v.elements.map((e: any) => [e.id, e]));
    const upCount = (v: any, kind: string) => v.elements.filter((e: any) => e.kind === kind && e.state === "up").length;

    const healthy = await eventually(view, (v) => v.health?.status === "healthy" && upCount(v, "gatewaySession") === 4, 120, "the first health pass");
    assert.equal(upCount(healthy, "routeServerSession"), 4);
    assert.equal(healthy.history[0].kind, "deploy", "the deploy's ending, kept in the state folder");
    assert.match(healthy.diagram, /data-testid="gw-session-c8k-20-0"[^>]*data-state="up"/);
    const fleet = JSON.parse((await get("/api/ui/api/fleet")).text);
    assert.deepEqual(fleet.deployments.map((d: any) => [d.name, d.status, d.health.status]), [[name, "Succeeded", "healthy"]]);

    const vm = `/subscriptions/${DEFAULT_SUBSCRIPTION}/resourceGroups/${name}-rg/providers/Microsoft.Compute/virtualMachines/c8k-20`;
    assert.equal(await control(endpoint!, readFileSync(caFile!, "utf8"), "/out-of-band/power-off", { resourceId: vm }), 204);
    const broken = await eventually(view, (v) => v.health?.status !== "healthy", 120, "the power-off seen");
    const els = byId(broken);
    assert.equal(els.get("nva-c8k-20").state, "down");
    for (const id of ["gw-session-c8k-20-0", "gw-session-c8k-20-1", "tunnel-c8k-20-0", "rs-session-c8k-20-10.10.4.4"]) assert.equal(els.get(id)?.state, "down", id);
    assert.equal(els.get("nva-c8k-10").state, "up");
    assert.ok(broken.findings.some((f: any) => f.kind === "powerState" && f.severity === "critical"));

    const back = await eventually(view, (v) => v.health?.status === "healthy" && v.history.some((h: any) => h.kind === "remediate"), 180, "the remediation and a healthy check");
    assert.equal(byId(back).get("nva-c8k-20").state, "up");
    assert.equal(back.history[0].kind, "remediate");
    assert.equal(back.history[0].status, "Succeeded");

    // Nothing the page loads carries a secret the vault holds.
    const vaults = JSON.parse(readFileSync(join(state, "emulator-state.json"), "utf8")).vaults as Record<string, Record<string, Array<{ value: string }>>>;
    const secrets = Object.values(vaults).flatMap((v) => Object.values(v).flatMap((versions) => versions.map((x) => x.value)));
    assert.ok(secrets.length >= 2 && secrets.every((s) => s.length >= 16), "the PSK and the admin password");
    const answers = [html.text, js.text, (await get("/api/ui/app.css")).text, (await get("/api/ui/api/fleet")).text, (await get(`/api/ui/api/deployments/${name}`)).text, (await get(`/api/deployments/${name}`)).text, (await get(`/api/deployments/${name}/health`)).text];
    for (const s of secrets) for (const a of answers) assert.ok(!a.includes(s), "a secret leaked into an answer");
    assert.ok(answers.some((a) => a.includes(name)), "positive control: the answers are the deployment's");
  } finally {
    child.kill("SIGINT");
  }
  assert.equal(await exited, 0, `Ctrl-C ends it cleanly (stderr: ${err})`);
});
