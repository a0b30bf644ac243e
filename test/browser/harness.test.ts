// The browser harness itself, on a page served here: Debian's Chromium
// starts and renders; the traffic recorder sees the document, its script and
// the JSON the script fetched (so the secret crawl sees what a page's code
// reads, not just its HTML); the label-geometry check finds labels that
// overlap and passes labels that do not. Without these, the page tests'
// "nothing found" could be a blind harness.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, statSync } from "node:fs";
import { artifactPath, browserMustRun, browserUnavailable, withPage } from "../helpers/browser.js";
import { recordTraffic } from "../helpers/browser-traffic.js";
import { labelBoxes, labelsOutside, overlappingLabels } from "../helpers/label-geometry.js";
import { findSecrets } from "../helpers/secret-scan.js";

const why = browserUnavailable();
const PLANTED = "Planted-7f3c2a91e4b5d6c8";

const PAGES: Record<string, [string, string]> = {
  "/": ["text/html", `<!doctype html><meta charset="utf-8"><title>t</title><body><div id="out"></div><script src="/app.js"></script></body>`],
  "/app.js": ["text/javascript", `fetch("/data.json").then((r) => r.json()).then((d) => { document.getElementById("out").dataset.loaded = d.name; });`],
  "/data.json": ["application/json", JSON.stringify({ name: "lab", note: PLANTED })],
};

async function serve(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    const page = PAGES[req.url ?? ""];
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": page[0] }).end(page[1]);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const svg = (labels: Array<[number, number, string]>) =>
  `<!doctype html><body style="margin:0"><svg id="d" width="400" height="200" font-family="DejaVu Sans" font-size="14">${labels.map(([x, y, t]) => `<text x="${x}" y="${y}">${t}</text>`).join("")}</svg></body>`;

if (why) {
  test("the browser harness", (t) => {
    if (browserMustRun) assert.fail(`CI must run the browser tests: ${why}`);
    t.skip(`cannot run here: ${why}`);
  });
} else {
  test("Chromium loads a page; the recorder sees its document, script and the JSON the script fetched, and the crawl finds what that JSON hid", async () => {
    const { url, server } = await serve();
    try {
      await withPage(async (page) => {
        const traffic = recordTraffic(page);
        await page.goto(url);
        await page.waitForSelector("#out[data-loaded=lab]", { state: "attached" });
        const fetched = await traffic.settled();
        assert.deepEqual(fetched.map((f) => new URL(f.url).pathname).sort(), ["/", "/app.js", "/data.json"]);
        assert.ok(fetched.every((f) => f.status === 200 && f.body.length > 0));
        const findings = findSecrets(fetched.map((f) => ({ where: f.url, text: f.body })), [PLANTED]);
        assert.deepEqual(findings.map((f) => new URL(f.where).pathname), ["/data.json"]);
        const shot = artifactPath("harness.png");
        await page.screenshot({ path: shot });
        assert.ok(existsSync(shot) && statSync(shot).size > 0);
      });
    } finally {
      server.close();
    }
  });

  test("label geometry: overlapping labels are found, apart ones pass, and a label past the drawing's edge is outside it", async () => {
    await withPage(async (page) => {
      await page.setContent(svg([[10, 30, "c8k-10 tunnel up"], [60, 36, "c8k-20 tunnel up"], [10, 120, "rs 10.10.1.4"], [200, 120, "rs 10.10.1.5"], [360, 190, "off the edge"]]));
      const boxes = await labelBoxes(page);
      assert.equal(boxes.length, 5);
      assert.ok(boxes.every((b) => b.height > 8 && b.width > 20), "a real font lays out real boxes");
      const pairs = overlappingLabels(boxes).map(([a, b]) => [a.text, b.text]);
      assert.deepEqual(pairs, [["c8k-10 tunnel up", "c8k-20 tunnel up"]]);
      const frame = await page.locator("#d").boundingBox();
      assert.deepEqual(labelsOutside(boxes, frame!).map((b) => b.text), ["off the edge"]);
    });
  });
}
