// The status monitor of a long-running ARM operation: the one place Azure
// says WHY an operation failed. A resource whose provisioningState reads
// "Failed" carries no error; the operation's Azure-AsyncOperation body does:
// {"status":"Failed","error":{"code","message"}} (ARM-FACTS §2.2, §3.1). The
// apply activity keeps the operation's URL (it goes through orchestration
// history, so only the URL: never the poller's state, whose result holds the
// request body with filled-in secrets), and the provisioning-state read asks
// it once the resource has failed.
import { createDefaultHttpClient, createPipelineRequest, RestError, type Pipeline } from "@azure/core-rest-pipeline";
import type { ArmFailure } from "./arm-errors.js";

/** The part of an SDK poller that says where its operation is monitored. */
export interface SerializablePoller {
  serialize(): Promise<string>;
}

/** Where the submitted operation's status is monitored (core-lro's own choice of URL), if it said. */
export async function operationOf(poller: SerializablePoller): Promise<{ operation?: string }> {
  try {
    const url = JSON.parse(await poller.serialize())?.state?.config?.operationLocation;
    return typeof url === "string" && url.startsWith("https://") ? { operation: url } : {};
  } catch {
    return {}; // a poller that cannot say: the read falls back to what the resource tells
  }
}

/**
 * The error of a finished operation, read with the same client (its
 * credential, TLS settings and retry policies) that started it. Null when the
 * monitor has nothing to say (succeeded, expired, no error body). A 429 or 5xx
 * is thrown as a RestError, so the activity is retried like any other read.
 */
export async function readOperationError(client: { pipeline: Pipeline }, url: string, subscriptionId: string, apiVersion: string): Promise<ArmFailure | null> {
  const target = new URL(url);
  // The token goes only to an operation of this subscription, over TLS.
  if (target.protocol !== "https:" || !target.pathname.toLowerCase().startsWith(`/subscriptions/${subscriptionId.toLowerCase()}/`)) return null;
  if (!target.searchParams.has("api-version")) target.searchParams.set("api-version", apiVersion);
  const response = await client.pipeline.sendRequest(createDefaultHttpClient(), createPipelineRequest({ url: target.toString(), method: "GET" }));
  const body = parse(response.bodyAsText ?? undefined);
  if (response.status === 429 || response.status >= 500) {
    throw new RestError(body?.error?.message ?? `operation status ${response.status}`, { statusCode: response.status, code: body?.error?.code });
  }
  const error = body?.error;
  if (typeof error?.code !== "string") return null;
  // Azure-AsyncOperation answers 200 {"status":"Failed","error":…}; a Location
  // monitor answers the failure's own 4xx with {"error":…}. A 404 (expired) or
  // an auth refusal says nothing about the operation.
  const failed = response.status < 300 ? String(body.status ?? "").toLowerCase() === "failed" : ![401, 403, 404].includes(response.status);
  return failed ? { code: error.code, message: typeof error.message === "string" ? error.message : error.code } : null;
}

function parse(text: string | undefined): any {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}
