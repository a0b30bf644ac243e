// The alerts that start a check between health passes (issue 13), read
// structurally from infra/: per target resource group a metric alert on its
// gateways' BgpPeerStatus below the expected session count and a Resource
// Health alert on its connections; a log alert on Bowtie's own unhealthy
// HealthChecked lines; all notifying the one action group parameter.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { arrayElements, objectEntries, parseBicep, stringLiteral, type BicepFile, type Declaration } from "./bicep-reader.js";
import { checkResource } from "./check-against-models.js";

const read = (f: string) => readFileSync(new URL(`../../infra/${f}`, import.meta.url), "utf8");
const bicep = (f: string) => parseBicep(read(f));
const decl = (file: BicepFile, typePrefix: string): Declaration => {
  const d = file.declarations.find((x) => x.kind === "resource" && x.type.startsWith(typePrefix));
  assert.ok(d, `a ${typePrefix} declaration`);
  return d;
};
const at = (literal: string, ...keys: string[]) => keys.reduce((v, k) => objectEntries(v).get(k) ?? assert.fail(`no ${k} in ${v.slice(0, 80)}`), literal);

test("main.bicep puts the alerts module in every target resource group, and the log alert in the app's, with the action group parameter", () => {
  const main = bicep("main.bicep");
  const targets = main.declarations.find((d) => d.type === "modules/target-alerts.bicep")!;
  assert.equal(targets.loop?.source, "targets");
  assert.equal(targets.body.get("scope"), `resourceGroup(${targets.loop!.item})`);
  const params = objectEntries(targets.body.get("params")!);
  assert.equal(params.get("actionGroupId"), "alertActionGroupId");
  assert.equal(params.get("expectedBgpSessions"), "expectedBgpSessions");
  const own = main.declarations.find((d) => d.type === "modules/health-alert.bicep")!;
  assert.equal(own.body.get("scope"), "appGroup");
  assert.equal(objectEntries(own.body.get("params")!).get("actionGroupId"), "alertActionGroupId");
  assert.equal(objectEntries(own.body.get("params")!).get("appInsightsId"), "monitoring.outputs.appInsightsId");
  assert.equal(main.params.get("alertActionGroupId")?.defaultValue, "''", "optional: no action group, alerts still fire");
  const parameters = JSON.parse(read("main.parameters.json")).parameters as Record<string, { value: string }>;
  assert.equal(parameters.alertActionGroupId?.value, "${BOWTIE_ALERT_ACTION_GROUP_ID}");
});

test("the BGP alert: every VPN gateway in the group, BgpPeerStatus below the expected session count, notifying the action group", () => {
  const file = bicep("modules/target-alerts.bicep");
  const rule = decl(file, "Microsoft.Insights/metricAlerts@");
  const props = rule.body.get("properties")!;
  assert.deepEqual(arrayElements(at(props, "scopes")), ["resourceGroup().id"]);
  assert.equal(stringLiteral(at(props, "targetResourceType")), "Microsoft.Network/virtualNetworkGateways");
  const [criterion] = arrayElements(at(props, "criteria", "allOf")).map(objectEntries);
  assert.equal(stringLiteral(criterion!.get("metricName")!), "BgpPeerStatus");
  assert.equal(stringLiteral(criterion!.get("operator")!), "LessThan");
  assert.equal(criterion!.get("threshold"), "expectedBgpSessions");
  assert.match(at(props, "actions"), /actionGroupId: id/);
  assert.match(file.vars.get("actionGroups")!, /actionGroupId/);
});

test("the Resource Health alert: connections of the group turning Unavailable", () => {
  const rule = decl(bicep("modules/target-alerts.bicep"), "Microsoft.Insights/activityLogAlerts@");
  const leaves = arrayElements(at(rule.body.get("properties")!, "condition", "allOf")).map((l) => [stringLiteral(at(l, "field")), stringLiteral(at(l, "equals"))]);
  assert.deepEqual(leaves, [["category", "ResourceHealth"], ["resourceType", "Microsoft.Network/connections"], ["properties.currentHealthStatus", "Unavailable"]]);
});

test("the log alert reads Bowtie's HealthChecked lines that are not healthy, on its Application Insights", () => {
  const rule = decl(bicep("modules/health-alert.bicep"), "Microsoft.Insights/scheduledQueryRules@");
  const source = at(rule.body.get("properties")!, "source");
  assert.equal(at(source, "dataSourceId"), "appInsightsId");
  // A Bicep string with escaped quotes (stringLiteral reads plain ones only).
  const query = at(source, "query").trim().slice(1, -1).replace(/\\'/g, "'");
  assert.match(query, /tostring\(e\.event\) == "HealthChecked" and tostring\(e\.status\) != "healthy"/);
  assert.match(query, /^traces \| where message startswith '\{"bowtie":'/, "the README's cheap filter first");
});

test("the shape check catches a misspelt criterion field and a wrong discriminator's fields in the alerts", async () => {
  const problems = async (file: string, from: string, to: string) => {
    const src = read(file);
    assert.ok(src.includes(from), from);
    const out: string[] = [];
    for (const d of parseBicep(src.replace(from, to)).declarations) if (d.kind === "resource" && !d.existing) out.push(...(await checkResource(d)));
    return out.join("\n");
  };
  assert.match(await problems("modules/target-alerts.bicep", "threshold: expectedBgpSessions", "treshold: expectedBgpSessions"), /treshold: not a property of MetricCriteria/);
  assert.match(await problems("modules/target-alerts.bicep", "MultipleResourceMultipleMetricCriteria", "NoSuchCriteria"), /allOf: not a property of MetricAlertCriteria/);
  assert.match(await problems("modules/health-alert.bicep", "thresholdOperator: 'GreaterThan'", "thresholdOperater: 'GreaterThan'"), /thresholdOperater: not a property of TriggerCondition/);
});
