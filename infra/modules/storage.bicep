// The host's storage: the durable task hub (queues, tables, blob leases),
// Bowtie's registry and health tables, and the Flex Consumption deployment
// package, and the Event Grid events that could not be delivered (dead
// letters). Shared keys are off; the app's identity gets the three data roles
// the Functions host and Durable Functions need, on this account only.
param name string
param location string
param tags object
param deploymentContainerName string
@description('Container Event Grid dead-letters undeliverable resource events into')
param deadLetterContainerName string
@description('The app identity')
param appPrincipalId string

var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deploymentContainerName
}

// An event Event Grid gave up on (30 attempts or 24 hours) lands here instead
// of being dropped: a change remediation never saw can still be found. Event
// Grid writes it as the app identity, which already owns this account's blobs.
resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deadLetterContainerName
}

// Blob owner, not contributor: the host takes leases and Durable Functions manages its partition blobs.
resource dataAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [storageBlobDataOwner, storageQueueDataContributor, storageTableDataContributor]: {
  name: guid(storage.id, appPrincipalId, role)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}]

output name string = storage.name
output id string = storage.id
output deploymentContainerUrl string = '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
