// POST /api/deployments: validate the spec, then start deployTopology under
// the deployment's operation lock (a deployment that exists and differs is
// changed safely; the body's optional top-level `allowOutage: true` lets a
// change leave some prefix without a path, as `--allow-outage` does): 202
// when it started, 409 naming the
// operation already running on the deployment (a deploy, a remediation, a
// teardown...). Of two POSTs at the same instant one gets the lock, the other
// a 409. Every answer is one DeploymentRequested telemetry line (a spec's
// secrets are Key Vault names; the body itself is never logged).
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { instanceId, ORCHESTRATION } from "../../shared/names.js";
import { deploymentName } from "../../shared/spec/naming.js";
import { validateSpec } from "../../shared/spec/validate.js";
import type { DeploymentRegistry } from "../../shared/storage/deployment-registry.js";
import type { DeployInput } from "../../orchestrations/deploy/deploy-topology.js";
import { leaseClock } from "../../activities/azure-target.js";
import { freshRecord } from "../../activities/operations/fresh-record.js";
import { startOperation } from "../../activities/operations/start-operation.js";
import { invocationTelemetry } from "../../shared/telemetry/index.js";
import { invalidSpec, readJson } from "./responses.js";
import { accepted, operationConflict } from "./operation-responses.js";
import { foreignSubscription } from "./subscription-check.js";
import type { StarterClient } from "./starter-client.js";

export async function startDeployment(
  request: HttpRequest,
  client: StarterClient,
  context: InvocationContext,
  registry: DeploymentRegistry,
  now: () => Date = leaseClock(),
): Promise<HttpResponseInit> {
  const body = await readJson(request);
  const named = body.ok ? nameIn(body.value) : null;
  const refuse = (response: HttpResponseInit, outcome: "invalid" | "conflict", extra: { violations?: number; reason?: string; instanceId?: string } = {}) => {
    const { instanceId: id = null, ...fields } = extra;
    invocationTelemetry(context, { deploymentId: named, instanceId: id }).emit("DeploymentRequested", { operation: "deploy", outcome, httpStatus: response.status ?? 0, ...fields });
    return response;
  };
  if (!body.ok) return refuse(body.response, "invalid", { violations: 1, reason: body.reason });
  const { specBody, allowOutage } = withoutAllowOutage(body.value);
  if (allowOutage !== undefined && typeof allowOutage !== "boolean") {
    return refuse(invalidSpec([{ path: "$.allowOutage", rule: "must be true or false (allow a change to leave some prefix without any path)", value: allowOutage }]), "invalid", { violations: 1 });
  }
  const result = validateSpec(specBody);
  if (!result.ok) return refuse(invalidSpec(result.violations, result.warnings), "invalid", { violations: result.violations.length });
  const elsewhere = foreignSubscription(result.spec);
  if (elsewhere.length) return refuse(invalidSpec(elsewhere, result.warnings), "invalid", { violations: elsewhere.length });
  const spec = result.spec;
  const id = instanceId.deploy(spec.name);
  const started = await startOperation(
    { registry, client, now },
    { kind: "deploy", deployment: spec.name, orchestration: ORCHESTRATION.deployTopology, input: { spec, ...(allowOutage ? { allowOutage: true } : {}) } satisfies DeployInput, create: () => freshRecord(spec, id, now()) },
  );
  if (!started.started) {
    if (!("running" in started)) throw new Error(`deployment ${spec.name} could not be registered`);
    const response = operationConflict(spec.name, "deploy", started.running);
    return refuse(response, "conflict", { reason: (response.jsonBody as { error: { message: string } }).error.message, instanceId: started.running.instanceId });
  }
  const response = accepted(spec.name, "deploy", started.instanceId);
  invocationTelemetry(context, { deploymentId: spec.name, instanceId: started.instanceId }).emit("DeploymentRequested", { operation: "deploy", outcome: "started", httpStatus: 202 });
  return response;
}

/** The body's `allowOutage` (not part of the spec) apart from the spec itself. */
function withoutAllowOutage(value: unknown): { specBody: unknown; allowOutage: unknown } {
  if (value === null || typeof value !== "object" || Array.isArray(value) || !("allowOutage" in value)) return { specBody: value, allowOutage: undefined };
  const { allowOutage, ...specBody } = value as Record<string, unknown>;
  return { specBody, allowOutage };
}

/** The deployment's name from a body that may not validate, so a refusal is still attributed (only a name the spec's rule accepts). */
function nameIn(value: unknown): string | null {
  const name = (value as { name?: unknown } | null)?.name;
  return deploymentName.safeParse(name).success ? (name as string) : null;
}
