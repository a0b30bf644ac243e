// Bowtie in Azure, for `azd up`: the app's resource group (Function App on
// Flex Consumption, its storage, identity, monitoring and Key Vault) and, in
// each target resource group, the app's roles and the Event Grid wiring that
// feeds remediation, and the alerts that start a check between health passes.
// At subscription scope: Monitoring Reader (the health fleet's metrics:getBatch
// requires it there; metricsReader=false leaves it out) and, when
// subscriptionReader asks for it, Reader. See infra/ROLES.md.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name: names the app resource group and tags everything')
param environmentName string

@minLength(1)
@description('Region of the app resources')
param location string

@description('Comma-separated resource groups Bowtie deploys into: the resourceGroup of each spec')
param targetResourceGroups string = 'vpn-bgp-apipa-lab-rg'

@description('Create the target resource groups (in targetLocation) if they do not exist; false when they already exist elsewhere')
param createTargetResourceGroups bool = true

@description('Region of target resource groups created here (the specs\' location); empty: the app\'s region')
param targetLocation string = ''


@description('An existing RBAC-mode Key Vault the specs name; empty creates one in the app resource group')
param existingKeyVaultName string = ''

@description('Resource group of existingKeyVaultName')
param existingKeyVaultResourceGroup string = ''

@description('Comma-separated names of the Key Vault secrets the specs use (PSKs, NVA admin password): the app may read these and no other; each must exist first')
param keyVaultSecretNames string = ''

@description('Object id of the person running azd: Key Vault Secrets Officer on a vault created here, to store the PSKs')
param operatorPrincipalId string = ''

@description('Also grant the app Reader on the whole subscription. Off: the app reads only its target resource groups.')
param subscriptionReader bool = false

@description('Grant the app Monitoring Reader on the subscription: the health fleet reads BGP metrics with metrics:getBatch, which requires it at subscription scope. Off: every deployment gets the precise (ARM) check.')
param metricsReader bool = true

@description('Resource id of an action group the alerts also notify (BGP sessions below expected, connection Resource Health, Bowtie\'s own unhealthy verdicts), for people; empty: only Bowtie\'s own webhook (POST /api/alerts) hears them')
param alertActionGroupId string = ''

@minValue(1)
@description('BGP sessions each gateway should have up (NVAs x 2 instances): the BgpPeerStatus alert fires below it')
param expectedBgpSessions int = 4

@description('"true" once the code is deployed (Event Grid checks that the function exists); azure.yaml\'s postdeploy hook sets it')
param wireEventGrid string = 'false'

@description('NCRONTAB schedule of the health pass')
param healthSchedule string = '0 */5 * * * *'

@minValue(1)
@description('Circuit breaker: remediations per deployment per hour')
param maxRemediationsPerHour int = 3

@description('Application (client) id of the Entra app registration for signing in to the operations page (README: Sign-in); empty: the page answers 401 until one is set')
param entraClientId string = ''

@description('Directory (tenant) id of that app registration; empty: this subscription\'s tenant')
param entraTenantId string = ''

var tags = {
  'azd-env-name': environmentName
  application: 'bowtie'
}
var token = toLower(uniqueString(subscription().id, environmentName, location))
var targets = split(replace(targetResourceGroups, ' ', ''), ',')
var newVault = empty(existingKeyVaultName)
var vaultName = newVault ? 'kv-bowtie-${take(token, 13)}' : existingKeyVaultName
// Empty names (an unset variable, a trailing comma) dropped.
var secretNames = filter(split(replace(keyVaultSecretNames, ' ', ''), ','), secretName => !empty(secretName))
var deadLetterContainerName = 'eventgrid-deadletter'
var reader = 'acdd72a7-3385-48ef-bd42-f606fba81ae7'
var monitoringReader = '43d0d8ad-25c7-4714-9337-8ba259a9fe05'

resource appGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

resource targetGroups 'Microsoft.Resources/resourceGroups@2024-03-01' = [for rg in targets: if (createTargetResourceGroups) {
  name: rg
  location: empty(targetLocation) ? location : targetLocation
  // Not the azd environment tag: these groups hold topologies and outlive the app.
  tags: {
    application: 'bowtie'
  }
}]

module identity 'modules/identity.bicep' = {
  name: 'bowtie-identity'
  scope: appGroup
  params: {
    name: 'id-bowtie-${token}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'bowtie-monitoring'
  scope: appGroup
  params: {
    logAnalyticsName: 'log-bowtie-${token}'
    appInsightsName: 'appi-bowtie-${token}'
    location: location
    tags: tags
    publisherPrincipalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'bowtie-storage'
  scope: appGroup
  params: {
    name: 'stbowtie${take(token, 15)}'
    location: location
    tags: tags
    deploymentContainerName: 'app-package'
    deadLetterContainerName: deadLetterContainerName
    appPrincipalId: identity.outputs.principalId
  }
}

module vault 'modules/key-vault.bicep' = if (newVault) {
  name: 'bowtie-key-vault'
  scope: appGroup
  params: {
    name: vaultName
    location: location
    tags: tags
    operatorPrincipalId: operatorPrincipalId
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
  }
}

module vaultAccess 'modules/vault-access.bicep' = {
  name: 'bowtie-vault-access'
  scope: resourceGroup(newVault ? appGroup.name : existingKeyVaultResourceGroup)
  params: {
    vaultName: vaultName
    appPrincipalId: identity.outputs.principalId
    secretNames: secretNames
  }
  dependsOn: [
    vault
  ]
}

module functionApp 'modules/function-app.bicep' = {
  name: 'bowtie-function-app'
  scope: appGroup
  params: {
    name: 'func-bowtie-${token}'
    planName: 'plan-bowtie-${token}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    identityPrincipalId: identity.outputs.principalId
    storageAccountName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsConnectionString: monitoring.outputs.connectionString
    logAnalyticsWorkspaceId: monitoring.outputs.workspaceId
    healthSchedule: healthSchedule
    maxRemediationsPerHour: maxRemediationsPerHour
  }
}

// Entra ID sign-in in front of the page; the automation API keeps its function keys (modules/app-auth.bicep).
module appAuth 'modules/app-auth.bicep' = {
  name: 'bowtie-app-auth'
  scope: appGroup
  params: {
    appName: functionApp.outputs.name
    clientId: entraClientId
    tenantId: empty(entraTenantId) ? tenant().tenantId : entraTenantId
  }
}

module targetAccess 'modules/target-access.bicep' = [for (rg, i) in targets: {
  name: 'bowtie-target-access-${i}'
  scope: resourceGroup(rg)
  params: {
    appPrincipalId: identity.outputs.principalId
  }
  dependsOn: [
    targetGroups
  ]
}]

// Bowtie's own action group, whose webhook is POST /api/alerts: an alert starts
// the check of the deployment it names. The function and its key exist once the
// code is deployed, so it waits for the postdeploy switch, as Event Grid does.
module alertWebhook 'modules/alert-webhook.bicep' = if (wireEventGrid == 'true') {
  name: 'bowtie-alert-webhook'
  scope: appGroup
  params: {
    name: 'ag-bowtie-${token}'
    tags: tags
    functionAppName: functionApp.outputs.name
  }
}

// Every alert notifies Bowtie's webhook (once wired) and the operator's action group (when given).
var alertActionGroupIds = filter([
  wireEventGrid == 'true' ? alertWebhook.outputs.id : ''
  alertActionGroupId
], id => !empty(id))

module targetAlerts 'modules/target-alerts.bicep' = [for (rg, i) in targets: {
  name: 'bowtie-target-alerts-${i}'
  scope: resourceGroup(rg)
  params: {
    actionGroupIds: alertActionGroupIds
    location: empty(targetLocation) ? location : targetLocation
    expectedBgpSessions: expectedBgpSessions
    tags: tags
  }
  dependsOn: [
    targetGroups
  ]
}]

module healthAlert 'modules/health-alert.bicep' = {
  name: 'bowtie-health-alert'
  scope: appGroup
  params: {
    name: 'bowtie-unhealthy-${token}'
    location: location
    tags: tags
    appInsightsId: monitoring.outputs.appInsightsId
    // People only: its target is Application Insights, not a deployment, and Bowtie's own verdict must not start Bowtie's check again.
    actionGroupIds: empty(alertActionGroupId) ? [] : [
      alertActionGroupId
    ]
  }
}

module targetEvents 'modules/target-events.bicep' = [for (rg, i) in targets: if (wireEventGrid == 'true') {
  name: 'bowtie-target-events-${i}'
  scope: resourceGroup(rg)
  params: {
    functionAppId: functionApp.outputs.id
    appPrincipalId: identity.outputs.principalId
    appIdentityId: identity.outputs.id
    deadLetterStorageId: storage.outputs.id
    deadLetterContainerName: deadLetterContainerName
    tags: tags
  }
  dependsOn: [
    targetGroups
  ]
}]

resource subscriptionRead 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (subscriptionReader) {
  name: guid(subscription().id, environmentName, reader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', reader)
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
  }
}

// metrics:getBatch answers 401 without Monitoring Reader on the subscription,
// even with rights on each resource (FLEET-HEALTH §3.3). Read-only, monitoring data only.
resource subscriptionMetricsRead 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (metricsReader) {
  name: guid(subscription().id, environmentName, monitoringReader)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringReader)
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
  }
}

output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output BOWTIE_API_URL string = '${functionApp.outputs.url}/api'
output BOWTIE_KEY_VAULT_URL string = 'https://${vaultName}${environment().suffixes.keyvaultDns}/'
output BOWTIE_PRINCIPAL_OBJECT_ID string = identity.outputs.principalId
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.appInsightsName
output LOG_ANALYTICS_WORKSPACE_NAME string = monitoring.outputs.workspaceName
output AZURE_RESOURCE_GROUP string = appGroup.name
