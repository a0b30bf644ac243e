// One page of a Resource Graph query ($skipToken), with the quota the
// service reports. A page is one query against the per-user quota; a page
// refused for quota reports how long to wait rather than sleeping.
import type { ResourceGraphClient } from "@azure/arm-resourcegraph";
import { quotaOf, throttledFor, type Quota } from "./throttle-wait.js";

export type GraphPage<T> =
  | { ok: true; rows: T[]; skipToken: string | null; quota: Quota }
  | { ok: false; retryAfterSeconds: number; quota: Quota };

export async function queryGraphPage<T>(client: ResourceGraphClient, query: string, subscriptions: string[], top: number, skipToken?: string): Promise<GraphPage<T>> {
  let quota: Quota = { remaining: null, resetsAfterSeconds: null };
  try {
    const page = await client.resources(
      { query, subscriptions, options: { top, resultFormat: "objectArray", ...(skipToken ? { skipToken } : {}) } },
      { onResponse: (raw) => void (quota = quotaOf(raw.headers)) },
    );
    return { ok: true, rows: (page.data ?? []) as T[], skipToken: page.skipToken || null, quota };
  } catch (e) {
    const wait = throttledFor(e);
    if (wait === null) throw e;
    return { ok: false, retryAfterSeconds: wait, quota: { remaining: 0, resetsAfterSeconds: wait } };
  }
}
