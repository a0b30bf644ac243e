// POST /api/deployments/{name}/whatif: what would change if this spec were
// deployed over the registered deployment, as `bowtie plan --state` shows it
// (create / update / replace / delete / none, why, and the impact). Reads
// Azure only (the resource group's lists, secrets stripped), writes nothing
// and takes no lock: like a Terraform plan, it may run beside an operation.
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { readWhatIfForSpec, type WhatIfOutput } from "../../activities/read-what-if.js";
import type { TopologySpec } from "../../shared/spec/schema.js";
import { validateSpec } from "../../shared/spec/validate.js";
import type { DeploymentRegistry } from "../../shared/storage/deployment-registry.js";
import { deploymentNameParam } from "./operation-responses.js";
import { invalidSpec, json, notFound, readJson } from "./responses.js";
import { foreignSubscription } from "./subscription-check.js";

/** `read`: what Azure holds, classified against the spec as a deploy would apply it (the OpenAPI examples pass a fixed inventory). */
export async function whatIfDeployment(
  request: HttpRequest,
  registry: DeploymentRegistry,
  read: (spec: TopologySpec) => Promise<Pick<WhatIfOutput, "changes">> = readWhatIfForSpec,
): Promise<HttpResponseInit> {
  const param = deploymentNameParam(request);
  if (!param.ok) return param.response;
  const name = param.name;
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const result = validateSpec(body.value);
  if (!result.ok) return invalidSpec(result.violations, result.warnings);
  if (result.spec.name !== name) {
    return invalidSpec([{ path: "$.name", rule: `must be the deployment named in the URL (${name}): a what-if compares a spec with its own deployment`, value: result.spec.name }], result.warnings);
  }
  const elsewhere = foreignSubscription(result.spec);
  if (elsewhere.length) return invalidSpec(elsewhere, result.warnings);
  const record = await registry.get(name);
  if (!record || record.status === "TornDown") return notFound(`deployment ${name}`);
  const { changes } = await read(result.spec);
  return json(200, { name, changes });
}
