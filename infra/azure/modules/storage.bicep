// Storage account for the bot's Azure Tables (state, reports, channels, audit, dedupe). Shared-key
// access is switched off: the only way in is Microsoft Entra ID, here the bot's managed identity with
// the role "Storage Table Data Contributor" on this account.

param name string
param location string
param tags object

@description('Object (principal) id of the managed identity that gets table data access.')
param principalId string

@description('Log Analytics workspace for the table access logs (who read or changed what, when).')
param workspaceId string

@description('Private networking: no public endpoint; the bot reaches the tables over a private endpoint (modules/network.bicep).')
param privateNetworking bool

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string

// Built-in role "Storage Table Data Contributor".
var storageTableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    // Without private networking the endpoint is public, but only Microsoft Entra identities with a
    // data role get in (no shared keys, no SAS). With it, the data plane is only reachable through
    // the private endpoint: also not from a deployment pipeline or a workstation outside the VNet.
    publicNetworkAccess: privateNetworking ? 'Disabled' : 'Enabled'
    networkAcls: {
      defaultAction: privateNetworking ? 'Deny' : 'Allow'
      bypass: privateNetworking ? 'None' : 'AzureServices'
      ipRules: []
      virtualNetworkRules: []
    }
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, principalId, storageTableDataContributorRoleId)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributorRoleId)
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Signaalbot: tabellen lezen en schrijven met de managed identity, zonder opslagsleutel'
  }
}

resource tableDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'table-access-to-log-analytics'
  scope: tableService
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'StorageRead'
        enabled: true
      }
      {
        category: 'StorageWrite'
        enabled: true
      }
      {
        category: 'StorageDelete'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'Transaction'
        enabled: true
      }
    ]
  }
}

// The reports live here: deleting the account (by hand, by a script, by a wrong resource group) would lose them
// all. The lock is on the control plane only; the bot still writes and deletes rows, retention still purges.
// Remove it on purpose (az lock delete) before taking the account down.
resource deleteLock 'Microsoft.Authorization/locks@2020-05-01' = {
  name: 'geen-verwijdering-meldingen'
  scope: storage
  properties: {
    level: 'CanNotDelete'
    notes: 'Opslag van de Signaalbot (meldingen en geschiedenis). Alleen bewust verwijderen, zie infra/README.md.'
  }
}

output name string = storage.name
output id string = storage.id
// The Table endpoint without a trailing slash, as the bot's STORAGE_ACCOUNT_URL expects it.
output tableEndpoint string = 'https://${storage.name}.table.${environment().suffixes.storage}'
