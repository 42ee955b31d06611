// First: every module after it compiles through Node's on-disk cache (bot/compileCache.ts).
import './compileCacheOn';
import { loadConfig, ConfigError, type Config, type StorageConfig } from './config';
import type { Logger } from './logger';
import { spawnAzurite, type RunningAzurite } from './storage/azuriteProcess';
import type { TableConnection } from './storage/tableClientFactory';
import { StartupPhases } from './startupPhases';

/**
 * Entry point: read the config once, start embedded Azurite when no storage is configured, build the
 * app, listen, and stop everything in order on Ctrl-C or SIGTERM (Azurite last, so it saves its data).
 * The static imports above are the light ones only: Azurite, a second process that needs ~1 s of its
 * own module loading before it listens, is spawned before this process loads the Bot Framework SDK.
 */
async function main(): Promise<void> {
    const phases = new StartupPhases();
    phases.mark('entryLoaded');
    let config: Config;
    try {
        config = loadConfig(process.env, process.argv.slice(2));
    } catch (err) {
        if (err instanceof ConfigError) {
            process.stderr.write(`\n${err.message}\nZie README.md, "Configuratie". De bot is niet gestart.\n\n`);
            process.exit(2);
        }
        throw err;
    }
    const started = Date.now();
    // Azurite starts in its own process while this one loads the Bot Framework SDK and builds the app
    // (its address is known at once); it must listen before the server does, below.
    const azurite = config.storage.kind === 'embedded' ? await spawnAzurite(config.storage) : undefined;
    if (azurite) phases.time('azuriteListening', azurite.listening).catch(() => undefined);
    const { createLogger } = await import('./logger');
    const logger: Logger = createLogger(config.logLevel);

    // Before the bot's modules load, so HTTP and the Azure SDK are instrumented from the first request.
    // Off (the default locally) loads no OpenTelemetry at all.
    const telemetry = config.telemetry.kind === 'off' ? undefined : (await import('./telemetry/startTelemetry')).startTelemetry(config.telemetry);
    if (telemetry) logger.info({ telemetry: telemetry.kind }, 'telemetry started');
    const [{ buildApp }, { createTableClientFactory }, { OrganisationFileError }, { KnowledgeContentError }] = await phases.time('modulesLoaded', Promise.all([
        import('./app'),
        import('./storage/tableClientFactory'),
        import('./organisation/organisationDirectory'),
        import('./knowledge/knowledgeContentError'),
    ]));
    const connection = storageConnection(config.storage, azurite);

    let app;
    try {
        app = buildApp(config, createTableClientFactory(connection, config.tablePrefix), logger, { ...(telemetry && { telemetry }), phases });
        phases.mark('appBuilt');
    } catch (err) {
        await azurite?.stop();
        // Content an admin edits: say exactly what is wrong, without a stack trace.
        if (err instanceof OrganisationFileError || err instanceof KnowledgeContentError) {
            process.stderr.write(`\n${err.message}\nDe bot is niet gestart.\n\n`);
            process.exit(2);
        }
        throw err;
    }
    if (azurite) {
        // A failed start has killed Azurite and says why; main's catch reports it.
        await azurite.listening;
        logger.info({ port: azurite.port }, 'embedded Azurite started');
    }
    const url = await phases.time('listening', app.listen());
    logger.info({ url, mode: config.mode, node: process.version, readyMs: Date.now() - started, phases: phases.toJSON() }, 'bot ready');
    if (config.mode === 'local') printLocalBanner(url, config);

    let stopping = false;
    const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping');
        const force = setTimeout(() => process.exit(1), 15000);
        force.unref();
        await app.close().catch((err: unknown) => logger.error({ err: { type: (err as Error).name } }, 'close failed'));
        await azurite?.stop();
        await telemetry?.shutdown().catch(() => undefined);
        logger.info({ signal }, 'stopped');
        process.exit(0);
    };
    process.on('SIGINT', () => void stop('SIGINT'));
    process.on('SIGTERM', () => void stop('SIGTERM'));
}

function storageConnection(storage: StorageConfig, azurite: RunningAzurite | undefined): TableConnection {
    switch (storage.kind) {
        case 'embedded':
            if (!azurite) throw new Error('embedded storage needs the Azurite that main() started');
            return { kind: 'connectionString', connectionString: azurite.connectionString };
        case 'connectionString':
        case 'accountUrl':
            return storage;
    }
}

function printLocalBanner(url: string, config: Config): void {
    const line = '='.repeat(78);
    process.stdout.write(
        [
            '',
            line,
            '  LOKALE MODUS: de bot controleert GEEN tokens van Microsoft.',
            '  Alleen voor ontwikkelen op deze computer; nooit zo in productie zetten.',
            line,
            `  De bot luistert op ${url}/api/messages (Node ${process.version})`,
            config.storage.kind === 'embedded'
                ? `  Opslag: ingebouwde Azurite, gegevens in ${config.storage.dataDir}`
                : '  Opslag: geconfigureerde Azure Table storage',
            '',
            '  Chatten met de bot? Open een tweede terminal en typ:',
            '      npm run playground',
            '  en open dan http://localhost:56150 in je browser.',
            '  Stoppen: Ctrl-C (de gegevens worden bewaard).',
            line,
            '',
        ].join('\n'),
    );
}

main().catch((err: unknown) => {
    process.stderr.write(`De bot kon niet starten: ${(err as Error).message}\n`);
    process.exit(1);
});
