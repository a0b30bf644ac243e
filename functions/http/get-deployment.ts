// GET /api/deployments/{name}: the registry's record joined with the live
// orchestration status: progress while it runs, the BGP table when done.
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { instanceId } from "../../shared/names.js";
import type { DeploymentRegistry } from "../../shared/storage/deployment-registry.js";
import { json, notFound } from "./responses.js";
import { statusOrNull, type StarterClient } from "./starter-client.js";

export async function getDeployment(request: HttpRequest, client: StarterClient, registry: DeploymentRegistry): Promise<HttpResponseInit> {
  const name = request.params.name ?? "";
  const record = await registry.get(name);
  const status = await statusOrNull(client, record?.instanceId ?? instanceId.deploy(name));
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
