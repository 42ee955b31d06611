// The user-assigned managed identity the bot runs as: it reaches Table storage (and, with
// UserAssignedMSI, authenticates the bot to the Bot Connector) without any secret.

@description('Name of the managed identity.')
param name string

param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
output tenantId string = identity.properties.tenantId
