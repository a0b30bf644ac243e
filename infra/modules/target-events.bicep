// Out-of-band changes in one target resource group reach the remediation:
// an Event Grid system topic on the resource group, subscribed by the
// onResourceEvent function. Filtered at Event Grid to what remediation acts
// on — successful writes, deletes and actions on network and compute
// resources, not the read-only actions health checks make, not the app's
// own identity. ARM events carry no resource tags, so the ownership check
// stays in the app (it also re-checks everything filtered here: delivery is
// at-least-once, and a filter is an optimisation, not a guarantee). An event
// that cannot be delivered is dead-lettered to the app's storage, written as
// the app identity (the topic carries it), not dropped.
param functionAppId string
@description('The app identity: its own writes come back as events and are dropped here')
param appPrincipalId string
@description('Resource id of the app identity: the topic writes dead letters as it')
param appIdentityId string
@description('Storage account resource id and blob container for dead letters')
param deadLetterStorageId string
param deadLetterContainerName string
param tags object

// The same list as READ_ONLY_ACTIONS in shared/events/arm-events.ts (a test holds them together).
var readOnlyActions = [
  'getBgpPeerStatus'
  'getLearnedRoutes'
  'getAdvertisedRoutes'
  'learnedRoutes'
  'advertisedRoutes'
  'listKeys'
  'getikesas'
  'vpndeviceconfigurationscript'
]
var readOnlyOperations = [for action in readOnlyActions: '/${action}/action']

resource topic 'Microsoft.EventGrid/systemTopics@2022-06-15' = {
  name: 'evgt-bowtie-${uniqueString(resourceGroup().id)}'
  location: 'global'
  tags: tags
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${appIdentityId}': {}
    }
  }
  properties: {
    source: resourceGroup().id
    topicType: 'Microsoft.Resources.ResourceGroups'
  }
}

resource toRemediation 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: topic
  name: 'bowtie-remediation'
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionAppId}/functions/onResourceEvent'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Resources.ResourceWriteSuccess'
        'Microsoft.Resources.ResourceDeleteSuccess'
        'Microsoft.Resources.ResourceActionSuccess'
      ]
      advancedFilters: [
        {
          operatorType: 'StringIn'
          key: 'data.resourceProvider'
          values: [
            'Microsoft.Network'
            'Microsoft.Compute'
          ]
        }
        {
          operatorType: 'StringNotContains'
          key: 'data.operationName'
          values: readOnlyOperations
        }
        {
          operatorType: 'StringNotIn'
          key: 'data.authorization.evidence.principalId'
          values: [
            appPrincipalId
          ]
        }
      ]
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
    deadLetterWithResourceIdentity: {
      identity: {
        type: 'UserAssigned'
        userAssignedIdentity: appIdentityId
      }
      deadLetterDestination: {
        endpointType: 'StorageBlob'
        properties: {
          resourceId: deadLetterStorageId
          blobContainerName: deadLetterContainerName
        }
      }
    }
  }
}

output systemTopicName string = topic.name
