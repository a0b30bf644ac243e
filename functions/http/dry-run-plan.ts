// POST /api/plan: the same plan `bowtie plan --json` prints, without touching Azure.
import type { HttpRequest, HttpResponseInit } from "@azure/functions";
import { planFromSpec } from "../../shared/plan/plan.js";
import { validateSpec } from "../../shared/spec/validate.js";
import { invalidSpec, json, readJson } from "./responses.js";
import { foreignSubscription } from "./subscription-check.js";

export async function dryRunPlan(request: HttpRequest): Promise<HttpResponseInit> {
  const body = await readJson(request);
  if (!body.ok) return body.response;
  const result = validateSpec(body.value);
  if (!result.ok) return invalidSpec(result.violations, result.warnings);
  const elsewhere = foreignSubscription(result.spec);
  if (elsewhere.length) return invalidSpec(elsewhere, result.warnings);
  return json(200, { ...planFromSpec(result.spec), warnings: result.warnings });
}
