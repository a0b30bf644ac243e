// Push signals for one target resource group, so a broken deployment is
// looked at between health passes (issue 13): Azure Monitor Baseline Alerts
// have none for a VPN gateway's BGP (their vWAN vpnGateways rule is
// bgppeerstatus < 1, PT5M/PT1M, sev 0 — the pattern followed here). The action
// groups decide who hears: Bowtie's own (its webhook, POST /api/alerts, starts
// the deployment's check) and the operator's, for people. Azure Monitor
// evaluates the rules itself: they add no role for the app.
@description('Resource ids of the action groups the alerts notify; empty: the alerts fire and show in the portal, notifying no one')
param actionGroupIds array

@description('Region of the gateways in this group (a multi-resource metric alert names one region)')
param location string

@minValue(1)
@description('BGP sessions each gateway should have up: NVAs x 2 instances (the seed lab: 4)')
param expectedBgpSessions int

param tags object

// Every VPN gateway in the group, one rule: BgpPeerStatus is 1 per connected
// peer and instance, sampled each minute, so its Total over a one-minute
// window is the number of sessions up. Below the expected count: a session
// is down (an NVA off, a PSK mismatch, an edited APIPA address...).
resource bgpSessions 'Microsoft.Insights/metricAlerts@2018-03-01' = {
  name: 'bowtie-bgp-sessions-${resourceGroup().name}'
  location: 'global'
  tags: tags
  properties: {
    description: 'A VPN gateway in ${resourceGroup().name} has fewer than ${expectedBgpSessions} BGP sessions up'
    severity: 1
    enabled: true
    scopes: [
      resourceGroup().id
    ]
    targetResourceType: 'Microsoft.Network/virtualNetworkGateways'
    targetResourceRegion: location
    evaluationFrequency: 'PT1M'
    windowSize: 'PT1M'
    autoMitigate: true
    criteria: {
      'odata.type': 'Microsoft.Azure.Monitor.MultipleResourceMultipleMetricCriteria'
      allOf: [
        {
          criterionType: 'StaticThresholdCriterion'
          name: 'BgpSessionsBelowExpected'
          metricNamespace: 'Microsoft.Network/virtualNetworkGateways'
          metricName: 'BgpPeerStatus'
          timeAggregation: 'Total'
          operator: 'LessThan'
          threshold: expectedBgpSessions
        }
      ]
    }
    actions: [for id in actionGroupIds: {
      actionGroupId: id
    }]
  }
}

// Resource Health on the connections: it names what a tunnel's own status
// does not — a PSK or IKE policy mismatch, an unreachable on-premises
// device — within minutes (FLEET-HEALTH §4).
resource connectionHealth 'Microsoft.Insights/activityLogAlerts@2017-04-01' = {
  name: 'bowtie-connection-health-${resourceGroup().name}'
  location: 'global'
  tags: tags
  properties: {
    description: 'A connection in ${resourceGroup().name} became Unavailable (Resource Health)'
    enabled: true
    scopes: [
      resourceGroup().id
    ]
    condition: {
      allOf: [
        {
          field: 'category'
          equals: 'ResourceHealth'
        }
        {
          field: 'resourceType'
          equals: 'Microsoft.Network/connections'
        }
        {
          field: 'properties.currentHealthStatus'
          equals: 'Unavailable'
        }
      ]
    }
    actions: {
      actionGroups: [for id in actionGroupIds: {
        actionGroupId: id
      }]
    }
  }
}
