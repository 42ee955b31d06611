import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { repoRoot } from '../../../bot/paths';
import { findFreePort } from '../../../bot/storage/azuriteProcess';
import { ensureChromium } from '../../../infra/local/ensureChromium';
import { startProcess, type ManagedProcess } from './processes';

/**
 * The whole local stack as a colleague would use it: the bot from its real entry point (bot/main.ts in
 * local mode, embedded in-memory Azurite), the Microsoft 365 Agents Playground as the Teams client and
 * Bot Connector, and headless Debian Chromium showing the Playground. Everything on free ports, every
 * log under test-artifacts/e2e/.
 */
export const ARTIFACTS_DIR = path.join(repoRoot, 'test-artifacts', 'e2e');

/** Flags from the platform notes: headless Debian chromium on a 2-core CI box without internet. */
const CHROMIUM_FLAGS = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
];

/** Settings that would switch the bot out of a throwaway local run if the caller's shell happened to have them. */
const BOT_ENV_TO_DROP = [
    'MicrosoftAppId',
    'MicrosoftAppType',
    'MicrosoftAppTenantId',
    'MicrosoftAppPassword',
    'BOT_MODE',
    'STORAGE_CONNECTION_STRING',
    'STORAGE_ACCOUNT_URL',
    'TABLE_PREFIX',
    'ALLOWED_TENANT_IDS',
    'ORGANISATION_FILE',
    'KNOWLEDGE_DIR',
    'HOST',
];

export interface Stack {
    bot: ManagedProcess;
    botUrl: string;
    playground: ManagedProcess;
    playgroundUrl: string;
    context: BrowserContext;
    page: Page;
    timings: Record<string, number>;
    /** Stops browser, Playground and bot (with its Azurite), in that order. Safe to call twice. */
    stop(): Promise<void>;
    /** Processes of this stack still alive (process groups of bot and Playground, Chromium by its profile). */
    leftovers(): string[];
}

function groupAlive(pid: number): boolean {
    try {
        process.kill(-pid, 0);
        return true;
    } catch {
        return false;
    }
}

/** Live processes whose command line mentions `needle` (Linux /proc; zombies have no command line). */
function processesMentioning(needle: string): string[] {
    if (!fs.existsSync('/proc')) return [];
    const found: string[] = [];
    for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
        try {
            const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
            if (cmdline.includes(needle)) found.push(`${entry} ${cmdline.slice(0, 100)}`);
        } catch {
            /* it ended while we looked */
        }
    }
    return found;
}

export function prepareArtifacts(): void {
    fs.rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
    fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
}

export async function startStack(): Promise<Stack> {
    const t0 = Date.now();
    const timings: Record<string, number> = {};
    const executablePath = ensureChromium();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-e2e-data-'));
    const profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-e2e-chromium-'));
    const stopped: (() => Promise<void>)[] = [];
    const groups: { name: string; pid: number }[] = [];
    const leftovers = () => [
        ...groups.filter((g) => groupAlive(g.pid)).map((g) => `${g.name} (process group ${g.pid})`),
        ...processesMentioning(profileDir).map((p) => `chromium ${p}`),
    ];
    const stopAll = async () => {
        for (const stop of stopped.reverse()) await stop().catch(() => undefined);
        stopped.length = 0;
        fs.rmSync(profileDir, { recursive: true, force: true });
        fs.rmSync(dataDir, { recursive: true, force: true });
    };

    try {
        const botEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '0', AZURITE_IN_MEMORY: 'true', DATA_DIR: dataDir, LOG_LEVEL: 'info' };
        for (const name of BOT_ENV_TO_DROP) delete botEnv[name];
        // The real entry point (bot/main.ts, the code `npm start` bundles and runs), through tsx so a test run
        // needs no bundle; minus the npm wrapper process.
        const bot = startProcess({
            name: 'bot',
            command: process.execPath,
            args: ['--import', 'tsx', path.join('bot', 'main.ts'), '--local'],
            cwd: repoRoot,
            env: botEnv,
            logFile: path.join(ARTIFACTS_DIR, 'bot.log'),
        });
        stopped.push(() => bot.stop('SIGINT', 15000));
        groups.push({ name: 'bot', pid: bot.pid });
        const ready = await bot.waitForOutput(/"url":"(http:\/\/127\.0\.0\.1:\d+)".*"msg":"bot ready"/, 60000);
        const botUrl = ready[1];
        timings.botReadyMs = Date.now() - t0;

        const uiPort = await findFreePort();
        const playground = startProcess({
            name: 'playground',
            command: process.execPath,
            args: [
                path.join(repoRoot, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js'),
                '-e',
                `${botUrl}/api/messages`,
                '-c',
                'msteams',
                '-p',
                String(uiPort),
                '--disable-telemetry',
            ],
            // It reads .m365agentsplayground.yml (our mock tenant, users and channel) from its working folder.
            cwd: repoRoot,
            env: {
                ...process.env,
                TEAMSAPPTESTER_BROWSER: 'none',
                M365_AGENTS_PLAYGROUND_LOGFILE: path.join(ARTIFACTS_DIR, 'playground-internal.log'),
            },
            logFile: path.join(ARTIFACTS_DIR, 'playground.log'),
        });
        stopped.push(() => playground.stop('SIGTERM', 5000));
        groups.push({ name: 'playground', pid: playground.pid });
        await playground.waitForOutput(new RegExp(`Listening on ${uiPort}`), 60000);
        const playgroundUrl = `http://127.0.0.1:${uiPort}`;
        timings.playgroundReadyMs = Date.now() - t0;

        const context = await chromium.launchPersistentContext(profileDir, {
            executablePath,
            headless: true,
            args: CHROMIUM_FLAGS,
            viewport: { width: 1400, height: 1000 },
            locale: 'nl-NL',
            timezoneId: 'Europe/Amsterdam',
        });
        stopped.push(() => context.close());
        // Nothing outside this machine: the Playground's CDN fonts and animations would only time out.
        await context.route(
            (url) => !/^(127\.0\.0\.1|localhost)$/.test(url.hostname) && url.protocol !== 'data:',
            (route) => route.abort('blockedbyclient'),
        );
        const page = context.pages()[0] ?? (await context.newPage());
        timings.browserReadyMs = Date.now() - t0;
        return {
            bot,
            botUrl,
            playground,
            playgroundUrl,
            context,
            page,
            timings,
            stop: stopAll,
            leftovers,
        };
    } catch (err) {
        await stopAll();
        throw err;
    }
}
