// A Key Vault for the PSKs, in RBAC mode (no access policies). The app only
// reads the secrets its specs name (vault-access.bicep); the person running
// azd may be given Secrets Officer here, on this new vault only, to store the
// PSKs the spec names. As Key Vault guidance asks: purge protection on and 90
// days of soft delete (a deleted PSK or vault can be recovered, and no one —
// not even an Owner — can purge it early), and every data-plane access
// logged (AuditEvent) to Log Analytics.
param name string
param location string
param tags object
@description('Object id of the person running azd; empty grants nothing')
param operatorPrincipalId string = ''
@description('Log Analytics workspace resource id: the vault\'s audit log goes there')
param logAnalyticsWorkspaceId string

var keyVaultSecretsOfficer = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    // Purge protection cannot be turned off again, and keeps a deleted vault's
    // name taken for the retention period: see README, Teardown. The retention
    // is fixed when a vault is created: a vault an earlier version made with 7
    // days refuses this change (recreate it, or keep it and use an existing
    // vault: BOWTIE_KEY_VAULT_NAME).
    enablePurgeProtection: true
    softDeleteRetentionInDays: 90
  }
}

// Who read or changed which secret, when: AuditEvent is Key Vault's data-plane log.
resource audit 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'bowtie-key-vault-audit'
  scope: vault
  properties: {
    workspaceId: logAnalyticsWorkspaceId
    logs: [
      {
        category: 'AuditEvent'
        enabled: true
      }
    ]
  }
}

resource operator 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, keyVaultSecretsOfficer)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsOfficer)
    principalId: operatorPrincipalId
    principalType: 'User'
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
