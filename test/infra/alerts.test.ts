// The alerts that start a check between health passes (issue 13), read
// structurally from infra/: per target resource group a metric alert on its
// gateways' BgpPeerStatus below the expected session count and a Resource
// Health alert on its connections, notifying Bowtie's own action group (its
// webhook: POST /api/alerts, with the receiveAlert function's own key, in the
// common alert schema) and the operator's; a log alert on Bowtie's own
// unhealthy HealthChecked lines, notifying the operator's only.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { arrayElements, objectEntries, parseBicep, stringLiteral, stripComments, type BicepFile, type Declaration } from "./bicep-reader.js";
import { checkResource } from "./check-against-models.js";

const read = (f: string) => readFileSync(new URL(`../../infra/${f}`, import.meta.url), "utf8");
const bicep = (f: string) => parseBicep(read(f));
const decl = (file: BicepFile, typePrefix: string): Declaration => {
  const d = file.declarations.find((x) => x.kind === "resource" && x.type.startsWith(typePrefix));
  assert.ok(d, `a ${typePrefix} declaration`);
  return d;
};
const at = (literal: string, ...keys: string[]) => keys.reduce((v, k) => objectEntries(v).get(k) ?? assert.fail(`no ${k} in ${v.slice(0, 80)}`), literal);

test("main.bicep puts the alerts module in every target resource group, notifying Bowtie's webhook and the operator's action group; the log alert the operator's only", () => {
  const main = bicep("main.bicep");
  const targets = main.declarations.find((d) => d.type === "modules/target-alerts.bicep")!;
  assert.equal(targets.loop?.source, "targets");
  assert.equal(targets.body.get("scope"), `resourceGroup(${targets.loop!.item})`);
  const params = objectEntries(targets.body.get("params")!);
  assert.equal(params.get("actionGroupIds"), "alertActionGroupIds");
  assert.equal(params.get("expectedBgpSessions"), "expectedBgpSessions");
  const groups = main.vars.get("alertActionGroupIds")!;
  assert.match(groups, /wireEventGrid == 'true' \? alertWebhook\.outputs\.id : ''/, "Bowtie's webhook, once the code (and so the function's key) exists");
  assert.match(groups, /alertActionGroupId/, "and the operator's");
  assert.match(groups, /filter\(.*!empty\(id\)\)/s, "an unset one is left out, never an empty id");
  const own = main.declarations.find((d) => d.type === "modules/health-alert.bicep")!;
  assert.equal(own.body.get("scope"), "appGroup");
  const ownGroups = objectEntries(own.body.get("params")!).get("actionGroupIds")!;
  assert.doesNotMatch(ownGroups, /alertWebhook|alertActionGroupIds/, "Bowtie's own verdict never starts Bowtie's check again");
  assert.match(ownGroups, /alertActionGroupId/);
  assert.equal(objectEntries(own.body.get("params")!).get("appInsightsId"), "monitoring.outputs.appInsightsId");
  assert.equal(main.params.get("alertActionGroupId")?.defaultValue, "''", "optional: no operator's action group, alerts still reach Bowtie");
  const parameters = JSON.parse(read("main.parameters.json")).parameters as Record<string, { value: string }>;
  assert.equal(parameters.alertActionGroupId?.value, "${BOWTIE_ALERT_ACTION_GROUP_ID}");
  const webhook = main.declarations.find((d) => d.type === "modules/alert-webhook.bicep")!;
  assert.equal(webhook.condition, "wireEventGrid == 'true'", "deployed after the code, by the postdeploy switch Event Grid uses");
  assert.equal(webhook.body.get("scope"), "appGroup");
  assert.equal(objectEntries(webhook.body.get("params")!).get("functionAppName"), "functionApp.outputs.name");
});

test("Bowtie's action group: one webhook to POST /api/alerts in the common alert schema, keyed with the receiveAlert function's own key, which no output carries", () => {
  const file = bicep("modules/alert-webhook.bicep");
  const group = decl(file, "Microsoft.Insights/actionGroups@");
  assert.equal(stringLiteral(group.body.get("location")!), "global");
  const props = group.body.get("properties")!;
  assert.ok(stringLiteral(at(props, "groupShortName"))!.length <= 12, "Azure's limit on a short name");
  const receivers = arrayElements(at(props, "webhookReceivers")).map(objectEntries);
  assert.equal(receivers.length, 1);
  const receiver = receivers[0]!;
  assert.equal(receiver.get("useCommonAlertSchema"), "true", "the one shape POST /api/alerts reads");
  assert.equal(receiver.get("serviceUri"), "'https://${app.properties.defaultHostName}/api/alerts?code=${receiveAlert.listKeys().default}'");
  // The key is that one function's (it opens /api/alerts only), not the host's (every key route).
  const fn = file.declarations.find((d) => d.symbol === "receiveAlert")!;
  assert.ok(fn.existing && fn.type.startsWith("Microsoft.Web/sites/functions@"), "an existing function of the app");
  assert.equal(fn.body.get("name"), "functionName");
  assert.equal(file.params.get("functionName")?.defaultValue, "'receiveAlert'");
  const index = readFileSync(new URL("../../functions/index.ts", import.meta.url), "utf8");
  assert.match(index, /df\.app\.client\.http\("receiveAlert", \{\s*route: "alerts",\s*methods: \["POST"\],\s*authLevel: "function"/, "the function the key belongs to is the alerts route");
  const outputs = stripComments(read("modules/alert-webhook.bicep")).split("\n").filter((l) => /^output /.test(l));
  assert.deepEqual(outputs, ["output id string = actionGroup.id"], "no output carries the URL or its key");
  const appAuth = read("modules/app-auth.bicep");
  assert.match(appAuth, /^\s*'\/api\/alerts'$/m, "excluded from sign-in: the action group has only the key");
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
  assert.match(at(props, "actions"), /for id in actionGroupIds: \{\s*actionGroupId: id/);
  assert.equal(file.params.get("actionGroupIds")?.type, "array");
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
  assert.match(await problems("modules/alert-webhook.bicep", "useCommonAlertSchema: true", "useCommonAlertScheme: true"), /useCommonAlertScheme: not a property of WebhookReceiver/);
  assert.match(await problems("modules/alert-webhook.bicep", "useCommonAlertSchema: true", "useCommonAlertSchema: 'true'"), /a boolean in Azure's model/);
});
