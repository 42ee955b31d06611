/**
 * `npm run retention` (add `-- --local` for the local data folder): runs the retention purge once, by
 * hand, with the same configuration as the bot. Prints counts only. The channel cards of reports purged
 * here are replaced with their purged form by the bot's own job (see README); this run touches storage only.
 */
import { loadConfig, ConfigError } from '../config';
import { createLogger } from '../logger';
import { TableReportStore } from '../storage/tables/tableReportStore';
import { startAzurite, type RunningAzurite } from '../storage/azuriteProcess';
import { createTableClientFactory, type TableConnection } from '../storage/tableClientFactory';
import { TableAuditLog } from '../storage/tables/tableAuditLog';
import { TableCaseHistory } from '../storage/tables/tableCaseHistory';
import { RetentionPurger } from '../cases/retention';

async function main(): Promise<number> {
    let config;
    try {
        config = loadConfig(process.env, process.argv.slice(2));
    } catch (err) {
        if (err instanceof ConfigError) {
            process.stderr.write(`${err.message}\nZie README.md, "Configuratie".\n`);
            return 2;
        }
        throw err;
    }
    const logger = createLogger(config.logLevel === 'silent' ? 'silent' : 'warn');
    let azurite: RunningAzurite | undefined;
    let connection: TableConnection;
    if (config.storage.kind === 'embedded') {
        azurite = await startAzurite(config.storage);
        connection = { kind: 'connectionString', connectionString: azurite.connectionString };
    } else {
        connection = config.storage;
    }
    try {
        const tables = createTableClientFactory(connection, config.tablePrefix);
        const reports = new TableReportStore(tables, logger);
        const purger = new RetentionPurger({
            reports,
            cases: new TableCaseHistory(reports, tables),
            audit: new TableAuditLog(tables),
            retentionDays: config.retentionDays,
            logger,
        });
        const result = await purger.run();
        process.stdout.write(
            `Bewaartermijn ${config.retentionDays} dagen: ${result.purged.length} melding(en) opgeschoond, ${result.kept} afgesloten melding(en) nog binnen de termijn, ${result.skipped} overgeslagen (tegelijk gewijzigd; de volgende ronde probeert opnieuw).\n`,
        );
        return 0;
    } finally {
        await azurite?.stop();
    }
}

main().then(
    (code) => process.exit(code),
    (err: unknown) => {
        process.stderr.write(`Opschonen mislukt: ${(err as { code?: string }).code ?? (err as Error).name}\n`);
        process.exit(1);
    },
);
