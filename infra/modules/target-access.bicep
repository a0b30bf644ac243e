// What the app may do in one target resource group, where its topologies
// live: build and repair the network (Network Contributor), create, start and
// repair the NVAs (Virtual Machine Contributor), and read everything for the
// health checks (Reader). Scoped to this resource group; infra/ROLES.md says
// why each is needed and what it does not cover.
@description('The app identity')
param appPrincipalId string

var networkContributor = '4d97b98b-1d4f-4787-a291-c67834d212e7'
var virtualMachineContributor = '9980e02c-c2be-4d73-94e8-173b1dc7cf3c'
var reader = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'

resource grants 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [networkContributor, virtualMachineContributor, reader]: {
  name: guid(resourceGroup().id, appPrincipalId, role)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}]
