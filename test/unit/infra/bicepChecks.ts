import { allText, type BicepFile, type BicepValue, exprText, prop, splitArgs } from './bicepText';

/**
 * The secret rules for the Bicep, as functions over parsed files, so the test can also show that
 * they catch a bad template (and are not vacuous).
 */

/** Functions and properties that hand out keys or secrets in ARM/Bicep. */
const SECRET_SOURCES = /\b(list[A-Za-z]*Keys?|listSecrets|listAccountSas|listServiceSas|listConnectionStrings|listCredentials?)\s*\(|\.(primaryKey|secondaryKey|primaryConnectionString|secondaryConnectionString|keys)\b|AccountKey=|SharedAccessSignature|SharedAccessKey/i;

const SECRET_OUTPUT_NAME = /(key|secret|password|connectionstring|token|sas)$/i;

/** App settings that may only ever hold a Key Vault reference. */
const SECRET_SETTINGS = new Set(['MicrosoftAppPassword']);

/** Settings that must never be set in Azure: the bot uses the managed identity for storage. */
const FORBIDDEN_SETTINGS = new Set(['STORAGE_CONNECTION_STRING', 'AzureWebJobsStorage']);

/**
 * Microsoft documents the Application Insights connection string (and its instrumentation key) as
 * an identifier, not a secret; it is the documented way to switch on App Service monitoring.
 */
const ALLOWED_CONNECTION_STRING_SETTINGS = new Set(['APPLICATIONINSIGHTS_CONNECTION_STRING']);

export interface AppSetting {
    name: string;
    value: string;
}

/** Resolves an appSettings value (an array literal, a var, a ternary of vars, or concat of those). */
export function resolveSettingList(value: BicepValue | undefined, file: BicepFile, seen = new Set<string>()): AppSetting[] {
    if (value === undefined) return [];
    if (value.kind === 'array') {
        return value.items.map((item) => ({
            name: (exprText(prop(item, 'name')) ?? '').replace(/^'|'$/g, ''),
            value: exprText(prop(item, 'value')) ?? allText(prop(item, 'value')),
        }));
    }
    if (value.kind === 'object') throw new Error('appSettings must be a list, not an object');
    const text = value.text.trim();
    const concat = /^concat\(([\s\S]*)\)$/.exec(text);
    if (concat) return splitArgs(concat[1]).flatMap((arg) => resolveSettingList({ kind: 'expr', text: arg }, file, seen));
    const ternary = /^[\s\S]+?\?\s*([\s\S]+?)\s*:\s*([\s\S]+)$/.exec(text);
    if (ternary) {
        return [...resolveSettingList({ kind: 'expr', text: ternary[1] }, file, seen), ...resolveSettingList({ kind: 'expr', text: ternary[2] }, file, seen)];
    }
    if (text === '[]') return [];
    if (/^\w+$/.test(text)) {
        if (seen.has(text)) throw new Error(`circular var ${text}`);
        const v = file.vars.get(text);
        if (v === undefined) throw new Error(`appSettings uses ${text}, which is not a var in ${file.file}`);
        return resolveSettingList(v, file, new Set([...seen, text]));
    }
    throw new Error(`cannot read appSettings expression: ${text}`);
}

export function appSettingsOf(files: Iterable<BicepFile>): AppSetting[] {
    const settings: AppSetting[] = [];
    for (const file of files) {
        for (const r of file.resources) {
            if (r.type !== 'Microsoft.Web/sites' || r.existing) continue;
            settings.push(...resolveSettingList(prop(r.body, 'properties', 'siteConfig', 'appSettings'), file));
        }
        for (const r of file.resources) {
            // App settings can also be written as a separate config resource.
            if (r.type === 'Microsoft.Web/sites/config' && /'appsettings'/.test(exprText(prop(r.body, 'name')) ?? '')) {
                const props = prop(r.body, 'properties');
                if (props?.kind === 'object') for (const [name, v] of props.props) settings.push({ name, value: allText(v) });
            }
        }
    }
    return settings;
}

/** Every rule about secrets: returns the problems found, empty when clean. */
export function findSecretProblems(files: Iterable<BicepFile>): string[] {
    const list = [...files];
    const problems: string[] = [];
    for (const file of list) {
        const secureParams = [...file.params.values()].filter((p) => p.decorators.some((d) => d.startsWith('@secure')));
        for (const p of file.params.values()) {
            if (/(password|secret)$/i.test(p.name) && !secureParams.includes(p)) {
                problems.push(`${file.file}: param ${p.name} looks like a secret but is not @secure()`);
            }
            if (secureParams.includes(p) && p.defaultText !== undefined && p.defaultText !== "''") {
                problems.push(`${file.file}: @secure() param ${p.name} has a default value`);
            }
        }
        for (const [name, output] of file.outputs) {
            const text = allText(output.value);
            if (SECRET_OUTPUT_NAME.test(name)) problems.push(`${file.file}: output ${name} is named like a secret`);
            if (SECRET_SOURCES.test(text) || /connectionstring|instrumentationkey|password|secret/i.test(text)) {
                problems.push(`${file.file}: output ${name} exposes a secret: ${text}`);
            }
            for (const p of secureParams) {
                if (new RegExp(`\\b${p.name}\\b`).test(text)) problems.push(`${file.file}: output ${name} exposes @secure() param ${p.name}`);
            }
        }
    }
    for (const s of appSettingsOf(list)) {
        if (FORBIDDEN_SETTINGS.has(s.name)) problems.push(`app setting ${s.name} must not be set in Azure`);
        if (SECRET_SOURCES.test(s.value)) problems.push(`app setting ${s.name} takes its value from a key or secret: ${s.value}`);
        if (SECRET_SETTINGS.has(s.name) && !/^'@Microsoft\.KeyVault\(/.test(s.value)) {
            problems.push(`app setting ${s.name} must be a Key Vault reference, is: ${s.value}`);
        }
        if (/connection_?string/i.test(s.name) && !ALLOWED_CONNECTION_STRING_SETTINGS.has(s.name)) {
            problems.push(`app setting ${s.name} holds a connection string`);
        }
        if (/AccountKey|SharedAccessSignature|sig=/i.test(s.value)) problems.push(`app setting ${s.name} holds a key: ${s.value}`);
    }
    return problems;
}

/** Bot channels other than Teams (Direct Line and Web Chat carry secrets): returns the problems, empty when clean. */
export function channelProblems(files: Iterable<BicepFile>): string[] {
    const problems: string[] = [];
    for (const file of files) {
        for (const r of file.resources) {
            if (r.type !== 'Microsoft.BotService/botServices/channels' || r.existing) continue;
            const name = exprText(prop(r.body, 'name')) ?? '';
            const channelName = exprText(prop(r.body, 'properties', 'channelName')) ?? '';
            if (name !== "'MsTeamsChannel'" || channelName !== "'MsTeamsChannel'") {
                problems.push(`${file.file}: channel ${r.symbol} (${name || '?'}, ${channelName || '?'}) is not the Teams channel`);
            }
        }
    }
    return problems;
}

/**
 * The items of a list expression: an array literal, a var, `concat(...)` of those, or a ternary (the
 * branch `pick` chooses: 'then' or 'else'). A for-expression (`[for ... ]`) comes back as one expr item.
 */
export function resolveList(value: BicepValue | undefined, file: BicepFile, pick: 'then' | 'else' = 'then', seen = new Set<string>()): BicepValue[] {
    if (value === undefined) return [];
    if (value.kind === 'array') return value.items;
    if (value.kind === 'object') throw new Error('expected a list, got an object');
    const text = value.text.trim();
    if (text === '[]') return [];
    if (/^\[\s*for\b/.test(text)) return [value];
    const concat = /^concat\(([\s\S]*)\)$/.exec(text);
    if (concat) return splitArgs(concat[1]).flatMap((arg) => resolveList({ kind: 'expr', text: arg }, file, pick, seen));
    const ternary = /^[^?]+\?\s*([\s\S]+?)\s*:\s*([\s\S]+)$/.exec(text);
    if (ternary) return resolveList({ kind: 'expr', text: pick === 'then' ? ternary[1] : ternary[2] }, file, pick, seen);
    if (/^\w+$/.test(text)) {
        if (seen.has(text)) throw new Error(`circular var ${text}`);
        const v = file.vars.get(text);
        if (v === undefined) throw new Error(`list uses ${text}, which is not a var in ${file.file}`);
        return resolveList(v, file, pick, new Set([...seen, text]));
    }
    throw new Error(`cannot read list expression: ${text}`);
}

/** The content of a string literal, or undefined. */
const lit = (v: BicepValue | undefined): string | undefined => {
    const t = exprText(v);
    return t !== undefined && /^'[^']*'$/.test(t) ? t.slice(1, -1) : undefined;
};

/**
 * Inbound rules of a Microsoft.Web/sites resource: when its switch is on, everything is denied except
 * the Bot Service and the availability tests (service tags), with the Teams ranges as a for-expression;
 * the deployment site keeps its own rules. Returns the problems, empty when clean.
 */
export function inboundProblems(file: BicepFile, site: { body: BicepValue }): string[] {
    const problems: string[] = [];
    const config = prop(site.body, 'properties', 'siteConfig');
    const defaultAction = exprText(prop(config, 'ipSecurityRestrictionsDefaultAction')) ?? '';
    const onOff = /^(\w+)\s*\?\s*'Deny'\s*:\s*'Allow'$/.exec(defaultAction);
    if (defaultAction !== "'Deny'" && !onOff) problems.push(`default action is not Deny when restricted: ${defaultAction || 'missing'}`);
    let rules: BicepValue[] = [];
    try {
        rules = resolveList(prop(config, 'ipSecurityRestrictions'), file, 'then');
    } catch (err) {
        problems.push(`cannot read ipSecurityRestrictions: ${(err as Error).message}`);
    }
    const objects = rules.filter((r) => r.kind === 'object');
    const tagRule = (tag: string) =>
        objects.find((r) => lit(prop(r, 'tag')) === 'ServiceTag' && lit(prop(r, 'ipAddress')) === tag && lit(prop(r, 'action')) === 'Allow');
    if (!tagRule('AzureBotService')) problems.push('no Allow rule for service tag AzureBotService (/api/messages)');
    if (!tagRule('ApplicationInsightsAvailability')) problems.push('no Allow rule for service tag ApplicationInsightsAvailability (/healthz)');
    for (const r of objects) {
        if (lit(prop(r, 'action')) !== 'Allow') problems.push(`rule ${lit(prop(r, 'name')) ?? '?'} is not an Allow rule`);
        if (['Any', '0.0.0.0/0', '*'].includes(lit(prop(r, 'ipAddress')) ?? '')) problems.push(`rule ${lit(prop(r, 'name')) ?? '?'} allows everyone`);
    }
    const priorities = objects.map((r) => exprText(prop(r, 'priority')));
    if (new Set(priorities).size !== priorities.length) problems.push(`rule priorities repeat: ${priorities.join(', ')}`);
    if (exprText(prop(config, 'scmIpSecurityRestrictionsUseMain')) !== 'false') problems.push('scmIpSecurityRestrictionsUseMain must be set to false explicitly (the pipeline deploys from GitHub runners)');
    return problems;
}
