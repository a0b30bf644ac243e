// The app's one identity. User-assigned rather than system-assigned so its
// ids exist before the Function App does: the role assignments, the storage
// connection and the Event Grid filter all name it up front.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
