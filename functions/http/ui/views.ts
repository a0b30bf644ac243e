// The operations page's data: GET /api/ui/api/fleet (and GET /api/deployments
// for automation, the same answer) and GET /api/ui/api/deployments/{name}.
// Assembled in shared/live/views.ts from the registry, the health reports,
// the history and the durable status; these handlers only answer.
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { deploymentView, fleetView, type ViewSources } from "../../../shared/live/views.js";
import { deploymentNameParam } from "../operation-responses.js";
import { json, notFound } from "../responses.js";

export async function getFleet(sources: ViewSources): Promise<HttpResponseInit> {
  return json(200, await fleetView(sources));
}

export async function getDeploymentView(request: HttpRequest, sources: ViewSources): Promise<HttpResponseInit> {
  const param = deploymentNameParam(request);
  if (!param.ok) return param.response;
  const view = await deploymentView(param.name, sources);
  return view ? json(200, view) : notFound(`deployment ${param.name}`);
}
