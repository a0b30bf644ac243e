// GET /api/deployments/{name}: the registry's record joined with the live
// orchestration status: progress while it runs, the BGP table when done.
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { instanceId } from "../../shared/names.js";
import type { DeploymentRegistry } from "../../shared/storage/deployment-registry.js";
import { json, notFound } from "./responses.js";
import { deploymentNameParam } from "./operation-responses.js";
import { statusOrNull, type StarterClient } from "./starter-client.js";

export async function getDeployment(request: HttpRequest, client: StarterClient, registry: DeploymentRegistry): Promise<HttpResponseInit> {
  const param = deploymentNameParam(request);
  if (!param.ok) return param.response;
  const name = param.name;
  const record = await registry.get(name);
  // The operation running now if any (it holds the lock), else the last one.
  const status = await statusOrNull(client, record?.lease?.instanceId ?? record?.instanceId ?? instanceId.deploy(name));
  if (!record && !status) return notFound(`deployment ${name}`);
  return json(200, {
    name,
    status: record?.status ?? "Deploying",
    reason: record?.reason ?? null,
    updatedAt: record?.updatedAt ?? null,
    orchestration: status
      ? {
          instanceId: status.instanceId,
          runtimeStatus: status.runtimeStatus,
          progress: status.customStatus ?? null,
          createdTime: status.createdTime,
          lastUpdatedTime: status.lastUpdatedTime,
        }
      : null,
    result: status?.output ?? record?.lastResult ?? null,
  });
}
