// POST /api/deployments/{name}/rotate-psk: start a PSK rotation of a
// registered deployment (orchestrations/rotate/rotate-psk.ts) under its
// operation lock: 202 with where to read its progress, 409 naming the
// operation in the way (or why a torn-down deployment has no PSK to rotate),
// 404 for a name not registered. The body is optional: `{ "allowOutage":
// true }` lets a rotation of a single-NVA deployment cut its traffic while
// the NVA is replaced (refused otherwise, with OutageNotAllowed in the
// result). No key passes through here: the new one is made in Key Vault by
// the orchestration's activity. Every answer is one DeploymentRequested
// telemetry line.
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { ORCHESTRATION } from "../../shared/names.js";
import type { DeploymentRecord, DeploymentRegistry } from "../../shared/storage/deployment-registry.js";
import type { RotatePskInput } from "../../orchestrations/rotate/rotate-psk.js";
import { leaseClock } from "../../activities/azure-target.js";
import { startOperation } from "../../activities/operations/start-operation.js";
import { json, notFound, readJson } from "./responses.js";
import { answerStart, deploymentNameParam, requestAnswerer } from "./operation-responses.js";
import type { StarterClient } from "./starter-client.js";

/** A torn-down deployment has no NVA to roll a key into. */
const tornDown = (record: DeploymentRecord): string | null =>
  record.status === "TornDown" || record.status === "TearingDown" ? `it is ${record.status === "TornDown" ? "torn down" : "being torn down"}; deploy it again first` : null;

export async function rotatePskDeployment(
  request: HttpRequest,
  client: StarterClient,
  context: InvocationContext,
  registry: DeploymentRegistry,
  now: () => Date = leaseClock(),
): Promise<HttpResponseInit> {
  const param = deploymentNameParam(request);
  const name = param.ok ? param.name : null;
  const answer = requestAnswerer(context, name, "rotate");
  if (!param.ok) return answer(param.response, "invalid", null, "the path parameter {name} breaks the deployment-name rule");
  const options = await rotationOptions(request);
  if (!options.ok) return answer(options.response, "invalid", null, options.reason);
  const record = await registry.get(param.name);
  if (!record) return answer(notFound(`deployment ${param.name}`), "notFound", null, "not registered");
  const started = await startOperation(
    { registry, client, now },
    { kind: "rotate", deployment: param.name, orchestration: ORCHESTRATION.rotatePsk, input: { spec: record.spec, ...(options.allowOutage ? { allowOutage: true } : {}) } satisfies RotatePskInput, refuse: tornDown },
  );
  return answerStart(answer, param.name, "rotate", started);
}

type Options = { ok: true; allowOutage: boolean } | { ok: false; response: HttpResponseInit; reason: string };

const badOption = (path: string, rule: string, value: unknown): Options => ({
  ok: false,
  reason: `the request body breaks a rule at ${path}`,
  response: json(400, { error: { code: "InvalidParameter", message: `${path}: ${rule}` }, violations: [{ path, rule, value: JSON.stringify(value)?.slice(0, 64) ?? "undefined" }] }),
});

/** The optional body: nothing, or exactly `{ "allowOutage": boolean }` (bounded and checked like any body). */
async function rotationOptions(request: HttpRequest): Promise<Options> {
  if (!request.body || request.headers.get("content-length") === "0") return { ok: true, allowOutage: false };
  const body = await readJson(request);
  if (!body.ok) return { ok: false, response: body.response, reason: body.reason };
  const value = body.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return badOption("$", "the body, when given, is an object: { \"allowOutage\": true }", value);
  const extra = Object.keys(value).find((k) => k !== "allowOutage");
  if (extra !== undefined) return badOption(`$.${extra}`, "not an option of a rotation (the only one is allowOutage)", (value as Record<string, unknown>)[extra]);
  const allowOutage = (value as { allowOutage?: unknown }).allowOutage;
  if (allowOutage !== undefined && typeof allowOutage !== "boolean") return badOption("$.allowOutage", "must be true or false (allow a rotation to leave some prefix without any path)", allowOutage);
  return { ok: true, allowOutage: allowOutage === true };
}
