import * as df from "durable-functions";

/**
 * Retries for activities that throw on transient ARM failures (5xx, 409
 * AnotherOperationInProgress, 429 once the SDK's own Retry-After retries are
 * spent). Permanent failures are returned, not thrown, so they are not retried.
 */
export function armRetry(): df.RetryOptions {
  const r = new df.RetryOptions(5_000, 6);
  r.backoffCoefficient = 2;
  r.maxRetryIntervalInMilliseconds = 60_000;
  return r;
}
