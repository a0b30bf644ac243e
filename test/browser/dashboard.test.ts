// The operations page in a real browser (Debian's Chromium), served by
// `bowtie dashboard` over an emulator state folder that `bowtie deploy` left,
// as a person runs them: the seed lab and a 4-NVA deployment side by side.
// It checks what a person would look at — the fleet, the drawing's sessions
// in words and states, its labels apart, the page catching up with a fault
// and its repair — and crawls everything the browser fetched for secrets.
// Screenshots go to test-artifacts/browser/; with BOWTIE_README_SCREENSHOT=1
// the seed lab's is also written to docs/operations-page.png for the README.
// Where Chromium is missing the tests skip, and FAIL in CI (CI=true).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { DEFAULT_SUBSCRIPTION } from "../../emulator/index.js";
import { artifactPath, browserMustRun, browserUnavailable, launchChromium } from "../helpers/browser.js";
import { recordTraffic, type Fetched } from "../helpers/browser-traffic.js";
import { bowtie, startDashboard, type Dashboard } from "../helpers/dashboard-process.js";
import { describeBox, drawingGeometry, labelsOutside, overlappingLabels } from "../helpers/label-geometry.js";
import { findSecrets } from "../helpers/secret-scan.js";

const why = browserUnavailable();
const SEED = "vpn-bgp-apipa-lab";
const FOUR = "four-nva-lab";
const seedSpec = JSON.parse(readFileSync(new URL("../../examples/seed-lab.json", import.meta.url), "utf8"));

/** The seed lab with four NVAs, in a resource group of its own so both deployments live in one emulator. */
function fourNvaSpec(): unknown {
  const spec = structuredClone(seedSpec);
  delete spec.$schema;
  spec.name = FOUR;
  spec.resourceGroup = `${FOUR}-rg`;
  spec.nvas = [0, 1, 2, 3].map((i) => ({ name: `c8k-${(i + 1) * 10}`, asn: 65002, outsideIp: `10.10.0.${4 + i}`, insideIp: `10.10.1.${4 + i}` }));
  return spec;
}

/** Every secret value the emulator's Key Vaults hold in the state folder (PSKs, the NVAs' admin password). */
function vaultSecrets(stateDir: string): string[] {
  const saved = JSON.parse(readFileSync(join(stateDir, "emulator-state.json"), "utf8")) as { vaults?: Record<string, Record<string, Array<{ value: string }>>> };
  return Object.values(saved.vaults ?? {}).flatMap((vault) => Object.values(vault).flatMap((versions) => versions.map((v) => v.value)));
}

const view = (name: string) => `[data-testid=deployment-view][data-deployment="${name}"]`;
const sessions = (page: Page, kind: "gw" | "rs", nva = "") =>
  page.$$eval(`svg[data-testid=topology] text[data-testid^="${kind}-session-${nva}"]`, (els) => els.map((e) => ({ id: e.getAttribute("data-testid")!, state: e.getAttribute("data-state"), text: (e.textContent ?? "").trim() })));

if (why) {
  test("the operations page in a browser", (t) => {
    if (browserMustRun) assert.fail(`CI must run the browser tests: ${why}`);
    t.skip(`cannot run here: ${why}`);
  });
} else {
  let state: string;
  let dashboard: Dashboard;
  let browser: Browser;
  const traffic: Fetched[] = [];

  /** A fresh page on the dashboard refreshing every second, its traffic kept for the secret crawl. */
  async function open(hash: string): Promise<{ page: Page; done: () => Promise<void> }> {
    // A desktop wide enough for the seed lab's whole drawing without scrolling its frame (the screenshots show all of it).
    const context = await browser.newContext({ viewport: { width: 1680, height: 1050 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const recorder = recordTraffic(page);
    await page.goto(`${dashboard.pageUrl}?refresh=1${hash}`);
    const done = async () => {
      traffic.push(...(await recorder.settled()));
      await context.close();
    };
    return { page, done };
  }

  before(async () => {
    state = mkdtempSync(join(tmpdir(), "bowtie-browser-"));
    const four = join(state, "four-nva-lab.json");
    writeFileSync(four, JSON.stringify(fourNvaSpec()));
    await bowtie(["deploy", "examples/seed-lab.json", "--state", state]);
    await bowtie(["deploy", four, "--state", state]);
    // One tick of the dashboard (4 s at x300) is twenty simulated minutes, longer than the BGP hold timer: the pass after
    // a power-off reads the NVA's sessions down as the emulator reports them (the tick's time passes before its pass).
    // A tick every 4 s against a page refresh every second: a fault found in one tick stays in the stored report
    // until the next pass, long enough for the page's next refreshes to show it (1 s raced them).
    dashboard = await startDashboard(state, ["--interval", "4", "--time-scale", "300"]);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await dashboard?.stop();
    rmSync(state, { recursive: true, force: true });
  });

  test("the seed lab: both deployments in the fleet, and the drawing shows 4 gateway and 4 Route Server sessions up, in words", async () => {
    const { page, done } = await open(`#/deployments/${SEED}`);
    try {
      await page.waitForSelector(`${view(SEED)}[data-health=healthy]`, { state: "attached", timeout: 60_000 });
      const rows = await page.$$eval("tr[data-testid=fleet-row]", (trs) => trs.map((tr) => `${tr.getAttribute("data-deployment")} ${tr.getAttribute("data-health")}`).sort());
      assert.deepEqual(rows, [`${FOUR} healthy`, `${SEED} healthy`]);
      const gw = await sessions(page, "gw");
      const rs = await sessions(page, "rs");
      assert.equal(gw.length, 4, JSON.stringify(gw));
      assert.equal(rs.length, 4, JSON.stringify(rs));
      for (const s of [...gw, ...rs]) {
        assert.equal(s.state, "up", `${s.id} is up`);
        assert.match(s.text, /\bup\b/i, `${s.id} says so in words, not colour alone: "${s.text}"`);
      }
      await page.screenshot({ path: artifactPath("seed-lab.png"), fullPage: true });
      if (process.env.BOWTIE_README_SCREENSHOT === "1") copyFileSync(artifactPath("seed-lab.png"), new URL("../../docs/operations-page.png", import.meta.url));
    } finally {
      await done();
    }
  });

  test("a 4-NVA deployment: every label of the drawing is laid out apart from the others and inside the drawing", async () => {
    const { page, done } = await open(`#/deployments/${FOUR}`);
    try {
      await page.waitForSelector(`${view(FOUR)}[data-health=healthy]`, { state: "attached", timeout: 60_000 });
      assert.equal(await page.locator("svg[data-testid=topology] rect[data-testid^=nva-]").count(), 4);
      // Laid out first: under load a read can come between the drawing's insertion and its layout (once, 0 labels).
      await page.waitForFunction(() => [...document.querySelectorAll("svg[data-testid=topology] text")].filter((t) => t.getBoundingClientRect().width > 0).length >= 20, undefined, { timeout: 30_000 });
      const { frame, labels } = await drawingGeometry(page, "svg[data-testid=topology]");
      // Four NVAs, each with its name, two gateway sessions and two Route Server sessions at least.
      assert.ok(labels.length >= 4 * 5, `${labels.length} labels`);
      assert.deepEqual(overlappingLabels(labels).map(([a, b]) => `${describeBox(a)} overlaps ${describeBox(b)}`), []);
      assert.deepEqual(labelsOutside(labels, frame).map(describeBox), []);
      await page.screenshot({ path: artifactPath("four-nva.png"), fullPage: true });
    } finally {
      await done();
    }
  });

  test("an NVA powered off out of band: the page shows its sessions down and the deployment unhealthy within one refresh, then healthy again after remediation", async () => {
    const { page, done } = await open(`#/deployments/${SEED}`);
    try {
      await page.waitForSelector(`${view(SEED)}[data-health=healthy]`, { state: "attached", timeout: 60_000 });
      const vm = `/subscriptions/${DEFAULT_SUBSCRIPTION}/resourceGroups/${seedSpec.resourceGroup}/providers/Microsoft.Compute/virtualMachines/c8k-10`;
      assert.equal(await dashboard.control("out-of-band/power-off", { resourceId: vm }), 204);

      // The moment the page's own API first tells of it: c8k-10's four sessions down and the deployment not healthy.
      const api = `${dashboard.origin}/api/ui/api/deployments/${SEED}`;
      let refreshesThen = -1;
      let firstDown: string[] = [];
      let last = "";
      for (const giveUp = Date.now() + 120_000; refreshesThen < 0; ) {
        assert.ok(Date.now() < giveUp, `the API never showed c8k-10's sessions down; last: ${last}\n${dashboard.output()}`);
        const v = (await (await fetch(api)).json()) as { health: { status: string; checkedAt: string } | null; findings: Array<{ kind: string }>; elements: Array<{ id: string; kind: string; nva?: string; state: string }> };
        const c8k10 = v.elements.filter((e) => e.nva === "c8k-10" && /Session$/.test(e.kind));
        const now = JSON.stringify({ health: v.health, findings: v.findings.map((f) => f.kind), c8k10: c8k10.map((e) => `${e.id} ${e.state}`) });
        if (!last.endsWith(now)) last += `\n${now}`;
        if (c8k10.length === 4 && c8k10.every((e) => e.state === "down") && v.health?.status !== "healthy") {
          refreshesThen = Number(await page.evaluate(() => document.body.dataset.refreshCount ?? "0"));
          firstDown = v.findings.map((f) => f.kind);
        } else await new Promise((r) => setTimeout(r, 200));
      }
      // Down as the emulator itself reports them (the pass read them past the hold timer), not only from the power finding.
      assert.ok(firstDown.includes("powerState") && firstDown.includes("bgp"), `the findings when the sessions first showed down: ${firstDown.join(", ")}`);
      // A refresh already under way may have read the API just before; the next one starts after, and must show it.
      const shown = await page.waitForFunction(
        (after) => {
          // No named helpers in here: the function is sent to the page as source, without the test's module around it.
          if (Number(document.body.dataset.refreshCount ?? "0") < after + 2) return null;
          const sessionStates = (["c8k-10", "c8k-20"] as const).map((nva) =>
            [...document.querySelectorAll(`svg[data-testid=topology] text[data-testid^="gw-session-${nva}-"], svg[data-testid=topology] text[data-testid^="rs-session-${nva}-"]`)].map((e) => e.getAttribute("data-state")),
          );
          return {
            down: sessionStates[0],
            others: sessionStates[1],
            health: document.querySelector("[data-testid=deployment-view]")?.getAttribute("data-health"),
            fleetHealth: document.querySelector('tr[data-testid=fleet-row][data-deployment="vpn-bgp-apipa-lab"]')?.getAttribute("data-health"),
          };
        },
        refreshesThen,
        { timeout: 30_000, polling: 50 },
      );
      const seen = (await shown.jsonValue())!;
      await page.screenshot({ path: artifactPath("seed-lab-nva-off.png"), fullPage: true });
      assert.deepEqual(seen.down, ["down", "down", "down", "down"], "c8k-10's two gateway and two Route Server sessions");
      assert.deepEqual(seen.others, ["up", "up", "up", "up"], "c8k-20's are untouched");
      assert.notEqual(seen.health, "healthy");
      assert.notEqual(seen.fleetHealth, "healthy");

      // Remediation starts the NVA again; the page comes back to healthy with every session up, and says what it did.
      await page.waitForSelector(`${view(SEED)}[data-health=healthy]`, { state: "attached", timeout: 120_000 });
      await page.waitForFunction(() => document.querySelectorAll('svg[data-testid=topology] text[data-testid*="-session-"][data-state=up]').length === 8, undefined, { timeout: 60_000 });
      assert.ok(await page.locator("tr[data-testid=history-row][data-kind=remediate]").count() >= 1, "the remediation is in the history");
      await page.screenshot({ path: artifactPath("seed-lab-remediated.png"), fullPage: true });
    } finally {
      await done();
    }
  });

  test("no secret, key or token in the page, its assets or any API response it read, nor in what it sent", async () => {
    const { page, done } = await open("");
    try {
      await page.waitForSelector("tr[data-testid=fleet-row]", { state: "attached", timeout: 60_000 });
      for (const name of [SEED, FOUR]) {
        await page.evaluate((n) => (location.hash = `#/deployments/${n}`), name);
        await page.waitForSelector(`${view(name)}[data-health]`, { state: "attached", timeout: 60_000 });
      }
      // The what-if answers from the API too: ask it about the seed spec itself.
      await page.evaluate((n) => (location.hash = `#/deployments/${n}`), SEED);
      await page.fill("[data-testid=whatif-spec]", JSON.stringify(seedSpec));
      await page.click("[data-testid=whatif-submit]");
      await page.waitForFunction(() => !/asking/.test(document.querySelector("[data-testid=whatif-result]")?.textContent ?? "asking"), undefined, { timeout: 60_000 });
    } finally {
      await done();
    }
    const secrets = vaultSecrets(state);
    assert.ok(secrets.length >= 2, "the positive control: the vault holds the PSK and the NVA password the crawl looks for");
    const paths = new Set(traffic.map((f) => `${f.method} ${new URL(f.url).pathname}`));
    for (const p of ["GET /api/ui", "GET /api/ui/app.js", "GET /api/ui/app.css", "GET /api/ui/api/fleet", `GET /api/ui/api/deployments/${SEED}`, `GET /api/ui/api/deployments/${FOUR}`, `POST /api/ui/api/deployments/${SEED}/whatif`]) {
      assert.ok(paths.has(p), `the crawl saw ${p} (saw: ${[...paths].join(", ")})`);
    }
    const places = traffic.flatMap((f) => [
      { where: `${f.method} ${f.url} (body)`, text: f.body },
      { where: `${f.method} ${f.url} (URL and headers)`, text: `${f.url}\n${JSON.stringify(f.requestHeaders)}\n${JSON.stringify(f.responseHeaders)}` },
    ]);
    assert.deepEqual(findSecrets(places, secrets), []);
    const sentCredentials = traffic.filter((f) => Object.keys(f.requestHeaders).some((h) => /^(authorization|x-functions-key|cookie)$/i.test(h)) || new URL(f.url).searchParams.has("code"));
    assert.deepEqual(sentCredentials.map((f) => f.url), [], "the page sends no key, token or cookie of its own");
  });
}
