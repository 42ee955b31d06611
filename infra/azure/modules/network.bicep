// Private networking (main.bicep: privateNetworking = true): a VNet with a subnet for the App Service
// VNet integration and one for the private endpoint of the Table service, and the private DNS zone
// privatelink.table.core.windows.net linked to the VNet, so <account>.table.core.windows.net resolves
// to the private address from inside. The App Service itself stays reachable from the internet
// (Teams and the Bot Service must post to it); only its outbound traffic goes through the VNet.

param vnetName string
param location string
param tags object

@description('Address space of the VNet, e.g. 10.60.0.0/24. Must not overlap networks you peer with later.')
param addressPrefix string

@description('Subnet delegated to App Service (VNet integration). /26 recommended, /28 at least.')
param appSubnetPrefix string

@description('Subnet for the private endpoint of Table storage.')
param privateEndpointSubnetPrefix string

@description('Resource id of the storage account.')
param storageAccountId string

param storageAccountName string

var appSubnetName = 'snet-app'
var privateEndpointSubnetName = 'snet-privatelink'

resource vnet 'Microsoft.Network/virtualNetworks@2023-11-01' = {
  name: vnetName
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: appSubnetName
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'Microsoft.Web.serverFarms'
              properties: {
                serviceName: 'Microsoft.Web/serverFarms'
              }
            }
          ]
        }
      }
      {
        name: privateEndpointSubnetName
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }
}

resource appSubnet 'Microsoft.Network/virtualNetworks/subnets@2023-11-01' existing = {
  parent: vnet
  name: appSubnetName
}

resource privateEndpointSubnet 'Microsoft.Network/virtualNetworks/subnets@2023-11-01' existing = {
  parent: vnet
  name: privateEndpointSubnetName
}

// privatelink.table.core.windows.net in the public cloud.
resource tableDnsZone 'Microsoft.Network/privateDnsZones@2020-06-01' = {
  name: 'privatelink.table.${environment().suffixes.storage}'
  location: 'global'
  tags: tags
}

resource tableDnsLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = {
  parent: tableDnsZone
  name: '${vnetName}-link'
  location: 'global'
  tags: tags
  properties: {
    registrationEnabled: false
    virtualNetwork: {
      id: vnet.id
    }
  }
}

resource tablePrivateEndpoint 'Microsoft.Network/privateEndpoints@2023-11-01' = {
  name: 'pe-${storageAccountName}-table'
  location: location
  tags: tags
  properties: {
    subnet: {
      id: privateEndpointSubnet.id
    }
    privateLinkServiceConnections: [
      {
        name: 'table'
        properties: {
          privateLinkServiceId: storageAccountId
          groupIds: [
            'table'
          ]
        }
      }
    ]
  }
}

// Writes the endpoint's A record into the zone (and keeps it current).
resource tableDnsGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2023-11-01' = {
  parent: tablePrivateEndpoint
  name: 'default'
  properties: {
    privateDnsZoneConfigs: [
      {
        name: 'table'
        properties: {
          privateDnsZoneId: tableDnsZone.id
        }
      }
    ]
  }
  dependsOn: [
    tableDnsLink
  ]
}

output vnetId string = vnet.id
output appSubnetId string = appSubnet.id
output privateEndpointId string = tablePrivateEndpoint.id
