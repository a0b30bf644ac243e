// Everything a page fetched, as the browser saw it: the document, its
// scripts and styles, images, and every API response its scripts read, with
// the headers it sent. The secret crawl (test/browser/dashboard.test.ts)
// reads this rather than a list of URLs someone remembered to check.
import type { Page, Response } from "playwright-core";

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
  /** Stops recording and gives every response seen until then, bodies read. Call it before the page closes. */
  settled(): Promise<Fetched[]>;
}

async function read(response: Response): Promise<Fetched> {
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
}

export function recordTraffic(page: Page): Traffic {
  const pending: Array<Promise<Fetched>> = [];
  const onResponse = (response: Response) => {
    const reading = read(response);
    // settled() reports a failed read; until then (or if a page refreshing
    // on its own is closed mid-read) it must not be an unhandled rejection,
    // which fails the whole test file after every test in it has passed.
    reading.catch(() => undefined);
    pending.push(reading);
  };
  page.on("response", onResponse);
  return {
    settled: () => {
      // Stop first: a response arriving after this snapshot would be read
      // while the caller closes the page, and its read would fail.
      page.off("response", onResponse);
      return Promise.all(pending);
    },
  };
}
