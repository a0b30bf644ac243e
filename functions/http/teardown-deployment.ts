// DELETE /api/deployments/{name}: start the teardown of what the deployment owns.
import type { HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from "@azure/functions";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import type { DeploymentRegistry } from "../../shared/storage/deployment-registry.js";
import { conflict, notFound } from "./responses.js";
import { isActive, statusOrNull, type StarterClient } from "./starter-client.js";

export async function teardownDeployment(
  request: HttpRequest,
  client: StarterClient,
  context: InvocationContext,
  registry: DeploymentRegistry,
): Promise<HttpResponseInit | HttpResponse> {
  const name = request.params.name ?? "";
  const record = await registry.get(name);
  if (!record) return notFound(`deployment ${name}`);
  if (isActive(await statusOrNull(client, instanceId.deploy(name)))) {
    return conflict(`deployment ${name} is still deploying; wait for it to finish or terminate it first`);
  }
  const id = instanceId.teardown(name);
  if (isActive(await statusOrNull(client, id))) return conflict(`deployment ${name} is already being torn down`, { instanceId: id });
  await client.startNew(ORCHESTRATION.teardownTopology, { instanceId: id, input: { spec: record.spec } });
  context.log(`deployment ${name}: started ${ORCHESTRATION.teardownTopology} as ${id}`);
  return client.createCheckStatusResponse(request, id);
}
