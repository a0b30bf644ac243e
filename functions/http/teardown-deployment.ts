// DELETE /api/deployments/{name}: start the teardown of what the deployment owns.
// Every answer is one DeploymentRequested telemetry line.
import type { HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from "@azure/functions";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import type { DeploymentRegistry } from "../../shared/storage/deployment-registry.js";
import { invocationTelemetry } from "../../shared/telemetry/index.js";
import { conflict, notFound } from "./responses.js";
import { isActive, statusOrNull, type StarterClient } from "./starter-client.js";

export async function teardownDeployment(
  request: HttpRequest,
  client: StarterClient,
  context: InvocationContext,
  registry: DeploymentRegistry,
): Promise<HttpResponseInit | HttpResponse> {
  const name = request.params.name ?? "";
  const answer = <R extends HttpResponseInit | HttpResponse>(response: R, outcome: "started" | "conflict" | "notFound", id: string | null, reason?: string): R => {
    invocationTelemetry(context, { deploymentId: name || null, instanceId: id }).emit("DeploymentRequested", {
      operation: "teardown",
      outcome,
      httpStatus: response.status ?? 0,
      ...(reason ? { reason } : {}),
    });
    return response;
  };
  const record = await registry.get(name);
  if (!record) return answer(notFound(`deployment ${name}`), "notFound", null, "not registered");
  const deploying = instanceId.deploy(name);
  if (isActive(await statusOrNull(client, deploying))) {
    const message = `deployment ${name} is still deploying; wait for it to finish or terminate it first`;
    return answer(conflict(message), "conflict", deploying, message);
  }
  const id = instanceId.teardown(name);
  if (isActive(await statusOrNull(client, id))) return answer(conflict(`deployment ${name} is already being torn down`, { instanceId: id }), "conflict", id, "already being torn down");
  await client.startNew(ORCHESTRATION.teardownTopology, { instanceId: id, input: { spec: record.spec } });
  return answer(client.createCheckStatusResponse(request, id), "started", id);
}
