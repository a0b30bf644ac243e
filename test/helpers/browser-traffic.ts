// Everything a page fetched, as the browser saw it: the document, its
// scripts and styles, images, and every API response its scripts read, with
// the headers it sent. The secret crawl (test/browser/no-secrets.test.ts)
// reads this rather than a list of URLs someone remembered to check.
import type { Page } from "playwright-core";

export interface Fetched {
  url: string;
  method: string;
  status: number;
  contentType: string;
  requestHeaders: Record<string, string>;
  responseHeaders: Record<string, string>;
  body: string;
}

export interface Traffic {
  /** Every response so far, bodies read. */
  settled(): Promise<Fetched[]>;
}

export function recordTraffic(page: Page): Traffic {
  const pending: Array<Promise<Fetched>> = [];
  page.on("response", (response) => {
    pending.push(
      (async () => {
        const request = response.request();
        // A redirect has no body to read; an image's bytes are read as text so a key hidden in its metadata is still seen.
        const body = await response.text().catch(() => "");
        return {
          url: response.url(),
          method: request.method(),
          status: response.status(),
          contentType: response.headers()["content-type"] ?? "",
          requestHeaders: await request.allHeaders(),
          responseHeaders: await response.allHeaders(),
          body,
        };
      })(),
    );
  });
  return { settled: () => Promise.all(pending) };
}
