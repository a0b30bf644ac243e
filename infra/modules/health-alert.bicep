// Bowtie's own verdict as an alert: a HealthChecked line whose status is not
// healthy (a check of one deployment — tier 2 of the fleet pass, or one an
// event or alert started) in the last 15 minutes. The query is the README's
// "Reading health in Application Insights" query, filtered. Reading its own
// Application Insights needs no role for the app: the rule runs as Azure Monitor.
param name string
param location string
param tags object
@description('The Application Insights component the app writes its telemetry to')
param appInsightsId string
@description('Resource ids of the action groups to notify (the operator\'s, for people); empty: the alert shows in the portal only')
param actionGroupIds array

resource unhealthy 'Microsoft.Insights/scheduledQueryRules@2018-04-16' = {
  name: name
  location: location
  tags: tags
  properties: {
    description: 'A Bowtie health check found a deployment degraded or down'
    enabled: 'true'
    source: {
      query: 'traces | where message startswith \'{"bowtie":\' | extend e = parse_json(message) | where tostring(e.event) == "HealthChecked" and tostring(e.status) != "healthy" | project timestamp, deployment = tostring(e.deploymentId), status = tostring(e.status), findings = toint(e.findings)'
      dataSourceId: appInsightsId
      queryType: 'ResultCount'
    }
    schedule: {
      frequencyInMinutes: 5
      timeWindowInMinutes: 15
    }
    action: {
      'odata.type': 'Microsoft.WindowsAzure.Management.Monitoring.Alerts.Models.Microsoft.AppInsights.Nexus.DataContracts.Resources.ScheduledQueryRules.AlertingAction'
      severity: '2'
      aznsAction: {
        actionGroup: actionGroupIds
        emailSubject: 'Bowtie: a deployment is not healthy'
      }
      trigger: {
        thresholdOperator: 'GreaterThan'
        threshold: 0
      }
    }
  }
}
