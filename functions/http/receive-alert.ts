// POST /api/alerts: the webhook of Bowtie's action group (infra/), which
// posts Azure Monitor's common alert schema. A Fired alert on a resource of a
// registered deployment (its gateway's BgpPeerStatus, a connection's
// Resource Health, ...) starts that deployment's precise health check, which
// remediates what it finds as the timer pass's tier 2 does — minutes before
// the next pass would have noticed. Only the alert's target ids decide which
// deployments; the rest is kept for the telemetry line, bounded.
//   202: a check started for some deployment(s) (which, and any not started and why)
//   200: nothing to do: Resolved, no target is Bowtie's, or every deployment concerned is busy (said, with the operation in the way)
//   400: not the common alert schema (each violation's JSON path and rule, never the value); 413/415 as for any body
// Each answer is one AlertReceived telemetry line.
import type { HttpRequest, HttpResponseInit, InvocationContext } from "@azure/functions";
import { leaseClock } from "../../activities/azure-target.js";
import { startAlertCheck, type AlertCheckStart } from "../../activities/operations/start-alert-check.js";
import { routeAlertTargets } from "../../shared/alerts/alert-targets.js";
import { parseCommonAlert, type AlertEssentials } from "../../shared/alerts/common-alert-schema.js";
import { clip } from "../../shared/spec/violation-list.js";
import type { Violation } from "../../shared/spec/violations.js";
import type { DeploymentRegistry } from "../../shared/storage/deployment-registry.js";
import { invocationTelemetry, type TelemetryEvents } from "../../shared/telemetry/index.js";
import { json, readJson } from "./responses.js";
import type { StarterClient } from "./starter-client.js";

export interface AlertDeps {
  registry: DeploymentRegistry;
  client: StarterClient;
  /** The subscription this app deploys into (AZURE_SUBSCRIPTION_ID): a spec without its own lives there. */
  subscriptionId: string;
  /** The operation lock's clock (default: the configured target's). */
  now?: () => Date;
}

/** Unowned targets listed in an answer (all are counted). */
const MAX_UNOWNED_LISTED = 5;

type Outcome = TelemetryEvents["AlertReceived"]["outcome"];

export async function receiveAlert(request: HttpRequest, context: InvocationContext, deps: AlertDeps): Promise<HttpResponseInit> {
  const telemetry = invocationTelemetry(context, { deploymentId: null, instanceId: null });
  const answer = (response: HttpResponseInit, outcome: Outcome, fields: Partial<TelemetryEvents["AlertReceived"]> = {}, essentials?: AlertEssentials): HttpResponseInit => {
    telemetry.emit("AlertReceived", {
      outcome,
      httpStatus: response.status ?? 200,
      ...(essentials ? { monitorCondition: essentials.monitorCondition, signalType: essentials.signalType, alertRule: essentials.alertRule, severity: essentials.severity, firedDateTime: essentials.firedDateTime } : {}),
      targets: essentials?.alertTargetIDs.length ?? 0,
      unowned: 0,
      started: [],
      notStarted: [],
      ...fields,
    });
    return response;
  };

  const body = await readJson(request);
  if (!body.ok) {
    const status = body.response.status ?? 400;
    if (status === 413) return answer(json(413, { error: { code: "RequestBodyTooLarge", message: "the request body is larger than 256 KiB; an alert in the common schema is a few KB" } }), "invalid", { reason: body.reason });
    if (status === 415) return answer(json(415, { error: { code: "UnsupportedMediaType", message: "the alert must be JSON (content-type application/json, UTF-8), as an action group's webhook posts it" } }), "invalid", { reason: body.reason });
    return answer(invalidAlert([{ path: "$", rule: clip(body.message) }], 0), "invalid", { reason: body.reason });
  }
  const parsed = parseCommonAlert(body.value);
  if (!parsed.ok) return answer(invalidAlert(parsed.violations, parsed.omitted), "invalid", { reason: `the alert breaks a rule at ${parsed.violations[0]!.path}` });
  const alert = parsed.essentials;

  if (alert.monitorCondition === "Resolved") {
    const message = "a Resolved alert starts nothing: the check its Fired alert started, and the health pass, judge the deployment";
    return answer(json(200, { monitorCondition: alert.monitorCondition, message, started: [], notStarted: [], unowned: 0 }), "nothing", { reason: "resolved" }, alert);
  }

  const routing = routeAlertTargets(await deps.registry.list(), alert.alertTargetIDs, deps.subscriptionId);
  const unowned = { unowned: routing.unowned.length, ...(routing.unowned.length ? { unownedTargets: routing.unowned.slice(0, MAX_UNOWNED_LISTED).map((t) => clip(t)) } : {}) };
  if (routing.deployments.size === 0) {
    const message = "no target is a resource of a deployment Bowtie manages: nothing to check";
    return answer(json(200, { monitorCondition: alert.monitorCondition, message, started: [], notStarted: [], ...unowned }), "nothing", { unowned: routing.unowned.length, reason: "no target is Bowtie's" }, alert);
  }

  const lock = { registry: deps.registry, client: deps.client, now: deps.now ?? leaseClock() };
  const started: Array<{ deployment: string; instanceId: string; targets: string[]; remediation: string }> = [];
  const notStarted: Array<{ deployment: string; reason: string; operation?: string; instanceId?: string }> = [];
  for (const [deployment, targets] of routing.deployments) {
    const start: AlertCheckStart = await startAlertCheck(lock, deployment);
    if (start.started) {
      const remediation = start.remediationRefused ? `not allowed: ${start.remediationRefused}` : "started by the check if it finds drift";
      started.push({ deployment, instanceId: start.instanceId, targets: targets.map((t) => clip(t)), remediation });
    } else {
      notStarted.push({ deployment, reason: start.reason, ...(start.running ? { operation: start.running.kind, instanceId: start.running.instanceId } : {}) });
    }
  }
  const fields = { unowned: routing.unowned.length, started: started.map((s) => s.deployment), notStarted: notStarted.map((n) => n.deployment) };
  if (started.length === 0) {
    const message = "no check started: every deployment concerned is busy or already being checked (see notStarted); the health pass looks again after it";
    return answer(json(200, { monitorCondition: alert.monitorCondition, message, started, notStarted, ...unowned }), "busy", { ...fields, reason: notStarted[0]!.reason }, alert);
  }
  const message = `a health check started for ${started.length} deployment(s)`;
  return answer(json(202, { monitorCondition: alert.monitorCondition, message, started, notStarted, ...unowned }), "started", fields, alert);
}

/** 400 naming each broken rule by its JSON path; values are never echoed (an alert body is the caller's text). */
function invalidAlert(violations: Violation[], omitted: number): HttpResponseInit {
  const first = violations[0]!;
  return json(400, {
    error: { code: "InvalidAlert", message: `the body is not an Azure Monitor alert in the common alert schema: ${first.path}: ${first.rule}` },
    violations: violations.map((v) => ({ path: clip(v.path), rule: clip(v.rule) })),
    ...(omitted ? { omittedViolations: omitted } : {}),
  });
}
