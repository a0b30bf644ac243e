// Which ARM failures are worth retrying. Activities THROW transient ones so
// the host retries them (callActivityWithRetry), and RETURN permanent ones so
// the orchestration stops at once with Azure's code and message.
import { RestError } from "@azure/core-rest-pipeline";

export interface ArmFailure {
  code: string;
  message: string;
}

/** 409 conflicts, 429 throttling (after the SDK's own Retry-After retries) and 5xx. */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof RestError)) return false;
  const status = e.statusCode ?? 0;
  return status === 409 || status === 429 || status >= 500 || e.code === "AnotherOperationInProgress" || e.code === "RetryableError";
}

export function isNotFound(e: unknown): boolean {
  return e instanceof RestError && e.statusCode === 404;
}

export function armFailure(e: unknown): ArmFailure {
  if (e instanceof RestError) return { code: e.code ?? `HTTP${e.statusCode ?? ""}`, message: e.message };
  // Bowtie's own permanent failures (a refused placeholder, a Key Vault value that breaks its rules) carry a code.
  const code = (e as { code?: unknown } | null)?.code;
  return { code: typeof code === "string" ? code : "Error", message: (e as Error)?.message ?? String(e) };
}
