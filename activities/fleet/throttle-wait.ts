// How long Resource Graph or the metrics API asks a caller to wait. Both
// meter a caller apart from ARM's buckets: Resource Graph by a per-user quota
// (x-ms-user-quota-remaining / x-ms-user-quota-resets-after, "hh:mm:ss", and
// 429 with Retry-After when it is spent), the metrics API with 429 or 529 and
// Retry-After. The fleet orchestration waits with a durable timer instead of
// the SDK sleeping inside an activity.
import { RestError } from "@azure/core-rest-pipeline";
import type { Quota } from "../contracts.js";

export type { Quota };

/** "00:00:04" -> 4; a bare number of seconds is accepted too. */
export function parseResetsAfter(value: string | null | undefined): number | null {
  if (!value) return null;
  const hms = /^(\d+):(\d{2}):(\d{2}(?:\.\d+)?)$/.exec(value.trim());
  if (hms) return Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]);
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

export function quotaOf(headers: { get(name: string): string | undefined }): Quota {
  const remaining = headers.get("x-ms-user-quota-remaining");
  return { remaining: remaining === undefined || remaining === "" ? null : Number(remaining), resetsAfterSeconds: parseResetsAfter(headers.get("x-ms-user-quota-resets-after")) };
}

/** Seconds a throttled answer (429, 529) asks to wait; null for any other failure. */
export function throttledFor(e: unknown): number | null {
  if (!(e instanceof RestError) || (e.statusCode !== 429 && e.statusCode !== 529)) return null;
  const h = e.response?.headers;
  const retryAfter = Number(h?.get("retry-after"));
  if (Number.isFinite(retryAfter) && retryAfter > 0) return retryAfter;
  return parseResetsAfter(h?.get("x-ms-user-quota-resets-after")) ?? 5;
}
