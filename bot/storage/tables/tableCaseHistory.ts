/**
 * Case changes and history in the reports table. History rows live in the report's own partition
 * (`rpt_<id>`, row `hist_<version>`), so a change of the report row and its history row go in one
 * transaction guarded by the report's eTag: two coordinators at once cannot both win, and a change
 * never exists without its history line.
 */
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import { REPORT_STATUSES, type Report } from '../../reports/reportModel';
import type { CaseHistory } from '../../cases/ports';
import { isSentRecord, redactRowChanges, type QueuedFollowUps, type StoredReport } from '../../reports/ports';
import { damaged } from './reportRows';
import { REPORTS_TABLE, followUpActions, reportPartitionKey, type TableReportStore } from './tableReportStore';
import { statusOf } from '../storageErrors';
import type { TableClientFactory } from '../tableClientFactory';
import { CaseError, isCasePartner, isCloseReason, type HistoryAction, type HistoryEntry } from '../../cases/caseModel';

const HISTORY_PREFIX = 'hist_';
const COMMAND_KINDS = ['oppakken', 'toewijzen', 'doorzetten', 'afsluiten', 'notitie', 'heropenen', 'aanvulling', 'vraagMelder', 'antwoordMelder'] as const satisfies readonly HistoryAction[];

export const historyRowKey = (version: number) => `${HISTORY_PREFIX}${String(version).padStart(7, '0')}`;

type Row = Record<string, unknown>;

function historyEntity(reportId: string, entry: HistoryEntry): Row & { partitionKey: string; rowKey: string } {
    const entity: Row & { partitionKey: string; rowKey: string } = {
        partitionKey: reportPartitionKey(reportId),
        rowKey: historyRowKey(entry.version),
        kind: 'history',
        reportId,
        ...entry,
    };
    for (const key of Object.keys(entity)) if (entity[key] === undefined) delete entity[key];
    return entity;
}

const historyRow = z.object({
    version: z.number().int().nonnegative(),
    at: z.string().min(1),
    action: z.enum(COMMAND_KINDS),
    actorAadObjectId: z.string(),
    actorName: z.string(),
    fromStatus: z.enum(REPORT_STATUSES),
    toStatus: z.enum(REPORT_STATUSES),
    assigneeName: z.string().optional(),
    partner: z.string().refine(isCasePartner).optional(),
    closeReason: z.string().refine(isCloseReason).optional(),
    note: z.string().optional(),
});

/** A damaged history row raises DAMAGED_DATA (never shown as something it was not). */
function historyFromEntity(row: Row): HistoryEntry {
    const parsed = historyRow.safeParse(row);
    if (!parsed.success) throw damaged('history', row, parsed.error.issues);
    const { assigneeName, partner, closeReason, note, ...entry } = parsed.data;
    const out: HistoryEntry = { ...entry };
    if (assigneeName) out.assigneeName = assigneeName;
    if (partner !== undefined && isCasePartner(partner)) out.partner = partner;
    if (closeReason !== undefined && isCloseReason(closeReason)) out.closeReason = closeReason;
    if (note) out.note = note;
    return out;
}

export class TableCaseHistory implements CaseHistory {
    constructor(
        private readonly reports: TableReportStore,
        private readonly tables: TableClientFactory,
    ) {}

    private async table(): Promise<TableClient> {
        return this.tables.table(REPORTS_TABLE);
    }

    get(reportId: string): Promise<StoredReport | undefined> {
        return this.reports.get(reportId);
    }

    /** Writes the changed report and its history row if the report is still at `etag`; undefined if not. */
    async commit(next: Report, etag: string, entry: HistoryEntry, followUps: QueuedFollowUps): Promise<StoredReport | undefined> {
        return this.reports.replaceIfUnchanged(next, etag, [['create', historyEntity(next.reportId, entry)], ...followUpActions(next, followUps)]);
    }

    /** The report's history, oldest first. */
    async history(reportId: string): Promise<HistoryEntry[]> {
        const table = await this.table();
        const rows: Row[] = [];
        try {
            const iterator = table.listEntities<Row>({
                queryOptions: { filter: odata`PartitionKey eq ${reportPartitionKey(reportId)} and RowKey ge ${HISTORY_PREFIX} and RowKey lt ${'hist`'}` },
            });
            for await (const row of iterator) rows.push(row);
        } catch (err) {
            throw new CaseError('NOT_FOUND', `history unavailable (${statusOf(err) ?? 'network'})`);
        }
        return rows.map(historyFromEntity).sort((a, b) => a.version - b.version);
    }

    /**
     * Retention: replaces the report with its purged form, blanks the notes (free text) in its history
     * rows, removes its waiting follow-ups (a 1:1 row names its recipient, the reporter) and queues the
     * purged card, in one transaction (history is chunked when longer than a batch allows). Who did what
     * stays: that is staff accountability, not data about the people in the report.
     */
    async purge(purged: Report, etag: string, followUps: QueuedFollowUps): Promise<StoredReport | undefined> {
        const table = await this.table();
        const partition = reportPartitionKey(purged.reportId);
        const inRange = (from: string, to: string) => odata`PartitionKey eq ${partition} and RowKey ge ${from} and RowKey lt ${to}`;
        const rowsIn = async (filter: string, select: string[]) => {
            const out: (Row & { rowKey: string })[] = [];
            for await (const row of table.listEntities<Row>({ queryOptions: { filter, select } })) out.push({ ...row, rowKey: row.rowKey ?? '' });
            return out;
        };
        // One range over both kinds of rows ('fu_' sorts before 'hist_'; nothing else lives between them):
        // a query is the costly part of a purge (Azurite reads the whole table for each one).
        const rows = await rowsIn(inRange('fu_', 'hist`'), ['RowKey', 'state', 'keepUntilPurge', 'sentConversationId', 'sentActivityId']);
        const history = rows.filter((r) => r.rowKey.startsWith(HISTORY_PREFIX)).map((r) => r.rowKey);
        const followUpRows = rows.filter((r) => r.rowKey.startsWith('fu_'));
        const queued = followUpActions(purged, followUps);
        const requeuedKeys = new Set(queued.map((action) => (action[1] as { rowKey?: string }).rowKey));
        const actions: TransactionAction[] = [
            // The notes first: they are free text, and only the first batch is certain to go with the report.
            ...history.map((rowKey): TransactionAction => ['update', { partitionKey: partition, rowKey, note: '' }, 'Merge']),
            ...queued,
            ...followUpRows
                .filter((row) => !requeuedKeys.has(row.rowKey))
                .map((row): TransactionAction => {
                    const rowKey = row.rowKey;
                    // With the eTag read above: a row the worker changed meanwhile (claimed, or a send that just
                    // became a kept record) fails the purge with 412, and the next run sees it as it is now.
                    const etag = typeof row.etag === 'string' ? row.etag : '*';
                    // kind 'outbox' also makes the store hint the row, so the next pass sends it.
                    const redact = { partitionKey: partition, rowKey, kind: 'outbox', ...redactRowChanges(followUps.at) };
                    // A message in Teams that showed what someone typed is overwritten.
                    if (isSentRecord(row)) return ['update', redact, 'Merge', { etag }];
                    // A waiting one with typed text becomes a redact with nowhere to go (the worker drops it), eTag-
                    // guarded, since a delete in a batch cannot name one; any other waiting row simply goes.
                    if (row.keepUntilPurge === true) return ['update', { ...redact, text: '', recipient: '', sentConversationId: '', sentActivityId: '' }, 'Merge', { etag }];
                    return ['delete', { partitionKey: partition, rowKey }];
                }),
        ];
        // The report row and the first 99 other actions together; any rest after (the report is already purged).
        const stored = await this.reports.replaceIfUnchanged(purged, etag, actions.slice(0, 99));
        if (!stored) return undefined;
        for (let i = 99; i < actions.length; i += 100) await table.submitTransaction(actions.slice(i, i + 100));
        return stored;
    }
}
