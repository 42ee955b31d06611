import path from 'node:path';
import { z } from 'zod';
import { repoRoot } from './paths';

/**
 * The one typed configuration. It is read and validated once, in the composition root; nothing else
 * reads process.env. Setting names follow the Bot Framework's own (MicrosoftAppId, ...) so the
 * App Service settings look the way Azure documentation describes them.
 */

/** The tenant the local Playground pretends to be (see .m365agentsplayground.yml). */
export const LOCAL_TENANT_ID = '4a8c2f1e-6b3d-4e5f-9a7b-1c2d3e4f5a6b';

export type StorageConfig =
    | { kind: 'embedded'; dataDir: string; inMemory: boolean }
    | { kind: 'connectionString'; connectionString: string }
    | { kind: 'accountUrl'; accountUrl: string; managedIdentityClientId?: string };

export type BotAuthConfig =
    | { kind: 'none' }
    | {
          kind: 'SingleTenant';
          appId: string;
          tenantId: string;
          password: string;
          /** Only for tests of the authentication itself: where the bot fetches OpenID metadata. */
          openIdMetadataUrl?: string;
          issuer?: string;
      }
    | {
          kind: 'UserAssignedMSI';
          appId: string;
          tenantId: string;
          openIdMetadataUrl?: string;
          issuer?: string;
      };

/**
 * Telemetry (bot/telemetry): Azure Monitor when a connection string is set in production, with the
 * managed identity (Entra ID) when AZURE_CLIENT_ID is set; spans and metrics on stdout with
 * TELEMETRY=console; otherwise, and by default in local mode, off.
 */
export type TelemetryConfig =
    | { kind: 'off' }
    | { kind: 'console' }
    | { kind: 'azure'; connectionString: string; managedIdentityClientId?: string };

export interface Config {
    mode: 'local' | 'production';
    host: string;
    port: number;
    auth: BotAuthConfig;
    storage: StorageConfig;
    tablePrefix: string;
    allowedTenantIds: readonly string[];
    logLevel: string;
    /** Where the knowledge content (indicators, routes, contacts) is read from. */
    knowledgeDir: string;
    /** Optional file that binds channels and coordinators to municipalities. */
    organisationFile?: string;
    /** Reports one colleague may store per hour (abuse guard); 0 switches the limit off. */
    reportRateLimitPerHour: number;
    /** Closed reports lose their personal and free-text fields this many days after closing. */
    retentionDays: number;
    /** How often the retention job runs inside the bot. */
    retentionIntervalHours: number;
    /** Conversation state (report drafts, rejected input) not written for this many days is removed. */
    conversationStateDays: number;
    /** A report with possible acute danger nobody picked up is brought up again after this many minutes. */
    reminderAcuteMinutes: number;
    telemetry: TelemetryConfig;
    /** Any other report nobody picked up, after this many working days (Monday to Friday). */
    reminderWorkingDays: number;
    /** When the casus van de week goes out (Europe/Amsterdam): weekday 1 (Monday) .. 7 (Sunday), hour, minute. */
    learningWeekly: { weekday: number; hour: number; minute: number };
    /** A colleague's learning data is removed this many days after they opted out. */
    learningRetentionDays: number;
}

export class ConfigError extends Error {
    constructor(
        public readonly setting: string,
        problem: string,
    ) {
        super(`Configuratiefout in ${setting}: ${problem}`);
        this.name = 'ConfigError';
    }
}

const guid = z.string().regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'geen geldige GUID');

type Env = Readonly<Record<string, string | undefined>>;

function read(env: Env, name: string): string | undefined {
    const value = env[name];
    if (value === undefined) return undefined;
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
}

function required(env: Env, name: string, why: string): string {
    const value = read(env, name);
    if (value === undefined) throw new ConfigError(name, `ontbreekt (${why})`);
    return value;
}

function check<T>(name: string, schema: z.ZodType<T>, value: unknown): T {
    const result = schema.safeParse(value);
    if (!result.success) {
        throw new ConfigError(name, result.error.issues.map((i) => i.message).join('; '));
    }
    return result.data;
}

function parseTenantList(env: Env, name: string): string[] {
    const raw = read(env, name);
    if (raw === undefined) return [];
    return raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
        .map((id) => check(name, guid, id).toLowerCase());
}

function parseAuth(env: Env, mode: Config['mode']): BotAuthConfig {
    const appId = read(env, 'MicrosoftAppId');
    if (mode === 'local' && appId === undefined) return { kind: 'none' };
    if (appId === undefined) {
        throw new ConfigError('MicrosoftAppId', 'ontbreekt (de botregistratie is verplicht buiten de lokale modus)');
    }
    check('MicrosoftAppId', guid, appId);
    const type = required(env, 'MicrosoftAppType', 'SingleTenant of UserAssignedMSI');
    const tenantId = check('MicrosoftAppTenantId', guid, required(env, 'MicrosoftAppTenantId', 'de Entra-tenant van de bot'));
    const openIdMetadataUrl = read(env, 'BOT_OPENID_METADATA_URL');
    const issuer = read(env, 'BOT_TOKEN_ISSUER');
    if (openIdMetadataUrl !== undefined) check('BOT_OPENID_METADATA_URL', z.url(), openIdMetadataUrl);
    if (type === 'SingleTenant') {
        const password = required(env, 'MicrosoftAppPassword', 'het clientgeheim van de botregistratie');
        return { kind: 'SingleTenant', appId, tenantId, password, openIdMetadataUrl, issuer };
    }
    if (type === 'UserAssignedMSI') {
        return { kind: 'UserAssignedMSI', appId, tenantId, openIdMetadataUrl, issuer };
    }
    throw new ConfigError('MicrosoftAppType', `"${type}" wordt niet ondersteund; kies SingleTenant of UserAssignedMSI`);
}

function parseTelemetry(env: Env, mode: Config['mode']): TelemetryConfig {
    const connectionString = read(env, 'APPLICATIONINSIGHTS_CONNECTION_STRING');
    const choice = check('TELEMETRY', z.enum(['auto', 'off', 'console', 'azure']), read(env, 'TELEMETRY') ?? 'auto');
    if (choice === 'off' || choice === 'console') return { kind: choice };
    if (connectionString === undefined) {
        if (choice === 'azure') throw new ConfigError('APPLICATIONINSIGHTS_CONNECTION_STRING', 'ontbreekt (TELEMETRY=azure)');
        return { kind: 'off' };
    }
    check('APPLICATIONINSIGHTS_CONNECTION_STRING', z.string().regex(/InstrumentationKey=[0-9a-fA-F-]{36}/, 'moet een InstrumentationKey=<GUID> bevatten'), connectionString);
    // Locally only on purpose: a developer's turns are no production telemetry.
    if (mode === 'local' && choice === 'auto') return { kind: 'off' };
    const clientId = read(env, 'AZURE_CLIENT_ID');
    return { kind: 'azure', connectionString, ...(clientId !== undefined && { managedIdentityClientId: clientId }) };
}

function parseStorage(env: Env, mode: Config['mode']): StorageConfig {
    const connectionString = read(env, 'STORAGE_CONNECTION_STRING');
    const accountUrl = read(env, 'STORAGE_ACCOUNT_URL');
    if (connectionString !== undefined && accountUrl !== undefined) {
        throw new ConfigError('STORAGE_CONNECTION_STRING', 'kies óf STORAGE_CONNECTION_STRING óf STORAGE_ACCOUNT_URL, niet beide');
    }
    if (connectionString !== undefined) return { kind: 'connectionString', connectionString };
    if (accountUrl !== undefined) {
        check('STORAGE_ACCOUNT_URL', z.url().startsWith('https://', 'moet met https:// beginnen'), accountUrl);
        return { kind: 'accountUrl', accountUrl, managedIdentityClientId: read(env, 'AZURE_CLIENT_ID') };
    }
    if (mode === 'production') {
        throw new ConfigError('STORAGE_CONNECTION_STRING', 'ontbreekt (of zet STORAGE_ACCOUNT_URL voor een managed identity)');
    }
    const dataDir = path.resolve(repoRoot, read(env, 'DATA_DIR') ?? '.data');
    return { kind: 'embedded', dataDir, inMemory: read(env, 'AZURITE_IN_MEMORY') === 'true' };
}

/**
 * Builds the configuration from the environment and command line. Local mode is chosen on purpose,
 * with `--local` or BOT_MODE=local; everything else is production and needs a bot registration.
 */
export function loadConfig(env: Env, argv: readonly string[] = []): Config {
    const modeRaw = argv.includes('--local') ? 'local' : (read(env, 'BOT_MODE') ?? 'production');
    const mode = check('BOT_MODE', z.enum(['local', 'production']), modeRaw);
    const port = check('PORT', z.coerce.number().int().min(0).max(65535), read(env, 'PORT') ?? '3978');
    const host = read(env, 'HOST') ?? (mode === 'local' ? '127.0.0.1' : '0.0.0.0');
    const auth = parseAuth(env, mode);
    const storage = parseStorage(env, mode);
    const tablePrefix = check(
        'TABLE_PREFIX',
        z.string().regex(/^[A-Za-z][A-Za-z0-9]{0,39}$/, 'alleen letters en cijfers, beginnend met een letter, hoogstens 40 tekens'),
        read(env, 'TABLE_PREFIX') ?? 'signaalbot',
    );
    let allowedTenantIds = parseTenantList(env, 'ALLOWED_TENANT_IDS');
    if (allowedTenantIds.length === 0) {
        if (mode === 'production') {
            if (auth.kind === 'none') throw new ConfigError('ALLOWED_TENANT_IDS', 'ontbreekt');
            allowedTenantIds = [auth.tenantId.toLowerCase()];
        } else {
            allowedTenantIds = [LOCAL_TENANT_ID];
        }
    }
    const logLevel = check(
        'LOG_LEVEL',
        z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
        read(env, 'LOG_LEVEL') ?? 'info',
    );
    const knowledgeDir = path.resolve(repoRoot, read(env, 'KNOWLEDGE_DIR') ?? 'bot/knowledge/content');
    const orgFileRaw = read(env, 'ORGANISATION_FILE') ?? (mode === 'local' ? 'bot/organisation/organisation.local.yml' : undefined);
    const organisationFile = orgFileRaw === undefined ? undefined : path.resolve(repoRoot, orgFileRaw);
    const reportRateLimitPerHour = check(
        'REPORT_RATE_LIMIT_PER_HOUR',
        z.coerce.number().int('een geheel getal').min(0).max(999),
        read(env, 'REPORT_RATE_LIMIT_PER_HOUR') ?? '10',
    );
    const retentionDays = check('RETENTION_DAYS', z.coerce.number().int('een heel aantal dagen').min(1).max(36500), read(env, 'RETENTION_DAYS') ?? '365');
    const retentionIntervalHours = check(
        'RETENTION_INTERVAL_HOURS',
        z.coerce.number().int('een heel aantal uren').min(1).max(24 * 7),
        read(env, 'RETENTION_INTERVAL_HOURS') ?? '24',
    );
    const conversationStateDays = check(
        'CONVERSATION_STATE_DAYS',
        z.coerce.number().int('een heel aantal dagen').min(1).max(365),
        read(env, 'CONVERSATION_STATE_DAYS') ?? '30',
    );
    const reminderAcuteMinutes = check('REMINDER_ACUTE_MINUTES', z.coerce.number().int('een heel aantal minuten').min(5).max(24 * 60), read(env, 'REMINDER_ACUTE_MINUTES') ?? '60');
    const reminderWorkingDays = check('REMINDER_WORKING_DAYS', z.coerce.number().int('een heel aantal werkdagen').min(1).max(20), read(env, 'REMINDER_WORKING_DAYS') ?? '2');
    const learningWeekday = check('LEARNING_WEEKLY_DAY', z.coerce.number().int('een dag van 1 (maandag) tot 7 (zondag)').min(1).max(7), read(env, 'LEARNING_WEEKLY_DAY') ?? '1');
    const learningTime = check(
        'LEARNING_WEEKLY_TIME',
        z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'een tijd als 10:00 (UU:MM, Europe/Amsterdam)'),
        read(env, 'LEARNING_WEEKLY_TIME') ?? '10:00',
    );
    const learningRetentionDays = check(
        'LEARNING_RETENTION_DAYS',
        z.coerce.number().int('een heel aantal dagen').min(1).max(3650),
        read(env, 'LEARNING_RETENTION_DAYS') ?? '30',
    );
    return {
        mode,
        host,
        port,
        auth,
        storage,
        tablePrefix,
        allowedTenantIds,
        logLevel,
        knowledgeDir,
        organisationFile,
        reportRateLimitPerHour,
        retentionDays,
        retentionIntervalHours,
        conversationStateDays,
        reminderAcuteMinutes,
        reminderWorkingDays,
        learningWeekly: { weekday: learningWeekday, hour: Number(learningTime.slice(0, 2)), minute: Number(learningTime.slice(3, 5)) },
        learningRetentionDays,
        telemetry: parseTelemetry(env, mode),
    };
}
