import { CHANNELS_TABLE } from './channels/channelRegistry';
import { DEDUPE_TABLE } from './storage/activityDedupe';
import { BOT_STATE_TABLE } from './storage/tableBotStorage';
import { AUDIT_TABLE } from './storage/tables/tableAuditLog';
import { LEARNING_TABLE } from './storage/tables/tableLearningStore';
import { QUESTIONS_TABLE } from './storage/tables/tableQuestionStore';
import { REFERENCE_TABLE } from './storage/tables/tableReferenceCounter';
import { INDEX_TABLES } from './storage/tables/tableReportIndexes';
import { OUTBOX_HINTS_TABLE, REPORTS_TABLE } from './storage/tables/tableReportStore';
import { SCHEDULE_TABLE } from './storage/tables/tableScheduledRuns';
import { REPORT_RATE_TABLE } from './storage/tables/tableSubmissionLimiter';

/**
 * Every table the bot uses, opened together before the server listens (TableClientFactory.prepare):
 * one listing and the missing ones created side by side, instead of a create request per table inside
 * the first turns. A table missing here still works (created on first use, as before); an integration
 * test (test/integration/bot/startupTables.test.ts) checks that a first turn creates none.
 */
export const BOT_TABLES: readonly string[] = [
    DEDUPE_TABLE,
    BOT_STATE_TABLE,
    CHANNELS_TABLE,
    REPORTS_TABLE,
    OUTBOX_HINTS_TABLE,
    ...INDEX_TABLES,
    REFERENCE_TABLE,
    REPORT_RATE_TABLE,
    AUDIT_TABLE,
    SCHEDULE_TABLE,
    QUESTIONS_TABLE,
    LEARNING_TABLE,
];
