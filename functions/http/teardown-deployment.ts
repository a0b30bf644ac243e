// DELETE /api/deployments/{name}: start the teardown of what the deployment
// owns, under its operation lock: 409 naming the operation running on it
// (a deploy, a remediation, another teardown...). Every answer is one
// DeploymentRequested telemetry line.
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { ORCHESTRATION } from "../../shared/names.js";
import type { DeploymentRegistry } from "../../shared/storage/deployment-registry.js";
import type { TeardownInput } from "../../orchestrations/teardown/teardown-topology.js";
import { leaseClock } from "../../activities/azure-target.js";
import { startOperation } from "../../activities/operations/start-operation.js";
import { notFound } from "./responses.js";
import { answerStart, deploymentNameParam, requestAnswerer } from "./operation-responses.js";
import type { StarterClient } from "./starter-client.js";

export async function teardownDeployment(
  request: HttpRequest,
  client: StarterClient,
  context: InvocationContext,
  registry: DeploymentRegistry,
  now: () => Date = leaseClock(),
): Promise<HttpResponseInit> {
  const param = deploymentNameParam(request);
  const name = param.ok ? param.name : null;
  const answer = requestAnswerer(context, name, "teardown");
  if (!param.ok) return answer(param.response, "invalid", null, "the path parameter {name} breaks the deployment-name rule");
  const record = await registry.get(param.name);
  if (!record) return answer(notFound(`deployment ${param.name}`), "notFound", null, "not registered");
  const started = await startOperation(
    { registry, client, now },
    { kind: "teardown", deployment: param.name, orchestration: ORCHESTRATION.teardownTopology, input: { spec: record.spec } satisfies TeardownInput },
  );
  return answerStart(answer, param.name, "teardown", started);
}
