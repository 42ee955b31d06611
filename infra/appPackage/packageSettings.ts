/**
 * What the Teams app package needs to know about one installation, read from command-line options
 * or environment variables. Problems are collected and reported together, in Dutch, because the
 * person running this is a municipal IT admin, not the developer.
 */

export interface AppPackageSettings {
    /** The bot's Microsoft App ID: the client id of the managed identity or of the app registration. */
    botId: string;
    /** The Teams app's own id; stays the same across updates of the package. */
    teamsAppId: string;
    /** Host name of the App Service, e.g. signaalbot-prd-abc123.azurewebsites.net. */
    botDomain: string;
    version: string;
    developerName: string;
    websiteUrl: string;
    privacyUrl: string;
    termsUrl: string;
    /** Where the zip goes; undefined means the default build folder. */
    outFile?: string;
}

export class PackageConfigError extends Error {
    public readonly code = 'PACKAGE_CONFIG';
    constructor(public readonly problems: readonly string[]) {
        super(`De configuratie van het app-pakket is niet compleet:\n- ${problems.join('\n- ')}`);
        this.name = 'PackageConfigError';
    }
}

interface Option {
    flag: string;
    env: readonly string[];
}

/** Each setting: its command-line flag and the environment variables that may hold it, in order of preference. */
const OPTIONS = {
    botId: { flag: '--app-id', env: ['MicrosoftAppId', 'BOT_ID'] },
    teamsAppId: { flag: '--teams-app-id', env: ['TEAMS_APP_ID'] },
    botDomain: { flag: '--domain', env: ['BOT_DOMAIN'] },
    version: { flag: '--version', env: ['APP_VERSION'] },
    developerName: { flag: '--developer-name', env: ['DEVELOPER_NAME'] },
    websiteUrl: { flag: '--website-url', env: ['WEBSITE_URL'] },
    privacyUrl: { flag: '--privacy-url', env: ['PRIVACY_URL'] },
    termsUrl: { flag: '--terms-url', env: ['TERMS_URL'] },
    outFile: { flag: '--out', env: [] },
} as const satisfies Record<keyof AppPackageSettings, Option>;

/** Flags that take no value. */
export const SWITCHES = ['--help', '--write-icons'] as const;

export const DEFAULT_DEVELOPER_NAME = 'Gemeenten IJsselstreek';

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const SEMVER = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/;

type Env = Readonly<Record<string, string | undefined>>;

function parseArgs(argv: readonly string[], problems: string[]): Map<string, string> {
    const known = new Set<string>(Object.values(OPTIONS).map((o) => o.flag));
    const values = new Map<string, string>();
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if ((SWITCHES as readonly string[]).includes(arg)) continue;
        const eq = arg.indexOf('=');
        const flag = eq >= 0 ? arg.slice(0, eq) : arg;
        if (!known.has(flag)) {
            problems.push(`onbekende optie "${arg}" (zie --help)`);
            continue;
        }
        const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
        if (value === undefined || value.startsWith('--')) {
            problems.push(`${flag} heeft een waarde nodig`);
            if (value !== undefined) i--;
            continue;
        }
        values.set(flag, value.trim());
    }
    return values;
}

function pick(option: Option, args: Map<string, string>, env: Env): string | undefined {
    const fromArgs = args.get(option.flag);
    if (fromArgs !== undefined && fromArgs !== '') return fromArgs;
    for (const name of option.env) {
        const value = env[name]?.trim();
        if (value !== undefined && value !== '') return value;
    }
    return undefined;
}

function describe(option: Option): string {
    return option.env.length === 0 ? option.flag : `${option.flag} of ${option.env.join(' / ')}`;
}

/** Accepts a bare host name or an https URL and returns the lower-case host name. */
function normaliseDomain(raw: string): string | undefined {
    let host = raw.trim().toLowerCase();
    if (host.startsWith('https://')) {
        try {
            const url = new URL(host);
            if (url.port !== '' || (url.pathname !== '/' && url.pathname !== '')) return undefined;
            host = url.hostname;
        } catch {
            return undefined;
        }
    }
    host = host.replace(/\.$/, '');
    return HOST.test(host) ? host : undefined;
}

function httpsUrl(raw: string): boolean {
    try {
        return new URL(raw).protocol === 'https:';
    } catch {
        return false;
    }
}

/**
 * Reads the settings. `defaultVersion` is the version from package.json, so a new release of the code
 * gives a new package version unless the admin sets one.
 */
export function resolvePackageSettings(env: Env, argv: readonly string[], defaultVersion: string): AppPackageSettings {
    const problems: string[] = [];
    const args = parseArgs(argv, problems);
    const get = (key: keyof typeof OPTIONS): string | undefined => pick(OPTIONS[key], args, env);

    const botId = get('botId');
    if (botId === undefined) {
        problems.push(
            `de app-id van de bot ontbreekt: geef ${describe(OPTIONS.botId)} op (bij een managed identity de client-id ` +
                'van die identiteit, uitvoer "botAppId" van de Azure-deployment)',
        );
    } else if (!GUID.test(botId)) {
        problems.push(`de app-id van de bot ("${botId}") is geen geldige GUID`);
    }

    const teamsAppId = get('teamsAppId') ?? botId;
    if (teamsAppId !== undefined && teamsAppId !== botId && !GUID.test(teamsAppId)) {
        problems.push(`de Teams-app-id ("${teamsAppId}") is geen geldige GUID`);
    }

    const domainRaw = get('botDomain');
    let botDomain: string | undefined;
    if (domainRaw === undefined) {
        problems.push(
            `het domein van de bot ontbreekt: geef ${describe(OPTIONS.botDomain)} op, bijvoorbeeld ` +
                'signaalbot-prd-abc123.azurewebsites.net (uitvoer "webAppHostName" van de Azure-deployment)',
        );
    } else {
        botDomain = normaliseDomain(domainRaw);
        if (botDomain === undefined) {
            problems.push(`het domein "${domainRaw}" is geen geldige hostnaam (alleen de naam, zonder pad of poort)`);
        }
    }

    const version = get('version') ?? defaultVersion;
    if (!SEMVER.test(version)) problems.push(`de versie "${version}" moet de vorm 1.2.3 hebben`);

    const developerName = get('developerName') ?? DEFAULT_DEVELOPER_NAME;
    if (developerName.length > 32) problems.push(`de naam van de uitgever mag hoogstens 32 tekens zijn ("${developerName}")`);

    const siteDefault = botDomain === undefined ? undefined : `https://${botDomain}/`;
    const urls = {
        websiteUrl: get('websiteUrl') ?? siteDefault,
        privacyUrl: get('privacyUrl') ?? siteDefault,
        termsUrl: get('termsUrl') ?? siteDefault,
    };
    for (const key of ['websiteUrl', 'privacyUrl', 'termsUrl'] as const) {
        const value = urls[key];
        if (value !== undefined && !httpsUrl(value)) {
            problems.push(`${describe(OPTIONS[key])} moet een https-adres zijn ("${value}")`);
        }
    }

    if (problems.length > 0) throw new PackageConfigError(problems);
    // The checks above guarantee these are set; the fallbacks only satisfy the type checker.
    return {
        botId: botId ?? '',
        teamsAppId: teamsAppId ?? '',
        botDomain: botDomain ?? '',
        version,
        developerName,
        websiteUrl: urls.websiteUrl ?? '',
        privacyUrl: urls.privacyUrl ?? '',
        termsUrl: urls.termsUrl ?? '',
        outFile: get('outFile'),
    };
}

/** True when the site, privacy and terms links still point at the bot itself (the fallback). */
export function usesFallbackLinks(settings: AppPackageSettings): boolean {
    const site = `https://${settings.botDomain}/`;
    return settings.privacyUrl === site || settings.termsUrl === site;
}

export const USAGE = `Gebruik: npm run package -- --app-id <GUID> --domain <hostnaam> [opties]

Verplicht (als optie of als omgevingsvariabele):
  --app-id <GUID>           app-id van de bot (MicrosoftAppId of BOT_ID)
  --domain <hostnaam>       hostnaam van de App Service (BOT_DOMAIN)

Optioneel:
  --teams-app-id <GUID>     id van de Teams-app (TEAMS_APP_ID); standaard gelijk aan de app-id van de bot
  --version <x.y.z>         versie van het app-pakket (APP_VERSION); standaard de versie uit package.json
  --developer-name <naam>   uitgever, hoogstens 32 tekens (DEVELOPER_NAME); standaard "${DEFAULT_DEVELOPER_NAME}"
  --website-url <https-url> (WEBSITE_URL)
  --privacy-url <https-url> privacyverklaring (PRIVACY_URL)
  --terms-url <https-url>   gebruiksvoorwaarden (TERMS_URL)
  --out <pad>               waar het zip-bestand komt; standaard infra/appPackage/build/
  --write-icons             schrijf alleen color.png en outline.png opnieuw in infra/appPackage/
  --help                    deze uitleg
`;
