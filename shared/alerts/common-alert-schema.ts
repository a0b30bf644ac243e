// Azure Monitor's common alert schema (schemaId "azureMonitorCommonAlertSchema"),
// as an action group's webhook with useCommonAlertSchema posts it: the part
// Bowtie reads is data.essentials. Only the target ids decide anything (which
// deployment to check); the rule's name, severity, signal and times are kept
// for the telemetry line, bounded. alertContext and customProperties differ by
// signal type and are never read, so they are not checked either. Unknown
// fields are allowed: Azure adds essentials fields over time.
// Reference: learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema
import { z } from "zod";
import { jsonPath, type Violation } from "../spec/violations.js";

export const COMMON_ALERT_SCHEMA_ID = "azureMonitorCommonAlertSchema";
/**
 * Target ids per alert. A multi-resource metric alert fires one alert per
 * resource, and a Resource Health alert one per resource, so a real alert
 * names one; a few more leave room, and anything past this is not an alert.
 */
export const MAX_ALERT_TARGETS = 50;
/** An ARM resource id is at most a few hundred characters; this bounds each one. */
export const MAX_TARGET_ID_CHARS = 1024;
/** Violations listed in a 400. */
export const MAX_ALERT_VIOLATIONS = 20;

// /subscriptions/{sub}/resourceGroups/{rg}[/providers/...]: a resource, or a resource group, in a subscription.
const ARM_ID = /^\/subscriptions\/[0-9A-Za-z-]{1,64}\/resourcegroups\/[-\w._()]{1,90}(\/providers\/[^\s?#]+)?$/i;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;

const bounded = (max: number, what: string) => z.string({ error: `${what}: a string` }).min(1, `${what}: not empty`).max(max, `${what}: at most ${max} characters`);
const time = (what: string) => z.string({ error: `${what}: an ISO 8601 date-time` }).max(40, `${what}: an ISO 8601 date-time`).regex(ISO_TIME, `${what}: an ISO 8601 date-time (e.g. 2026-12-05T23:58:24.3713213Z)`);

const essentials = z.looseObject(
  {
    alertId: bounded(512, "the alert's id").optional(),
    alertRule: bounded(260, "the alert rule's name"),
    severity: z.enum(["Sev0", "Sev1", "Sev2", "Sev3", "Sev4"], { error: "one of Sev0, Sev1, Sev2, Sev3, Sev4" }),
    signalType: bounded(64, "the signal type (Metric, Log, Activity Log)"),
    monitorCondition: z.enum(["Fired", "Resolved"], { error: "Fired or Resolved" }),
    monitoringService: bounded(64, "the monitoring service").optional(),
    alertTargetIDs: z
      .array(
        z
          .string({ error: "an ARM resource id (a string)" })
          .max(MAX_TARGET_ID_CHARS, `an ARM resource id of at most ${MAX_TARGET_ID_CHARS} characters`)
          .regex(ARM_ID, "an ARM resource id: /subscriptions/{id}/resourceGroups/{name}[/providers/...]"),
        { error: "a list of ARM resource ids" },
      )
      .min(1, "at least one target resource id")
      .max(MAX_ALERT_TARGETS, `at most ${MAX_ALERT_TARGETS} target resource ids`),
    firedDateTime: time("when the alert fired"),
    resolvedDateTime: time("when the alert resolved").optional(),
  },
  { error: "an object: the alert's essentials" },
);

const commonAlert = z.looseObject(
  {
    schemaId: z.literal(COMMON_ALERT_SCHEMA_ID, { error: `"${COMMON_ALERT_SCHEMA_ID}": the action group's webhook must use the common alert schema (useCommonAlertSchema: true)` }),
    data: z.looseObject({ essentials }, { error: "an object holding essentials" }),
  },
  { error: "an object: Azure Monitor's common alert schema" },
);

export type AlertEssentials = z.infer<typeof essentials>;

export type AlertParse = { ok: true; essentials: AlertEssentials } | { ok: false; violations: Violation[]; omitted: number };

/** Checks a parsed body; a refusal lists the first violations, each naming the JSON path and the rule (never the value). */
export function parseCommonAlert(body: unknown): AlertParse {
  const parsed = commonAlert.safeParse(body);
  if (parsed.success) return { ok: true, essentials: parsed.data.data.essentials };
  const violations = parsed.error.issues.map((i) => ({ path: jsonPath(i.path), rule: i.message }));
  return { ok: false, violations: violations.slice(0, MAX_ALERT_VIOLATIONS), omitted: Math.max(0, violations.length - MAX_ALERT_VIOLATIONS) };
}
