// POST /api/deployments: validate the spec, refuse a deployment that is
// already running, start deployTopology under the deployment's own instance id.
import type { HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from "@azure/functions";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { validateSpec } from "../../shared/spec/validate.js";
import type { DeployInput } from "../../orchestrations/deploy/deploy-topology.js";
import { conflict, invalidSpec, readJson } from "./responses.js";
import { isActive, statusOrNull, type StarterClient } from "./starter-client.js";

export async function startDeployment(request: HttpRequest, client: StarterClient, context: InvocationContext): Promise<HttpResponseInit | HttpResponse> {
  const body = await readJson(request);
  if (!body.ok) return invalidSpec([{ path: "$", rule: body.message }]);
  const result = validateSpec(body.value);
  if (!result.ok) return invalidSpec(result.violations, result.warnings);
  const id = instanceId.deploy(result.spec.name);
  const existing = await statusOrNull(client, id);
  if (isActive(existing)) {
    return conflict(`deployment ${result.spec.name} is already being deployed (instance ${id}, ${existing!.runtimeStatus})`, {
      instanceId: id,
    });
  }
  await client.startNew(ORCHESTRATION.deployTopology, { instanceId: id, input: { spec: result.spec } satisfies DeployInput });
  context.log(`deployment ${result.spec.name}: started ${ORCHESTRATION.deployTopology} as ${id}`);
  return client.createCheckStatusResponse(request, id);
}
