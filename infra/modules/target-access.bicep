// What the app may do in one target resource group, where its topologies
// live: build and repair the network (Network Contributor), create, start and
// delete the NVAs (a custom role with exactly the compute actions Bowtie
// uses), and read everything for the health checks (Reader). Scoped to this
// resource group; infra/ROLES.md says why each is needed and what it does not
// cover.
@description('The app identity')
param appPrincipalId string

var networkContributor = '4d97b98b-1d4f-4787-a291-c67834d212e7'
var reader = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'

// Not Virtual Machine Contributor: that role is Microsoft.Compute/virtualMachines/*,
// which includes run command (runCommand/action, runCommands/*) — code execution
// as root on every VM in the group, far beyond what Bowtie does. These are the
// calls activities/ make (and the implicit ones ARM checks on a VM PUT):
var nvaOperatorActions = [
  // get, list; instanceView (power state, for ensureRunning and the health pass)
  'Microsoft.Compute/virtualMachines/read'
  'Microsoft.Compute/virtualMachines/instanceView/read'
  // createOrUpdate (create and repair), delete (teardown), start (a stopped NVA)
  'Microsoft.Compute/virtualMachines/write'
  'Microsoft.Compute/virtualMachines/delete'
  'Microsoft.Compute/virtualMachines/start/action'
  // The managed OS disk the VM PUT creates (createOption FromImage) and its
  // deleteOption: Delete removes with the VM.
  'Microsoft.Compute/disks/read'
  'Microsoft.Compute/disks/write'
  'Microsoft.Compute/disks/delete'
  // The VM PUT attaches the NICs Bowtie made (also in Network Contributor;
  // listed so this role states all a VM write needs).
  'Microsoft.Network/networkInterfaces/join/action'
]

resource nvaOperator 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'bowtie-nva-operator')
  properties: {
    // Role names are unique in the tenant: one role per target group.
    roleName: 'Bowtie NVA operator ${uniqueString(resourceGroup().id)}'
    description: 'Create, read, start and delete Bowtie\'s NVA VMs and their OS disks in ${resourceGroup().name}; no run command, no other VM action.'
    type: 'CustomRole'
    permissions: [
      {
        actions: nvaOperatorActions
        notActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

resource grants 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [networkContributor, reader]: {
  name: guid(resourceGroup().id, appPrincipalId, role)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}]

resource operateNvas 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, appPrincipalId, 'bowtie-nva-operator')
  properties: {
    // The subscription-level id ARM keeps for a custom role, whatever scope defined it.
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', nvaOperator.name)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}
