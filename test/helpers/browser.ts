// Headless Chromium for the operations page's browser tests: Debian's own
// chromium (BROWSER_PACKAGES, which .ci/run installs), driven by
// playwright-core. Never a browser Playwright downloads: this machine and CI
// have no internet, and `npx playwright install` would fail there.
// Where Chromium cannot start, browserUnavailable() says why; the tests skip
// with that reason here and FAIL in CI (CI=true), so they never silently not run.
import { accessSync, constants, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";
/** The Debian packages the browser tests need; .ci/run installs exactly these (test/browser/ci-packages.test.ts). */
export const BROWSER_PACKAGES = "chromium fonts-dejavu-core";

// The flags a closed-network machine needs: without the background-networking
// ones Chromium keeps dialling Google's hosts and gets refused. Playwright
// gives every launch a fresh, empty --user-data-dir of its own and removes it
// on close, so no profile state leaks from one run into the next.
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** Why the browser tests cannot run on this machine, or null when they can. */
export function browserUnavailable(): string | null {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return null;
  } catch {
    return `no Chromium at ${CHROMIUM}: apt-get install --no-install-recommends ${BROWSER_PACKAGES}`;
  }
}

/** True in CI, where a browser test that cannot run is a failure, not a skip. */
export const browserMustRun = process.env.CI === "true";

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}

/** Runs fn with a fresh page in a fresh browser, and closes both whatever happens. */
export async function withPage<T>(fn: (page: Page) => Promise<T>, viewport = { width: 1400, height: 1000 }): Promise<T> {
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    return await fn(await context.newPage());
  } finally {
    await browser.close();
  }
}

/** test-artifacts/browser/<name>: screenshots a run leaves for people to look at (the folder is git-ignored). */
export function artifactPath(name: string): string {
  const dir = fileURLToPath(new URL("../../test-artifacts/browser/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  return join(dir, name);
}
