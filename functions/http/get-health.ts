// GET /api/deployments/{name}/health: the latest health report.
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import type { HealthReports } from "../../shared/storage/health-reports.js";
import { json, notFound } from "./responses.js";
import { deploymentNameParam } from "./operation-responses.js";

export async function getHealth(request: HttpRequest, reports: HealthReports): Promise<HttpResponseInit> {
  const param = deploymentNameParam(request);
  if (!param.ok) return param.response;
  const name = param.name;
  const report = await reports.latest(name);
  return report ? json(200, report) : notFound(`a health report for deployment ${name}`);
}
