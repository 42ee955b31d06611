// Azure Bot registration with the Teams channel. With UserAssignedMSI the bot's identity is the
// managed identity (no secret anywhere); with SingleTenant it is an Entra app registration.
//
// Only the Teams channel is declared. The Bot Service adds a Web Chat channel to every Azure Bot by
// itself (az has no command to remove it); disableLocalAuth ("only MSI and AAD can be used for
// authentication", API 2022-09-15) is there so its keys, and any Direct Line keys, do not work. Not
// tested against a real bot. This template never creates a DirectLineChannel or WebChatChannel
// resource, and a unit test keeps it that way.

param name string
param tags object

@description('Azure Bot resources are global; the messages themselves are handled by the App Service.')
param location string = 'global'

@allowed([
  'F0'
  'S1'
])
param sku string

param displayName string

@description('https://<app>.azurewebsites.net/api/messages')
param endpoint string

@allowed([
  'UserAssignedMSI'
  'SingleTenant'
])
param msaAppType string

param msaAppId string
param msaAppTenantId string

@description('Resource id of the managed identity; only used with UserAssignedMSI.')
param msaAppMsiResourceId string

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: name
  location: location
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    description: 'Signalen van mensenhandel herkennen en melden (Brummen, Lochem, Voorst, Zutphen)'
    endpoint: endpoint
    msaAppType: msaAppType
    msaAppId: msaAppId
    msaAppTenantId: msaAppTenantId
    msaAppMSIResourceId: msaAppType == 'UserAssignedMSI' ? msaAppMsiResourceId : null
    // No channel secrets (Direct Line / Web Chat keys): only Microsoft Entra ID and managed identity.
    disableLocalAuth: true
    // 'Disabled' is for Direct Line App Service Extension isolation; Teams needs the public Bot Service.
    publicNetworkAccess: 'Enabled'
    isStreamingSupported: false
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: location
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output name string = bot.name
output msaAppId string = msaAppId
