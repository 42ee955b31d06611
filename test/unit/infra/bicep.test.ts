import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PRODUCTION_NODE_FLAGS } from '../../../bot/nodeRuntime';
import { repoRoot } from '../../../bot/paths';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { metricRecorder } from '../../../bot/telemetry/metricInstruments';
import { appSettingsOf, channelProblems, findSecretProblems, inboundProblems, resolveList } from './bicepChecks';
import { allText as allTextOf, type BicepFile, type BicepResource, type BicepValue, exprText, literal, parseBicep, parseBicepTree, prop } from './bicepText';

/**
 * Static checks of the Bicep: there is no Bicep compiler here, so these read the templates as text
 * (see bicepText.ts). The pipeline compiles them for real with `az bicep build`.
 */

const AZURE_DIR = path.join(repoRoot, 'infra', 'azure');
const MAIN = path.join(AZURE_DIR, 'main.bicep');
const STORAGE_TABLE_DATA_CONTRIBUTOR = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3';
const MONITORING_METRICS_PUBLISHER = '3913510d-42f4-4e42-8a64-420c390055eb';

/** The names the bot's metric instruments really export (a real MeterProvider, one value each). */
async function exportedMetricNames(): Promise<string[]> {
    const reader = new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE), exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({ readers: [reader] });
    const record = metricRecorder(provider.getMeter('bicep-test'));
    record('reports.undelivered', 1);
    record('outbox.oldest_pending_age', 60);
    const { resourceMetrics } = await reader.collect();
    await provider.shutdown();
    return resourceMetrics.scopeMetrics.flatMap((sm) => sm.metrics.map((m) => m.descriptor.name));
}

const tree = parseBicepTree(MAIN);
const files = [...tree.values()];
const main = tree.get(MAIN) as BicepFile;

function moduleFile(symbol: string): BicepFile {
    const mod = main.modules.find((m) => m.symbol === symbol);
    assert.ok(mod, `main.bicep has no module ${symbol}`);
    const file = tree.get(path.resolve(AZURE_DIR, mod.path));
    assert.ok(file, `module file ${mod.path} not parsed`);
    return file;
}

function moduleParam(symbol: string, name: string): string | undefined {
    const mod = main.modules.find((m) => m.symbol === symbol);
    return exprText(prop(mod?.body, 'params', name));
}

function resourcesOfType(type: string): { file: BicepFile; resource: BicepResource }[] {
    return files.flatMap((file) => file.resources.filter((r) => r.type === type && !r.existing).map((resource) => ({ file, resource })));
}

function single(type: string): { file: BicepFile; resource: BicepResource } {
    const found = resourcesOfType(type);
    assert.equal(found.length, 1, `expected exactly one ${type}, found ${found.length}`);
    return found[0];
}

function allowedValues(file: BicepFile, param: string): string[] {
    const decorator = file.params.get(param)?.decorators.find((d) => d.startsWith('@allowed'));
    assert.ok(decorator, `${param} has no @allowed list`);
    return [...decorator.matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

describe('Azure deployment (Bicep, static checks)', () => {
    it('reads main.bicep and all its modules', () => {
        assert.ok(files.length >= 6, `only ${files.length} files`);
        assert.equal(main.params.get('location')?.defaultText, "'westeurope'");
    });

    it('declares every resource the bot needs', () => {
        for (const type of [
            'Microsoft.ManagedIdentity/userAssignedIdentities',
            'Microsoft.Storage/storageAccounts',
            'Microsoft.Storage/storageAccounts/tableServices',
            'Microsoft.Authorization/roleAssignments',
            'Microsoft.OperationalInsights/workspaces',
            'Microsoft.Insights/components',
            'Microsoft.Web/serverfarms',
            'Microsoft.Web/sites',
            'Microsoft.BotService/botServices',
            'Microsoft.BotService/botServices/channels',
            'Microsoft.Authorization/locks',
            'Microsoft.Insights/actionGroups',
            'Microsoft.Insights/metricAlerts',
            'Microsoft.Insights/scheduledQueryRules',
            'Microsoft.Insights/webtests',
        ]) {
            assert.ok(resourcesOfType(type).length > 0, `missing resource ${type}`);
        }
    });

    it('Azure Bot: single-tenant or user-assigned managed identity, with the Teams channel enabled', () => {
        assert.deepEqual(allowedValues(main, 'botAppType').sort(), ['SingleTenant', 'UserAssignedMSI']);
        assert.equal(main.params.get('botAppType')?.defaultText, "'UserAssignedMSI'");
        const { file, resource: bot } = single('Microsoft.BotService/botServices');
        assert.deepEqual(allowedValues(file, exprText(prop(bot.body, 'properties', 'msaAppType')) ?? '').sort(), ['SingleTenant', 'UserAssignedMSI']);
        assert.equal(literal(prop(bot.body, 'kind')), 'azurebot');
        assert.match(exprText(prop(bot.body, 'properties', 'msaAppMSIResourceId')) ?? '', /UserAssignedMSI/);
        assert.equal(moduleParam('bot', 'msaAppType'), 'botAppType');
        assert.equal(moduleParam('bot', 'msaAppMsiResourceId'), 'identity.outputs.id');
        assert.match(moduleParam('bot', 'endpoint') ?? '', /^'https:\/\/\$\{app\.outputs\.defaultHostName\}\/api\/messages'$/);

        const { resource: teams } = single('Microsoft.BotService/botServices/channels');
        assert.equal(exprText(prop(teams.body, 'parent')), bot.symbol);
        assert.equal(literal(prop(teams.body, 'name')), 'MsTeamsChannel');
        assert.equal(literal(prop(teams.body, 'properties', 'channelName')), 'MsTeamsChannel');
        assert.equal(exprText(prop(teams.body, 'properties', 'properties', 'isEnabled')), 'true');
    });

    it('Azure Bot: no channel secrets (disableLocalAuth) and no channel but Teams', () => {
        const { resource: bot } = single('Microsoft.BotService/botServices');
        assert.equal(exprText(prop(bot.body, 'properties', 'disableLocalAuth')), 'true');
        assert.deepEqual(channelProblems(files), []);
    });

    it('the channel check catches a Direct Line or Web Chat channel (it is not vacuous)', () => {
        const bad = parseBicep(
            'bad.bicep',
            `resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: 'b'
}
resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}
resource dl 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'DirectLineChannel'
  properties: {
    channelName: 'DirectLineChannel'
  }
}
resource wc 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  name: '\${bot.name}/WebChatChannel'
  properties: {
    channelName: 'WebChatChannel'
  }
}
`,
        );
        const problems = channelProblems([bad]).join('\n');
        assert.match(problems, /DirectLineChannel/);
        assert.match(problems, /WebChatChannel/);
        assert.doesNotMatch(problems, /MsTeamsChannel/);
    });

    it('App Service: Linux, Node 22 LTS, HTTPS only, TLS 1.2, FTP off, runs the built bot with health check', () => {
        const { resource: plan } = single('Microsoft.Web/serverfarms');
        assert.equal(literal(prop(plan.body, 'kind')), 'linux');
        assert.equal(exprText(prop(plan.body, 'properties', 'reserved')), 'true');

        const { resource: site } = single('Microsoft.Web/sites');
        const config = prop(site.body, 'properties', 'siteConfig');
        assert.equal(literal(prop(site.body, 'kind')), 'app,linux');
        assert.equal(exprText(prop(site.body, 'properties', 'httpsOnly')), 'true');
        assert.equal(literal(prop(config, 'linuxFxVersion')), 'NODE|22-lts');
        assert.equal(literal(prop(config, 'minTlsVersion')), '1.2');
        assert.equal(literal(prop(config, 'scmMinTlsVersion')), '1.2');
        assert.equal(literal(prop(config, 'ftpsState')), 'Disabled');
        assert.equal(exprText(prop(config, 'alwaysOn')), 'true');
        assert.equal(literal(prop(config, 'healthCheckPath')), '/healthz');
        assert.equal(literal(prop(config, 'appCommandLine')), `node ${PRODUCTION_NODE_FLAGS.join(' ')} dist/bot/main.js`, 'the flags the benchmarks measure with');
        assert.equal(literal(prop(site.body, 'properties', 'identity', 'type')) ?? literal(prop(site.body, 'identity', 'type')), 'UserAssigned');

        const policies = resourcesOfType('Microsoft.Web/sites/basicPublishingCredentialsPolicies').map(({ resource }) => ({
            name: literal(prop(resource.body, 'name')),
            allow: exprText(prop(resource.body, 'properties', 'allow')),
        }));
        assert.deepEqual(policies.sort((a, b) => String(a.name).localeCompare(String(b.name))), [
            { name: 'ftp', allow: 'false' },
            { name: 'scm', allow: 'false' },
        ]);
    });

    it('App Service inbound: only Azure Bot Service, Teams and availability tests (health path reachable), SCM left to Entra ID', () => {
        const { file, resource: site } = single('Microsoft.Web/sites');
        assert.deepEqual(inboundProblems(file, site), []);
        const config = prop(site.body, 'properties', 'siteConfig');
        // Restricted by default, switchable from main.bicep.
        assert.equal(exprText(prop(config, 'ipSecurityRestrictionsDefaultAction')), "restrictInbound ? 'Deny' : 'Allow'");
        assert.equal(main.params.get('restrictInbound')?.defaultText, 'true');
        assert.equal(moduleParam('app', 'restrictInbound'), 'restrictInbound');
        assert.deepEqual(resolveList(prop(config, 'ipSecurityRestrictions'), file, 'else'), [], 'switched off: no rules at all');
        // The Teams ranges come from main.bicep's parameter, one Allow rule per range.
        const teams = resolveList(prop(config, 'ipSecurityRestrictions'), file, 'then').filter((r) => r.kind === 'expr');
        assert.equal(teams.length, 2, 'the Teams and admin ranges are for-expressions');
        assert.match(exprText(teams[0]) ?? '', /^\[for \(range, i\) in teamsIpRanges: \{[\s\S]*action: 'Allow'[\s\S]*ipAddress: range/);
        assert.match(exprText(teams[1]) ?? '', /^\[for \(range, i\) in adminIpRanges: \{[\s\S]*action: 'Allow'[\s\S]*ipAddress: range/);
        assert.equal(moduleParam('app', 'teamsIpRanges'), 'teamsIpRanges');
        assert.match(main.params.get('teamsIpRanges')?.defaultText ?? '', /'52\.112\.0\.0\/14'[\s\S]*'52\.122\.0\.0\/15'/);
        assert.equal(main.params.get('adminIpRanges')?.defaultText, '[]');
        // The health check the platform runs, and the path the availability test calls.
        assert.equal(literal(prop(config, 'healthCheckPath')), '/healthz');
        assert.equal(literal(prop(config, 'scmIpSecurityRestrictionsDefaultAction')), 'Allow');
    });

    it('the inbound check catches an open or half-open site (it is not vacuous)', () => {
        const bad = parseBicep(
            'bad.bicep',
            `var rules = [
  {
    name: 'Everyone'
    action: 'Allow'
    tag: 'Default'
    ipAddress: '0.0.0.0/0'
    priority: 100
  }
  {
    name: 'Bot'
    action: 'Allow'
    tag: 'ServiceTag'
    ipAddress: 'AzureBotService'
    priority: 100
  }
]
resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: 'y'
  properties: {
    siteConfig: {
      ipSecurityRestrictions: rules
      ipSecurityRestrictionsDefaultAction: 'Allow'
      scmIpSecurityRestrictionsUseMain: true
    }
  }
}
`,
        );
        const problems = inboundProblems(bad, bad.resources[0]).join('\n');
        assert.match(problems, /default action is not Deny/);
        assert.match(problems, /ApplicationInsightsAvailability/);
        assert.doesNotMatch(problems, /service tag AzureBotService/);
        assert.match(problems, /rule Everyone allows everyone/);
        assert.match(problems, /priorities repeat/);
        assert.match(problems, /scmIpSecurityRestrictionsUseMain/);
    });

    it('App Service settings: everything bot/config.ts needs, storage by managed identity', () => {
        const settings = new Map(appSettingsOf(files).map((s) => [s.name, s.value]));
        for (const name of [
            'BOT_MODE',
            'MicrosoftAppId',
            'MicrosoftAppType',
            'MicrosoftAppTenantId',
            'MicrosoftAppPassword',
            'STORAGE_ACCOUNT_URL',
            'AZURE_CLIENT_ID',
            'TABLE_PREFIX',
            'ALLOWED_TENANT_IDS',
            'LOG_LEVEL',
            'RETENTION_DAYS',
            'ORGANISATION_FILE',
            'APPLICATIONINSIGHTS_CONNECTION_STRING',
        ]) {
            assert.ok(settings.has(name), `app setting ${name} missing`);
        }
        assert.equal(settings.get('BOT_MODE'), "'production'");
        assert.equal(settings.has('STORAGE_CONNECTION_STRING'), false);
        assert.equal(settings.has('PORT'), false, 'App Service sets PORT itself');
        assert.equal(settings.get('AZURE_CLIENT_ID'), 'identityClientId');
        assert.match(settings.get('MicrosoftAppPassword') ?? '', /^'@Microsoft\.KeyVault\(VaultName=\$\{keyVaultName\};SecretName=\$\{appPasswordSecretName\}\)'$/);

        // The values the module receives come from the identity and storage modules, not from literals.
        assert.equal(moduleParam('app', 'identityClientId'), 'identity.outputs.clientId');
        assert.equal(moduleParam('app', 'storageTableEndpoint'), 'storage.outputs.tableEndpoint');
        assert.match(exprText(moduleFile('storage').outputs.get('tableEndpoint')?.value) ?? '', /^'https:\/\/\$\{storage\.name\}\.table\.\$\{environment\(\)\.suffixes\.storage\}'$/);
    });

    it('Storage: Table service, no shared keys, TLS 1.2, no public blob access', () => {
        const { resource: storage } = single('Microsoft.Storage/storageAccounts');
        const p = prop(storage.body, 'properties');
        assert.equal(exprText(prop(p, 'allowSharedKeyAccess')), 'false');
        assert.equal(literal(prop(p, 'minimumTlsVersion')), 'TLS1_2');
        assert.equal(exprText(prop(p, 'allowBlobPublicAccess')), 'false');
        assert.equal(exprText(prop(p, 'supportsHttpsTrafficOnly')), 'true');
        const { resource: tables } = single('Microsoft.Storage/storageAccounts/tableServices');
        assert.equal(exprText(prop(tables.body, 'parent')), storage.symbol);
    });

    it('Storage network: public endpoint (Entra only) by default; with privateNetworking no public access and Deny', () => {
        assert.equal(main.params.get('privateNetworking')?.defaultText, 'false', 'the default stays simple');
        assert.equal(moduleParam('storage', 'privateNetworking'), 'privateNetworking');
        const { resource: storage } = single('Microsoft.Storage/storageAccounts');
        const p = prop(storage.body, 'properties');
        assert.equal(exprText(prop(p, 'publicNetworkAccess')), "privateNetworking ? 'Disabled' : 'Enabled'");
        assert.equal(exprText(prop(p, 'networkAcls', 'defaultAction')), "privateNetworking ? 'Deny' : 'Allow'");
        assert.equal(exprText(prop(p, 'networkAcls', 'bypass')), "privateNetworking ? 'None' : 'AzureServices'");
        const empty = (v: BicepValue | undefined) => v?.kind === 'array' && v.items.length === 0;
        assert.ok(empty(prop(p, 'networkAcls', 'ipRules')), 'no IP exceptions');
        assert.ok(empty(prop(p, 'networkAcls', 'virtualNetworkRules')), 'no service-endpoint exceptions');
    });

    it('privateNetworking: VNet integration, private endpoint for the Table service, privatelink DNS zone linked to the VNet', () => {
        const mod = main.modules.find((m) => m.symbol === 'network');
        assert.ok(mod, 'main.bicep has no network module');
        assert.equal(mod.condition, '(privateNetworking)', 'the network exists only with privateNetworking');
        const net = moduleFile('network');
        const byType = (type: string) => {
            const found = net.resources.filter((r) => r.type === type && !r.existing);
            assert.equal(found.length, 1, `network.bicep: expected one ${type}, found ${found.length}`);
            return found[0];
        };

        // The private endpoint points at this storage account's Table service, in the private-endpoint subnet.
        const pe = byType('Microsoft.Network/privateEndpoints');
        const connections = prop(pe.body, 'properties', 'privateLinkServiceConnections');
        assert.equal(connections?.kind, 'array');
        assert.equal(connections.items.length, 1);
        assert.equal(exprText(prop(connections.items[0], 'properties', 'privateLinkServiceId')), 'storageAccountId');
        const groupIds = prop(connections.items[0], 'properties', 'groupIds');
        assert.deepEqual(groupIds?.kind === 'array' ? groupIds.items.map(literal) : groupIds, ['table']);
        assert.equal(moduleParam('network', 'storageAccountId'), 'storage.outputs.id');
        assert.equal(exprText(moduleFile('storage').outputs.get('id')?.value), 'storage.id');

        // DNS: privatelink.table.core.windows.net, linked to the VNet, filled by the endpoint's zone group.
        const zone = byType('Microsoft.Network/privateDnsZones');
        assert.equal(exprText(prop(zone.body, 'name')), "'privatelink.table.${environment().suffixes.storage}'");
        const vnet = byType('Microsoft.Network/virtualNetworks');
        const link = byType('Microsoft.Network/privateDnsZones/virtualNetworkLinks');
        assert.equal(exprText(prop(link.body, 'parent')), zone.symbol);
        assert.equal(exprText(prop(link.body, 'properties', 'virtualNetwork', 'id')), `${vnet.symbol}.id`);
        assert.equal(exprText(prop(link.body, 'properties', 'registrationEnabled')), 'false');
        const group = byType('Microsoft.Network/privateEndpoints/privateDnsZoneGroups');
        assert.equal(exprText(prop(group.body, 'parent')), pe.symbol);
        assert.match(allTextOf(prop(group.body, 'properties', 'privateDnsZoneConfigs')), new RegExp(`privateDnsZoneId: ${zone.symbol}\\.id`));

        // Subnets: the app subnet is delegated to App Service; the endpoint sits in the other one.
        const subnets = prop(vnet.body, 'properties', 'subnets');
        assert.equal(subnets?.kind, 'array');
        const subnetName = (v: string | undefined) => (v === undefined ? undefined : (literal(net.vars.get(v)) ?? literal({ kind: 'expr', text: v })));
        const delegated = subnets.items.filter((sn) => /serviceName: 'Microsoft\.Web\/serverFarms'/.test(allTextOf(sn)));
        assert.equal(delegated.length, 1);
        const appSubnet = net.resources.find((r) => r.existing && r.symbol === /^(\w+)\.id$/.exec(exprText(net.outputs.get('appSubnetId')?.value) ?? '')?.[1]);
        assert.ok(appSubnet, 'output appSubnetId is not the id of an existing subnet');
        assert.equal(exprText(prop(appSubnet.body, 'parent')), vnet.symbol);
        assert.equal(subnetName(exprText(prop(appSubnet.body, 'name'))), subnetName(exprText(prop(delegated[0], 'name'))));
        const peSubnet = net.resources.find((r) => r.existing && `${r.symbol}.id` === exprText(prop(pe.body, 'properties', 'subnet', 'id')));
        assert.ok(peSubnet);
        assert.notEqual(subnetName(exprText(prop(peSubnet.body, 'name'))), subnetName(exprText(prop(appSubnet.body, 'name'))));

        // The App Service joins the app subnet and routes all outbound traffic through the VNet.
        assert.equal(moduleParam('app', 'vnetSubnetId'), "privateNetworking ? network.outputs.appSubnetId : ''");
        const { file: appFile, resource: site } = single('Microsoft.Web/sites');
        assert.equal(exprText(appFile.vars.get('privateNetworking')), '!empty(vnetSubnetId)');
        assert.equal(exprText(prop(site.body, 'properties', 'virtualNetworkSubnetId')), 'privateNetworking ? vnetSubnetId : null');
        assert.equal(exprText(prop(site.body, 'properties', 'vnetRouteAllEnabled')), 'privateNetworking');
    });

    it('gives the managed identity "Storage Table Data Contributor" on the storage account', () => {
        const storageFile = moduleFile('storage');
        const storage = storageFile.resources.find((r) => r.type === 'Microsoft.Storage/storageAccounts');
        assert.ok(storage);
        const assignments = storageFile.resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');
        assert.equal(assignments.length, 1);
        const [ra] = assignments;
        assert.equal(exprText(prop(ra.body, 'scope')), storage.symbol);
        const roleExpr = exprText(prop(ra.body, 'properties', 'roleDefinitionId')) ?? '';
        const roleVar = /subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions',\s*(\w+|'[^']+')\)/.exec(roleExpr)?.[1];
        assert.ok(roleVar, roleExpr);
        const roleId = roleVar.startsWith("'") ? roleVar.slice(1, -1) : literal(storageFile.vars.get(roleVar));
        assert.equal(roleId, STORAGE_TABLE_DATA_CONTRIBUTOR);
        assert.equal(literal(prop(ra.body, 'properties', 'principalType')), 'ServicePrincipal');

        // principalId: the module's param, fed from the identity module's output, which is the identity's principalId.
        assert.equal(exprText(prop(ra.body, 'properties', 'principalId')), 'principalId');
        assert.ok(storageFile.params.has('principalId'));
        assert.equal(moduleParam('storage', 'principalId'), 'identity.outputs.principalId');
        const identityFile = moduleFile('identity');
        const identity = identityFile.resources.find((r) => r.type === 'Microsoft.ManagedIdentity/userAssignedIdentities');
        assert.ok(identity);
        assert.equal(exprText(identityFile.outputs.get('principalId')?.value), `${identity.symbol}.properties.principalId`);
        assert.equal(exprText(identityFile.outputs.get('clientId')?.value), `${identity.symbol}.properties.clientId`);
        // The same identity runs the web app.
        assert.equal(moduleParam('app', 'identityId'), 'identity.outputs.id');
    });

    it('Application Insights is workspace-based (Log Analytics)', () => {
        const { resource: ai } = single('Microsoft.Insights/components');
        const { resource: ws } = single('Microsoft.OperationalInsights/workspaces');
        assert.equal(exprText(prop(ai.body, 'properties', 'WorkspaceResourceId')), `${ws.symbol}.id`);
    });

    it('Application Insights: local auth off, and the managed identity may publish telemetry (Monitoring Metrics Publisher)', () => {
        const monitoringFile = moduleFile('monitoring');
        const ai = monitoringFile.resources.find((r) => r.type === 'Microsoft.Insights/components' && !r.existing);
        assert.ok(ai);
        assert.equal(exprText(prop(ai.body, 'properties', 'DisableLocalAuth')), 'true');
        const assignments = monitoringFile.resources.filter((r) => r.type === 'Microsoft.Authorization/roleAssignments');
        assert.equal(assignments.length, 1);
        const [ra] = assignments;
        assert.equal(exprText(prop(ra.body, 'scope')), ai.symbol);
        const roleExpr = exprText(prop(ra.body, 'properties', 'roleDefinitionId')) ?? '';
        const roleVar = /subscriptionResourceId\('Microsoft\.Authorization\/roleDefinitions',\s*(\w+)\)/.exec(roleExpr)?.[1];
        assert.equal(roleVar && literal(monitoringFile.vars.get(roleVar)), MONITORING_METRICS_PUBLISHER);
        assert.equal(exprText(prop(ra.body, 'properties', 'principalId')), 'principalId');
        assert.equal(moduleParam('monitoring', 'principalId'), 'identity.outputs.principalId');
        // The bot authenticates with that identity (AZURE_CLIENT_ID), and App Service's own agent stays off.
        const settings = new Map(appSettingsOf(files).map((s) => [s.name, s.value]));
        assert.equal(settings.get('AZURE_CLIENT_ID'), 'identityClientId');
        assert.equal(settings.has('ApplicationInsightsAgent_EXTENSION_VERSION'), false, 'the bot instruments itself (bot/telemetry)');
        assert.equal(settings.get('OTEL_SERVICE_NAME'), "'signaalbot'");
    });

    it('Storage: a CanNotDelete lock on the account', () => {
        const storageFile = moduleFile('storage');
        const storage = storageFile.resources.find((r) => r.type === 'Microsoft.Storage/storageAccounts');
        const locks = storageFile.resources.filter((r) => r.type === 'Microsoft.Authorization/locks');
        assert.ok(storage);
        assert.equal(locks.length, 1);
        assert.equal(exprText(prop(locks[0]?.body, 'scope')), storage.symbol);
        assert.equal(literal(prop(locks[0]?.body, 'properties', 'level')), 'CanNotDelete');
    });

    it('App Service diagnostics collect the Node logs Linux has (console and HTTP), not AppServiceAppLogs', () => {
        const appFile = moduleFile('app');
        const site = appFile.resources.find((r) => r.type === 'Microsoft.Web/sites');
        const diagnostics = appFile.resources.filter((r) => r.type === 'Microsoft.Insights/diagnosticSettings');
        assert.ok(site);
        assert.equal(diagnostics.length, 1);
        assert.equal(exprText(prop(diagnostics[0]?.body, 'scope')), site.symbol);
        assert.equal(exprText(prop(diagnostics[0]?.body, 'properties', 'workspaceId')), 'workspaceId');
        const logs = prop(diagnostics[0]?.body, 'properties', 'logs');
        const categories = (logs?.kind === 'array' ? logs.items : []).filter((l) => exprText(prop(l, 'enabled')) === 'true').map((l) => literal(prop(l, 'category')));
        for (const category of ['AppServiceConsoleLogs', 'AppServiceHTTPLogs']) assert.ok(categories.includes(category), `${category} collected`);
        assert.ok(!categories.includes('AppServiceAppLogs'), 'AppServiceAppLogs collects nothing for Node on Linux');
    });

    it('alerts: HTTP 5xx, undelivered reports and outbox age (on the metric names the bot exports), /healthz availability, all to the action group', async () => {
        const alertsFile = moduleFile('alerts');
        const of = (type: string) => alertsFile.resources.filter((r) => r.type === type && !r.existing);
        const [group] = of('Microsoft.Insights/actionGroups');
        assert.ok(group);
        const actionTargets = (r: BicepResource) => allTextOf(prop(r.body, 'properties', 'actions'));

        const metricAlerts = of('Microsoft.Insights/metricAlerts');
        const http5xx = metricAlerts.find((r) => allTextOf(prop(r.body, 'properties', 'criteria')).includes("'Http5xx'"));
        assert.ok(http5xx, 'a metric alert on Http5xx');
        const site = alertsFile.resources.find((r) => r.type === 'Microsoft.Web/sites' && r.existing);
        assert.ok(site && allTextOf(prop(http5xx.body, 'properties', 'scopes')).includes(`${site.symbol}.id`), 'on the bot\'s App Service');
        assert.ok(actionTargets(http5xx).includes(`${group.symbol}.id`));

        const names = await exportedMetricNames();
        const queries = of('Microsoft.Insights/scheduledQueryRules').map((r) => ({ r, text: allTextOf(prop(r.body, 'properties', 'criteria')) }));
        for (const metric of ['signaalbot.reports.undelivered', 'signaalbot.outbox.oldest_pending_age']) {
            assert.ok(names.includes(metric), `the bot exports ${metric} (exports: ${names.join(', ')})`);
            const rule = queries.find((q) => q.text.includes(`customMetrics | where name == "${metric}"`));
            assert.ok(rule, `a log alert on ${metric}`);
            assert.ok(allTextOf(prop(rule.r.body, 'properties', 'actions')).includes(`${group.symbol}.id`), `${metric} alert goes to the action group`);
        }
        assert.equal(moduleParam('alerts', 'appInsightsName'), 'monitoring.outputs.appInsightsName');

        const [test] = of('Microsoft.Insights/webtests');
        assert.ok(test);
        assert.equal(literal(prop(test.body, 'kind')), 'standard');
        assert.equal(exprText(prop(test.body, 'properties', 'Request', 'RequestUrl')), "'https://${siteHostName}/healthz'");
        assert.equal(exprText(prop(test.body, 'properties', 'ValidationRules', 'ExpectedHttpStatusCode')), '200');
        const locations = prop(test.body, 'properties', 'Locations');
        assert.ok(locations?.kind === 'array' && locations.items.length >= 5, 'five test locations (Microsoft\'s advice)');
        assert.equal(moduleParam('alerts', 'siteHostName'), 'app.outputs.defaultHostName');
        const availability = metricAlerts.find((r) => allTextOf(prop(r.body, 'properties', 'criteria')).includes('WebtestLocationAvailabilityCriteria'));
        assert.ok(availability && allTextOf(prop(availability.body, 'properties', 'criteria')).includes(`${test.symbol}.id`), 'an alert on the availability test');
    });

    it('puts no secret or key in outputs or plain app settings', () => {
        assert.deepEqual(findSecretProblems(files), []);
        for (const file of files) {
            assert.doesNotMatch(fs.readFileSync(file.file, 'utf8'), /\blistKeys\s*\(/, `${file.file} calls listKeys`);
        }
    });

    it('the secret check catches a template that leaks (it is not vacuous)', () => {
        const bad = parseBicep(
            'bad.bicep',
            `param appPassword string = 'geheim'
resource st 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: 'x'
}
var settings = [
  {
    name: 'STORAGE_CONNECTION_STRING'
    value: 'DefaultEndpointsProtocol=https;AccountName=x;AccountKey=\${st.listKeys().keys[0].value}'
  }
  {
    name: 'MicrosoftAppPassword'
    value: appPassword
  }
]
resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: 'y'
  properties: {
    siteConfig: {
      appSettings: settings
    }
  }
}
output storageKey string = st.listKeys().keys[0].value
output conn string = 'AccountKey=\${st.listKeys().keys[0].value}'
`,
        );
        const problems = findSecretProblems([bad]).join('\n');
        assert.match(problems, /param appPassword looks like a secret/);
        assert.match(problems, /app setting STORAGE_CONNECTION_STRING must not be set/);
        assert.match(problems, /app setting MicrosoftAppPassword must be a Key Vault reference/);
        assert.match(problems, /output storageKey is named like a secret/);
        assert.match(problems, /output conn exposes a secret/);
    });

    it('the example parameters file only names parameters main.bicep declares, and holds no secret', () => {
        const example = JSON.parse(fs.readFileSync(path.join(AZURE_DIR, 'main.parameters.example.json'), 'utf8')) as {
            parameters: Record<string, { value: unknown }>;
        };
        for (const name of Object.keys(example.parameters)) assert.ok(main.params.has(name), `unknown parameter ${name}`);
        assert.equal(example.parameters.location.value, 'westeurope');
        assert.equal(example.parameters.botAppType.value, 'UserAssignedMSI');
        assert.doesNotMatch(JSON.stringify(example), /password|secret|AccountKey/i);
    });
});
