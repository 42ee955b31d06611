// Linux App Service (Node 22 LTS) that runs the bot with the V8 flags of bot/nodeRuntime.ts. HTTPS only, TLS 1.2 or newer,
// FTP and basic-auth publishing off, inbound only from the Bot Service, Teams and availability tests
// (restrictInbound). App settings carry configuration only: no storage key, no client secret (a
// SingleTenant secret arrives as a Key Vault reference).

param planName string
param siteName string
param location string
param tags object

@description('App Service plan SKU. B1 or higher: Always On keeps the outbox worker running.')
param skuName string

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Client id of the user-assigned managed identity (AZURE_CLIENT_ID).')
param identityClientId string

@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param botAppType string

@description('MicrosoftAppId: the managed identity client id (UserAssignedMSI) or the app registration id (SingleTenant).')
param botAppId string

param botTenantId string

@description('Key Vault holding the SingleTenant client secret; empty for UserAssignedMSI.')
param keyVaultName string

@description('Name of the secret in that Key Vault.')
param appPasswordSecretName string

@description('https://<account>.table.core.windows.net')
param storageTableEndpoint string

param tablePrefix string

@description('Comma-separated Entra tenant ids allowed to talk to the bot.')
param allowedTenantIds string

param logLevel string

@description('Days a closed report is kept before it is removed (RETENTION_DAYS).')
param retentionDays int

@description('Path of the organisation file: absolute (e.g. /home/site/config/organisatie.yaml) or relative to the app root; empty for none.')
param organisationFile string

param appInsightsName string
param workspaceId string

@description('Inbound traffic only from the sources below (Deny for everything else). false: the site is open to the internet, as before; the bot still checks the token of every message.')
param restrictInbound bool

@description('IP ranges Microsoft Teams delivers bot messages from (Microsoft 365 endpoints, Teams). Allowed when restrictInbound is true.')
param teamsIpRanges array

@description('Extra IP ranges (CIDR) allowed in, e.g. the municipality\'s egress for checks of /healthz and /readyz, or a self-hosted runner.')
param adminIpRanges array

@description('Resource id of the subnet for VNet integration (private networking); empty: no VNet integration.')
param vnetSubnetId string

// Who may reach the site when restrictInbound is on. Access restrictions work per source, not per path:
// every rule below can reach every path; the bot authenticates /api/messages itself (JWT of the Bot
// Framework), and /healthz and /readyz say only "ok", "ready" or "storage unreachable".
var serviceTagRules = [
  {
    // The Bot Framework service (Connector, channels) that posts to /api/messages.
    name: 'AzureBotService'
    action: 'Allow'
    tag: 'ServiceTag'
    ipAddress: 'AzureBotService'
    priority: 100
    description: 'Azure Bot Service: /api/messages'
  }
  {
    // Application Insights availability tests (standard test on /healthz or /readyz).
    name: 'AppInsightsAvailability'
    action: 'Allow'
    tag: 'ServiceTag'
    ipAddress: 'ApplicationInsightsAvailability'
    priority: 110
    description: 'Application Insights availability tests: /healthz, /readyz'
  }
]

var teamsRules = [for (range, i) in teamsIpRanges: {
  name: 'Teams-${i}'
  action: 'Allow'
  tag: 'Default'
  ipAddress: range
  priority: 200 + i
  description: 'Microsoft Teams: /api/messages'
}]

var adminRules = [for (range, i) in adminIpRanges: {
  name: 'Admin-${i}'
  action: 'Allow'
  tag: 'Default'
  ipAddress: range
  priority: 300 + i
  description: 'Beheer: /healthz, /readyz'
}]

var inboundRules = restrictInbound ? concat(serviceTagRules, teamsRules, adminRules) : []
var privateNetworking = !empty(vnetSubnetId)

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

var baseSettings = [
  {
    name: 'BOT_MODE'
    value: 'production'
  }
  {
    name: 'MicrosoftAppType'
    value: botAppType
  }
  {
    name: 'MicrosoftAppId'
    value: botAppId
  }
  {
    name: 'MicrosoftAppTenantId'
    value: botTenantId
  }
  {
    name: 'STORAGE_ACCOUNT_URL'
    value: storageTableEndpoint
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
  {
    name: 'TABLE_PREFIX'
    value: tablePrefix
  }
  {
    name: 'ALLOWED_TENANT_IDS'
    value: allowedTenantIds
  }
  {
    name: 'LOG_LEVEL'
    value: logLevel
  }
  {
    name: 'RETENTION_DAYS'
    value: string(retentionDays)
  }
  {
    // The pipeline deploys a built artifact (dist/ and node_modules/); no build on the server.
    name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
    value: 'false'
  }
  {
    // The cloud role name of the bot's telemetry (bot/telemetry: the bot instruments itself with Azure Monitor
    // OpenTelemetry, so App Service's own Application Insights agent stays off; it would count everything twice).
    name: 'OTEL_SERVICE_NAME'
    value: 'signaalbot'
  }
]

// A Key Vault reference: the value is the address of the secret, resolved by App Service with the
// managed identity (keyVaultReferenceIdentity below). The secret itself never appears here.
var passwordSettings = [
  {
    name: 'MicrosoftAppPassword'
    value: '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName=${appPasswordSecretName})'
  }
]

var organisationSettings = [
  {
    name: 'ORGANISATION_FILE'
    value: organisationFile
  }
]

var passwordPart = botAppType == 'SingleTenant' ? passwordSettings : []
var organisationPart = empty(organisationFile) ? [] : organisationSettings

var monitoringSettings = [
  {
    // Microsoft documents the instrumentation key in this string as an identifier, not a secret. With local auth
    // off it sends nothing by itself: the bot adds an Entra ID token of its managed identity (AZURE_CLIENT_ID).
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
]

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: skuName
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: siteName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    // Public, because the Bot Service and Teams must reach /api/messages; who gets in is set by
    // ipSecurityRestrictions below.
    publicNetworkAccess: 'Enabled'
    keyVaultReferenceIdentity: identityId
    // Private networking: outbound traffic through the VNet, so Table storage is reached over its
    // private endpoint. Internet-bound calls (Teams, Entra ID) still leave from the app's outbound addresses.
    virtualNetworkSubnetId: privateNetworking ? vnetSubnetId : null
    vnetRouteAllEnabled: privateNetworking
    siteConfig: {
      linuxFxVersion: 'NODE|22-lts'
      appCommandLine: 'node --max-old-space-size=192 dist/bot/main.js'
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      healthCheckPath: '/healthz'
      webSocketsEnabled: false
      ipSecurityRestrictions: inboundRules
      ipSecurityRestrictionsDefaultAction: restrictInbound ? 'Deny' : 'Allow'
      // The deployment site (SCM/Kudu) keeps its own, open rules: the pipeline's `az webapp deploy` runs
      // from GitHub-hosted runners with changing addresses. Basic-auth publishing is off (below), so
      // only Microsoft Entra identities with a role on the site can deploy.
      scmIpSecurityRestrictionsUseMain: false
      scmIpSecurityRestrictionsDefaultAction: 'Allow'
      appSettings: concat(baseSettings, passwordPart, organisationPart, monitoringSettings)
    }
  }
}

resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: site
  name: 'scm'
  properties: {
    allow: false
  }
}

resource siteLogs 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'logs'
  properties: {
    applicationLogs: {
      fileSystem: {
        level: 'Information'
      }
    }
    httpLogs: {
      fileSystem: {
        enabled: true
        retentionInDays: 7
        retentionInMb: 35
      }
    }
    detailedErrorMessages: {
      enabled: false
    }
    failedRequestsTracing: {
      enabled: false
    }
  }
}

// Node on Linux writes to stdout/stderr (AppServiceConsoleLogs: the pino lines); AppServiceAppLogs collects
// nothing for it, so it is not asked for.
resource siteDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'app-logs-to-log-analytics'
  scope: site
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
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

output name string = site.name
output id string = site.id
output defaultHostName string = site.properties.defaultHostName
