// The Function App on the Flex Consumption plan (Linux, scale to zero),
// Node 22 like the code (package.json engines), running as the user-assigned
// identity: it pulls its package, reaches its storage and signs in to ARM and
// Key Vault as that identity, with no key or connection string anywhere.
// Its app settings are exactly what functions/app-settings.ts declares for
// Azure plus the host's own (a test compares the two). Hardened as the Azure
// Functions security baseline asks: TLS 1.2 on the app and on its SCM (Kudu)
// site, no FTP/FTPS, no basic-auth publishing credentials (azd deploys with
// an Entra token), and its logs sent to Log Analytics.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param identityPrincipalId string
param storageAccountName string
param deploymentContainerUrl string
param appInsightsConnectionString string
@description('Log Analytics workspace resource id: the diagnostic setting sends the app\'s logs there')
param logAnalyticsWorkspaceId string
param healthSchedule string
param maxRemediationsPerHour int
@description('Flex Consumption scale-out ceiling; the durable work is bounded by the health pass\'s own pacing, not by instances')
param maximumInstanceCount int = 40

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'bowtie' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      // Node.js 22: the newest GA Node.js of Azure Functions. Microsoft's table
      // (learn.microsoft.com/azure/azure-functions/supported-languages,
      // JavaScript tab) lists Node.js 22 GA until 30 April 2027 and Node.js 24
      // as Preview; Node.js 20 retired with its end of life on 30 April 2026.
      // CI also runs the tests on 24, so moving there at its GA is this line.
      // test/infra/node-versions.test.ts holds this, engines and the README together.
      runtime: {
        name: 'node'
        version: '22'
      }
    }
  }
}

resource appSettings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    BOWTIE_TARGET: 'azure'
    AZURE_SUBSCRIPTION_ID: subscription().subscriptionId
    AZURE_CLIENT_ID: identityClientId
    BOWTIE_PRINCIPAL_OBJECT_ID: identityPrincipalId
    BOWTIE_HEALTH_SCHEDULE: healthSchedule
    BOWTIE_MAX_REMEDIATIONS_PER_HOUR: string(maxRemediationsPerHour)
  }
}

// Publishing with a user name and password (FTP, and Kudu/SCM basic auth) off:
// deployments authenticate with Entra ID only.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

// The host's own log stream (FunctionAppLogs) kept in Log Analytics beside the
// Application Insights telemetry: what ran, failed or was throttled, even when
// the app's own telemetry did not get out.
resource appLogs 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'bowtie-app-logs'
  scope: app
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'FunctionAppLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output id string = app.id
output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
