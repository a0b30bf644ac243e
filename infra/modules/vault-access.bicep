// The app reads the secrets its specs name, and no others: Key Vault Secrets
// User on each of those secrets (Key Vault RBAC scopes a role to one
// secret), not on the vault, whether infra created the vault or it already
// existed. A vault-wide grant would let a spec that names the wrong secret
// (or a bug that builds a secret name from input) read any secret there,
// including other deployments' PSKs and whatever else a shared vault holds.
// Deployed into the vault's resource group. A secret must exist before a
// role can be scoped to it: store it first, then provision (README).
param vaultName string
@description('The app identity')
param appPrincipalId string
@description('Names of the secrets the specs use (PSKs, NVA admin password); empty grants nothing')
param secretNames array

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}

resource secrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = [for secretName in secretNames: {
  parent: vault
  name: secretName
}]

resource readSecrets 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (secretName, i) in secretNames: {
  name: guid(vault.id, secretName, appPrincipalId, keyVaultSecretsUser)
  scope: secrets[i]
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: appPrincipalId
    principalType: 'ServicePrincipal'
  }
}]
