// Log Analytics workspace and a workspace-based Application Insights resource. The bot writes pino
// JSON lines to stdout; App Service forwards them (AppServiceConsoleLogs) to this workspace.

param logAnalyticsName string
param appInsightsName string
param location string
param tags object

@description('How many days Log Analytics keeps logs. Logs hold ids and outcomes only, never report content.')
@minValue(30)
@maxValue(730)
param retentionInDays int

@description('Principal id of the managed identity that sends telemetry (Monitoring Metrics Publisher on Application Insights).')
param principalId string

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      enableLogAccessUsingOnlyResourcePermissions: true
    }
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
    // Telemetry only with an Entra ID token: the instrumentation key in the connection string alone sends nothing.
    DisableLocalAuth: true
  }
}

// Monitoring Metrics Publisher: what the bot's managed identity needs to send to an Application Insights
// resource with local auth off (bot/telemetry/startTelemetry.ts passes that identity as the credential).
var monitoringMetricsPublisher = '3913510d-42f4-4e42-8a64-420c390055eb'

resource telemetryPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, principalId, monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output workspaceId string = workspace.id
output appInsightsName string = appInsights.name
output appInsightsId string = appInsights.id
