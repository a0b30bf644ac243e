// Bowtie's own action group: one webhook receiver posting every alert it is
// given to the app's POST /api/alerts in the common alert schema, where a
// Fired alert on a deployment's resource starts that deployment's precise
// health check (and its remediation) minutes before the next health pass.
//
// The URL carries a function key, as authLevel function asks. It is the
// receiveAlert function's own key (listKeys on that one function), not a
// host key: anyone who can read the action group (Reader on the app's
// resource group sees receivers' URLs) can then only post alerts — which
// start nothing but checks of deployments Bowtie owns, one at a time — and
// not call the rest of the API. The key is read at deployment time, never
// written to an output or a parameter file, and is rotated in the portal or
// with `az functionapp function keys set`, then `azd provision` again.
// Deployed once the code is (the function and its key exist only then): the
// same postdeploy switch as the Event Grid wiring.
param name string
param tags object
@description('The Function App that receives the alerts')
param functionAppName string
@description('The HTTP function behind POST /api/alerts (functions/index.ts)')
param functionName string = 'receiveAlert'

resource app 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource receiveAlert 'Microsoft.Web/sites/functions@2024-04-01' existing = {
  parent: app
  name: functionName
}

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: name
  // Action groups are global resources.
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'bowtie'
    enabled: true
    webhookReceivers: [
      {
        name: 'bowtie-alerts'
        serviceUri: 'https://${app.properties.defaultHostName}/api/alerts?code=${receiveAlert.listKeys().default}'
        // The common alert schema: the one shape POST /api/alerts reads, for metric, log and activity log alerts alike.
        useCommonAlertSchema: true
        useAadAuth: false
      }
    ]
  }
}

output id string = actionGroup.id
