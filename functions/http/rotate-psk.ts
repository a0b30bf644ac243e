// POST /api/deployments/{name}/rotate-psk: start a PSK rotation of a
// registered deployment (orchestrations/rotate/rotate-psk.ts) under its
// operation lock: 202 with where to read its progress, 409 naming the
// operation in the way (or why a torn-down deployment has no PSK to rotate),
// 404 for a name not registered. No body: the new key is made in Key Vault
// by the orchestration's activity and never passes through here. Every
// answer is one DeploymentRequested telemetry line.
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { ORCHESTRATION } from "../../shared/names.js";
import type { DeploymentRecord, DeploymentRegistry } from "../../shared/storage/deployment-registry.js";
import type { RotatePskInput } from "../../orchestrations/rotate/rotate-psk.js";
import { leaseClock } from "../../activities/azure-target.js";
import { startOperation } from "../../activities/operations/start-operation.js";
import { invocationTelemetry } from "../../shared/telemetry/index.js";
import { notFound } from "./responses.js";
import { accepted, deploymentNameParam, operationConflict, operationRefused } from "./operation-responses.js";
import type { StarterClient } from "./starter-client.js";

/** A torn-down deployment has no NVA to roll a key into. */
const tornDown = (record: DeploymentRecord): string | null =>
  record.status === "TornDown" || record.status === "TearingDown" ? `it is ${record.status === "TornDown" ? "torn down" : "being torn down"}; deploy it again first` : null;

export async function rotatePskDeployment(
  request: HttpRequest,
  client: StarterClient,
  context: InvocationContext,
  registry: DeploymentRegistry,
  now: () => Date = leaseClock(),
): Promise<HttpResponseInit> {
  const param = deploymentNameParam(request);
  const name = param.ok ? param.name : null;
  const answer = (response: HttpResponseInit, outcome: "started" | "conflict" | "notFound" | "invalid", id: string | null, reason?: string): HttpResponseInit => {
    invocationTelemetry(context, { deploymentId: name, instanceId: id }).emit("DeploymentRequested", {
      operation: "rotate",
      outcome,
      httpStatus: response.status ?? 0,
      ...(reason ? { reason } : {}),
    });
    return response;
  };
  if (!param.ok) return answer(param.response, "invalid", null, "the path parameter {name} breaks the deployment-name rule");
  const record = await registry.get(param.name);
  if (!record) return answer(notFound(`deployment ${param.name}`), "notFound", null, "not registered");
  const started = await startOperation(
    { registry, client, now },
    { kind: "rotate", deployment: param.name, orchestration: ORCHESTRATION.rotatePsk, input: { spec: record.spec } satisfies RotatePskInput, refuse: tornDown },
  );
  if (started.started) return answer(accepted(param.name, "rotate", started.instanceId), "started", started.instanceId);
  if ("refused" in started) return answer(operationRefused(param.name, "rotate", started.refused), "conflict", null, started.refused);
  if (!("running" in started)) return answer(notFound(`deployment ${param.name}`), "notFound", null, "not registered");
  const response = operationConflict(param.name, "rotate", started.running);
  return answer(response, "conflict", started.running.instanceId, (response.jsonBody as { error: { message: string } }).error.message);
}
