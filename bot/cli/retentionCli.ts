/**
 * `npm run retention` (add `-- --local` for the local data folder): runs the retention purge and the
 * conversation-state expiry once, by hand, with the same configuration as the bot. Prints counts only.
 * The purge queues the purged channel card in the outbox, in its own transaction: the running bot sends
 * it at its next scan (within seconds), or the bot does when it starts.
 */
import { loadConfig, ConfigError } from '../config';
import { createLogger } from '../logger';
import { TableReportStore } from '../storage/tables/tableReportStore';
import { startAzurite, type RunningAzurite } from '../storage/azuriteProcess';
import { createTableClientFactory, type TableConnection } from '../storage/tableClientFactory';
import { TableAuditLog } from '../storage/tables/tableAuditLog';
import { TableCaseHistory } from '../storage/tables/tableCaseHistory';
import { RetentionPurger } from '../cases/retention';
import { TableBotStorage } from '../storage/tableBotStorage';
import { TableSubmissionLimiter } from '../storage/tables/tableSubmissionLimiter';
import { QuestionRetention } from '../questions/questionService';
import { LearningRetention } from '../learning/learningRetention';
import { TableLearningStore } from '../storage/tables/tableLearningStore';
import { TableQuestionStore } from '../storage/tables/tableQuestionStore';

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
        // Questions to the aandachtfunctionaris: the same term; their purged cards wait in their own outbox.
        const questions = await new QuestionRetention({ store: new TableQuestionStore(tables, logger), retentionDays: config.retentionDays, clock: () => new Date(), logger }).run();
        // Learning data of colleagues who opted out longer ago than LEARNING_RETENTION_DAYS; the counts stay.
        const learning = await new LearningRetention({ store: new TableLearningStore(tables), retentionDays: config.learningRetentionDays, logger }).run();
        const expired = await new TableBotStorage(tables, { maxAgeMs: config.conversationStateDays * 24 * 3600 * 1000 }).purgeExpired();
        if (config.reportRateLimitPerHour > 0) await new TableSubmissionLimiter(tables, { maxPerWindow: config.reportRateLimitPerHour, windowMs: 3600 * 1000 }).purgeExpired();
        process.stdout.write(
            `Bewaartermijn ${config.retentionDays} dagen: ${result.purged.length} melding(en) opgeschoond, ${result.skipped} overgeslagen (tegelijk gewijzigd; de volgende ronde probeert opnieuw).\n` +
                `Vragen aan de aandachtfunctionaris: ${questions.purged.length} opgeschoond, ${questions.kept} nog binnen de termijn, ${questions.skipped} overgeslagen.\n` +
                `Leren: van ${learning.purged} collega('s) die langer dan ${config.learningRetentionDays} dagen geleden stopten de gegevens verwijderd, ${learning.quizzes} onafgemaakte quiz(zen).\n` +
                `Gespreksgegevens ouder dan ${config.conversationStateDays} dagen (concepten, onafgemaakte invoer): ${expired} verwijderd.\n`,
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
