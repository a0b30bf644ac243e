// One Resource Graph query, every page of it ($skipToken), with the quota
// the service reports after each page. A page is one query against the
// per-user quota; a query that runs out of quota mid-way reports how long to
// wait rather than sleeping.
import type { ResourceGraphClient } from "@azure/arm-resourcegraph";
import type { GraphRow } from "../../shared/health/graph-inventory.js";
import { quotaOf, throttledFor, type Quota } from "./throttle-wait.js";

/** Resource Graph's largest page. */
const PAGE_ROWS = 1000;

export type GraphAnswer =
  | { ok: true; rows: GraphRow[]; pages: number; quota: Quota }
  | { ok: false; pages: number; retryAfterSeconds: number; quota: Quota };

export async function queryGraph(client: ResourceGraphClient, query: string, subscriptions: string[]): Promise<GraphAnswer> {
  const rows: GraphRow[] = [];
  let quota: Quota = { remaining: null, resetsAfterSeconds: null };
  let pages = 0;
  let skipToken: string | undefined;
  do {
    if (quota.remaining === 0) return { ok: false, pages, retryAfterSeconds: quota.resetsAfterSeconds ?? 5, quota };
    pages++;
    try {
      const page = await client.resources(
        { query, subscriptions, options: { top: PAGE_ROWS, resultFormat: "objectArray", ...(skipToken ? { skipToken } : {}) } },
        { onResponse: (raw) => void (quota = quotaOf(raw.headers)) },
      );
      rows.push(...((page.data ?? []) as GraphRow[]));
      skipToken = page.skipToken || undefined;
    } catch (e) {
      const wait = throttledFor(e);
      if (wait === null) throw e;
      return { ok: false, pages, retryAfterSeconds: wait, quota: { remaining: 0, resetsAfterSeconds: wait } };
    }
  } while (skipToken);
  return { ok: true, rows, pages, quota };
}
