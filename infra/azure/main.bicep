// Signaalbot Mensenhandel: everything the bot needs in one resource group.
// Deploy:  az deployment group create -g <rg> -f infra/azure/main.bicep -p @infra/azure/main.parameters.json
// See infra/README.md for the whole route from nothing to the bot in Teams.

targetScope = 'resourceGroup'

@description('Azure region for all regional resources. West Europe keeps the data in the EU.')
param location string = 'westeurope'

@description('Short name used in every resource name (letters and digits, starting with a letter).')
@minLength(3)
@maxLength(12)
param namePrefix string = 'signaalbot'

@description('Environment label in resource names, e.g. prd or tst.')
@allowed([
  'prd'
  'acc'
  'tst'
  'dev'
])
param environmentName string = 'prd'

@description('How the bot proves who it is. UserAssignedMSI (recommended) needs no secret at all.')
@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botAppType string = 'UserAssignedMSI'

@description('SingleTenant only: the application (client) id of the Entra app registration. Leave empty for UserAssignedMSI.')
param singleTenantAppId string = ''

@description('SingleTenant only: name of the Key Vault secret that holds the client secret (you store it yourself after deployment).')
param appPasswordSecretName string = 'MicrosoftAppPassword'

@description('Display name of the Azure Bot.')
param botDisplayName string = 'Signaalbot Mensenhandel'

@allowed([
  'F0'
  'S1'
])
@description('Azure Bot pricing tier. Teams is a standard channel, so F0 is normally enough.')
param botSku string = 'F0'

@description('App Service plan SKU (Linux). B1 or higher, because the bot needs Always On.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'P0v3'
  'P1v3'
])
param appServiceSku string = 'B1'

@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
@description('Redundancy of the storage account. ZRS keeps three copies across zones in the region.')
param storageSku string = 'Standard_ZRS'

@description('Comma-separated Entra tenant ids whose users may use the bot. Defaults to this deployment\'s tenant; add the other municipalities\' tenants when they have their own.')
param allowedTenantIds string = tenant().tenantId

@description('Prefix of the table names (<prefix>Reports, <prefix>Audit, ...).')
param tablePrefix string = 'signaalbot'

@allowed([
  'fatal'
  'error'
  'warn'
  'info'
  'debug'
  'trace'
  'silent'
])
param logLevel string = 'info'

@description('Days a closed report is kept before it is removed. Set this from the DPIA / retention decision of the municipality.')
@minValue(1)
@maxValue(3650)
param retentionDays int = 365

@description('Organisation file (admins, coordinators and channels per municipality). Recommended: /home/site/config/organisatie.yaml, which survives code deployments. Empty: none.')
param organisationFile string = ''

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 90

@description('Inbound traffic to the App Service only from Azure Bot Service, Microsoft Teams, Application Insights availability tests and adminIpRanges. false opens it to the internet again (the bot still checks every token).')
param restrictInbound bool = true

@description('IP ranges Microsoft Teams sends bot messages from (Microsoft 365 endpoints, Teams: 52.112.0.0/14 and 52.122.0.0/15). Check them against the current Microsoft 365 endpoint list.')
param teamsIpRanges array = [
  '52.112.0.0/14'
  '52.122.0.0/15'
]

@description('Extra IP ranges (CIDR) that may reach the App Service, e.g. the municipality\'s outgoing address for checks of /healthz and /readyz. Empty: none.')
param adminIpRanges array = []

@description('Private networking: VNet integration for the App Service and a private endpoint for Table storage, with public access to storage off. See infra/README.md for when to choose it.')
param privateNetworking bool = false

@description('Private networking only: address space of the VNet.')
param vnetAddressPrefix string = '10.60.0.0/24'

@description('Private networking only: subnet for the App Service VNet integration (/26 recommended, at least /28).')
param appSubnetPrefix string = '10.60.0.0/26'

@description('Private networking only: subnet for the private endpoint of Table storage.')
param privateEndpointSubnetPrefix string = '10.60.0.64/28'

@description('E-mail addresses for the alerts (HTTP 5xx, undelivered reports, outbox standing still, /healthz down). Empty: portal only.')
param alertEmails array = []

@description('HTTP 5xx answers in 5 minutes above which the 5xx alert fires.')
@minValue(1)
param http5xxThreshold int = 5

@description('Minutes a channel post may wait in the outbox before its alert fires.')
@minValue(5)
param outboxAgeAlertMinutes int = 15

param tags object = {
  toepassing: 'signaalbot-mensenhandel'
  omgeving: environmentName
}

var suffix = uniqueString(resourceGroup().id, namePrefix, environmentName)
var base = '${namePrefix}-${environmentName}'
var compactPrefix = toLower(replace(namePrefix, '-', ''))
var useKeyVault = botAppType == 'SingleTenant'
var keyVaultName = take('kv${compactPrefix}${suffix}', 24)
var storageAccountName = take('st${compactPrefix}${suffix}', 24)

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: 'id-${base}'
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: 'log-${base}-${suffix}'
    appInsightsName: 'appi-${base}-${suffix}'
    location: location
    tags: tags
    retentionInDays: logRetentionDays
    principalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: storageAccountName
    location: location
    tags: tags
    skuName: storageSku
    principalId: identity.outputs.principalId
    workspaceId: monitoring.outputs.workspaceId
    privateNetworking: privateNetworking
  }
}

// Only with privateNetworking: the VNet, the private endpoint of the Table service and its DNS zone.
module network 'modules/network.bicep' = if (privateNetworking) {
  name: 'network'
  params: {
    vnetName: 'vnet-${base}-${suffix}'
    location: location
    tags: tags
    addressPrefix: vnetAddressPrefix
    appSubnetPrefix: appSubnetPrefix
    privateEndpointSubnetPrefix: privateEndpointSubnetPrefix
    storageAccountId: storage.outputs.id
    storageAccountName: storage.outputs.name
  }
}

module keyVault 'modules/keyVault.bicep' = if (useKeyVault) {
  name: 'keyVault'
  params: {
    name: keyVaultName
    location: location
    tags: tags
    principalId: identity.outputs.principalId
    workspaceId: monitoring.outputs.workspaceId
  }
}

var botAppId = useKeyVault ? singleTenantAppId : identity.outputs.clientId

module app 'modules/appService.bicep' = {
  name: 'appService'
  params: {
    planName: 'asp-${base}-${suffix}'
    siteName: 'app-${base}-${suffix}'
    location: location
    tags: tags
    skuName: appServiceSku
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    botAppType: botAppType
    botAppId: botAppId
    botTenantId: tenant().tenantId
    keyVaultName: useKeyVault ? keyVaultName : ''
    appPasswordSecretName: appPasswordSecretName
    storageTableEndpoint: storage.outputs.tableEndpoint
    tablePrefix: tablePrefix
    allowedTenantIds: allowedTenantIds
    logLevel: logLevel
    retentionDays: retentionDays
    organisationFile: organisationFile
    appInsightsName: monitoring.outputs.appInsightsName
    workspaceId: monitoring.outputs.workspaceId
    restrictInbound: restrictInbound
    teamsIpRanges: teamsIpRanges
    adminIpRanges: adminIpRanges
    vnetSubnetId: privateNetworking ? network.outputs.appSubnetId : ''
  }
  dependsOn: [
    keyVault
  ]
}

module alerts 'modules/alerts.bicep' = {
  name: 'alerts'
  params: {
    location: location
    tags: tags
    appInsightsName: monitoring.outputs.appInsightsName
    siteName: app.outputs.name
    siteHostName: app.outputs.defaultHostName
    alertEmails: alertEmails
    http5xxThreshold: http5xxThreshold
    outboxAgeMinutes: outboxAgeAlertMinutes
  }
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    name: 'bot-${base}-${suffix}'
    tags: tags
    sku: botSku
    displayName: botDisplayName
    endpoint: 'https://${app.outputs.defaultHostName}/api/messages'
    msaAppType: botAppType
    msaAppId: botAppId
    msaAppTenantId: tenant().tenantId
    msaAppMsiResourceId: identity.outputs.id
  }
}

// Outputs are names and ids only: what the pipeline and `npm run package` need. No keys, no secrets.
output webAppName string = app.outputs.name
output webAppHostName string = app.outputs.defaultHostName
output botEndpoint string = 'https://${app.outputs.defaultHostName}/api/messages'
output botAppId string = botAppId
output botName string = bot.outputs.name
output managedIdentityClientId string = identity.outputs.clientId
output storageAccountName string = storage.outputs.name
output storageTableEndpoint string = storage.outputs.tableEndpoint
output appInsightsName string = monitoring.outputs.appInsightsName
output keyVaultName string = useKeyVault ? keyVaultName : ''

// For the Microsoft 365 Agents Toolkit (m365agents.yml): arm/deploy writes these to env/.env.<env> under
// their own names, where the manifest template and azureAppService/zipDeploy read them.
output BOT_ID string = botAppId
output BOT_DOMAIN string = app.outputs.defaultHostName
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = app.outputs.id
