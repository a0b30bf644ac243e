// POST /api/deployments: validate the spec, refuse a deployment that is
// already running, start deployTopology under the deployment's own instance id.
// Every answer is one DeploymentRequested telemetry line (a spec's secrets are
// Key Vault names; the body itself is never logged).
import type { HttpRequest, HttpResponse, HttpResponseInit, InvocationContext } from "@azure/functions";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { deploymentName } from "../../shared/spec/naming.js";
import { validateSpec } from "../../shared/spec/validate.js";
import type { DeployInput } from "../../orchestrations/deploy/deploy-topology.js";
import { invocationTelemetry } from "../../shared/telemetry/index.js";
import { conflict, invalidSpec, readJson } from "./responses.js";
import { isActive, statusOrNull, type StarterClient } from "./starter-client.js";

export async function startDeployment(request: HttpRequest, client: StarterClient, context: InvocationContext): Promise<HttpResponseInit | HttpResponse> {
  const body = await readJson(request);
  const named = body.ok ? nameIn(body.value) : null;
  const refuse = (response: HttpResponseInit, outcome: "invalid" | "conflict", extra: { violations?: number; reason?: string; instanceId?: string } = {}) => {
    const { instanceId: id = null, ...fields } = extra;
    invocationTelemetry(context, { deploymentId: named, instanceId: id }).emit("DeploymentRequested", { operation: "deploy", outcome, httpStatus: response.status ?? 0, ...fields });
    return response;
  };
  if (!body.ok) return refuse(body.response, "invalid", { violations: 1, reason: body.reason });
  const result = validateSpec(body.value);
  if (!result.ok) return refuse(invalidSpec(result.violations, result.warnings), "invalid", { violations: result.violations.length });
  const id = instanceId.deploy(result.spec.name);
  const existing = await statusOrNull(client, id);
  if (isActive(existing)) {
    const message = `deployment ${result.spec.name} is already being deployed (instance ${id}, ${existing!.runtimeStatus})`;
    return refuse(conflict(message, { instanceId: id }), "conflict", { reason: message, instanceId: id });
  }
  await client.startNew(ORCHESTRATION.deployTopology, { instanceId: id, input: { spec: result.spec } satisfies DeployInput });
  const response = client.createCheckStatusResponse(request, id);
  invocationTelemetry(context, { deploymentId: result.spec.name, instanceId: id }).emit("DeploymentRequested", { operation: "deploy", outcome: "started", httpStatus: response.status });
  return response;
}

/** The deployment's name from a body that may not validate, so a refusal is still attributed (only a name the spec's rule accepts). */
function nameIn(value: unknown): string | null {
  const name = (value as { name?: unknown } | null)?.name;
  return deploymentName.safeParse(name).success ? (name as string) : null;
}
