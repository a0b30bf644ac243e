// The answers of the endpoints that start an operation on a deployment, and
// the check of the `{name}` path parameter. Bowtie's own 202: where to read
// the deployment (its own GET), never the Durable extension's management
// URLs, which carry the system key that opens the whole Durable HTTP API.
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { invocationTelemetry } from "../../shared/telemetry/index.js";
import type { OperationKind } from "../../shared/names.js";
import { deploymentName } from "../../shared/spec/naming.js";
import type { OperationLease } from "../../shared/storage/deployment-registry.js";
import type { StartOutcome } from "../../activities/operations/start-operation.js";
import { json, notFound } from "./responses.js";

/** Seconds a client should wait before reading the deployment again. */
const RETRY_AFTER_SECONDS = "10";

export const deploymentPath = (name: string) => `/api/deployments/${encodeURIComponent(name)}`;

export function accepted(name: string, operation: OperationKind, instanceId: string): HttpResponseInit {
  return {
    status: 202,
    headers: { Location: deploymentPath(name), "Retry-After": RETRY_AFTER_SECONDS },
    jsonBody: { name, operation, instanceId, statusUrl: deploymentPath(name) },
  };
}

/** 409 naming the operation in the way: its kind and instance id. */
export function operationConflict(name: string, wanted: OperationKind, running: Pick<OperationLease, "kind" | "instanceId">): HttpResponseInit {
  return json(409, {
    error: { code: "Conflict", message: `cannot start a ${wanted} of deployment ${name}: a ${running.kind} (instance ${running.instanceId}) is running; wait for it to finish` },
    operation: running.kind,
    instanceId: running.instanceId,
  });
}

/** 409 for an operation the deployment's state refuses (a remediation of a torn-down deployment, ...). */
export const operationRefused = (name: string, wanted: OperationKind, why: string): HttpResponseInit =>
  json(409, { error: { code: "Conflict", message: `cannot start a ${wanted} of deployment ${name}: ${why}` } });

const MAX_ECHOED = 64;

/**
 * The `{name}` path parameter, checked with the spec's deployment-name rule
 * before any I/O: the name becomes a Table Storage key and part of an
 * instance id, so nothing else may reach either.
 */
export function deploymentNameParam(request: Pick<HttpRequest, "params">): { ok: true; name: string } | { ok: false; response: HttpResponseInit } {
  const value = request.params.name ?? "";
  const parsed = deploymentName.safeParse(value);
  if (parsed.success) return { ok: true, name: parsed.data };
  const rule = parsed.error.issues[0]?.message ?? "a deployment name";
  const echoed = value.length > MAX_ECHOED ? `${value.slice(0, MAX_ECHOED)}…` : value;
  return {
    ok: false,
    response: json(400, { error: { code: "InvalidParameter", message: `path parameter {name}: ${rule}` }, violations: [{ path: "{name}", rule, value: echoed }] }),
  };
}

export type RequestOutcome = "started" | "conflict" | "notFound" | "invalid";

/**
 * How an endpoint that starts an operation answers: every answer is also one
 * DeploymentRequested line (operation, outcome, HTTP status, why).
 */
export function requestAnswerer(context: InvocationContext, deployment: string | null, operation: "teardown" | "rotate") {
  return (response: HttpResponseInit, outcome: RequestOutcome, instanceId: string | null, reason?: string): HttpResponseInit => {
    invocationTelemetry(context, { deploymentId: deployment, instanceId }).emit("DeploymentRequested", {
      operation,
      outcome,
      httpStatus: response.status ?? 0,
      ...(reason ? { reason } : {}),
    });
    return response;
  };
}

/** The answer to an attempt to start an operation: 202, 409 (refused by the deployment's state, or another operation running), or 404. */
export function answerStart(answer: ReturnType<typeof requestAnswerer>, name: string, wanted: "teardown" | "rotate", started: StartOutcome): HttpResponseInit {
  if (started.started) return answer(accepted(name, wanted, started.instanceId), "started", started.instanceId);
  if ("refused" in started) return answer(operationRefused(name, wanted, started.refused), "conflict", null, started.refused);
  if (!("running" in started)) return answer(notFound(`deployment ${name}`), "notFound", null, "not registered");
  const response = operationConflict(name, wanted, started.running);
  return answer(response, "conflict", started.running.instanceId, (response.jsonBody as { error: { message: string } }).error.message);
}
