/**
 * Reports and their outbox notifications in Azure Tables.
 *
 * Layout (one table, `reports`):
 * - partition `rpt_<reportId>`: row `report` (the report) and row `outbox` (its pending notification).
 *   Both are written in one transaction, so a report never exists without its notification.
 * - partition `by_<sha256(aadObjectId)>`: the reporter index of stores from before issue 17, read until
 *   the migration copied it into table `reporterIndex` (tableReporterIndex.ts).
 * Table `outboxHints`, partition `pending_outbox`: a hint row per report that may have outbox work,
 * written *before* the transaction that queues the work (a hint without work is harmless and removed by
 * the next pass), so the worker reads only these reports instead of scanning every report ever stored.
 * A reminder's hint carries the reminder's due time (`dueAt`): until then a pass leaves the row unread,
 * because every delivered report has one waiting for hours and reading them all on every pass cost
 * more Table requests than the reports themselves. The hourly full pass reads them regardless.
 * In a table of its own, so reading the hints costs the same however many reports are stored (hints of
 * older stores, in the reports table, are found by the full pass at start).
 * The indexes and aggregates for statistics, open reports, retention and references are kept by
 * tableReportIndexes.ts, after each write of a report row.
 * The entity mapping, both ways, is in reportRows.ts.
 *
 * reportId is derived from (tenant, reporter, submissionId), so a double click or a Teams retry lands on
 * the same row and the transaction's create fails with 409 instead of making a second report.
 * Every update passes the row's eTag: @azure/data-tables would otherwise send '*' and overwrite silently.
 */
import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import type { Logger } from '../../domain/ports';
import {
    POST_ROW_KEY,
    followUpRowKey,
    newFollowUpRow,
    type CreatedReport,
    type QueuedFollowUps,
    type OutboxChanges,
    type OutboxLease,
    type OutboxRow,
    type ReportArchive,
    type ReportOutbox,
    type ReportRepository,
    type StoredReport,
    newOutboxRow,
    sentRecordOf,
    type SentMessage,
} from '../../reports/ports';
import { ReportError, isReportError } from '../../reports/reportErrors';
import type { Report, ReporterIdentity, ReportStatus } from '../../reports/reportModel';
import { ifFound, statusOf } from '../storageErrors';
import { TableReporterIndex } from './tableReporterIndex';
import { INDEX_BACKFILL_KEY, INDEX_TABLES, TableReportIndexes } from './tableReportIndexes';
import { TableScheduledRuns } from './tableScheduledRuns';
import { byReference, cellsOf, dueOf, isDueForRetention, isOpenReport, openOf } from '../../reports/reportQueries';
import type { StatisticsCell } from '../../reports/ports';
import type { Municipality } from '../../domain/vocabulary';
import type { TableClientFactory } from '../tableClientFactory';
import {
    OUTBOX_ROW,
    REPORT_ID_PATTERN,
    REPORT_ROW,
    assertWithinLimits,
    fromEntity,
    toEntity,
    outboxFromEntity,
    outboxToEntity,
    reportPartitionKey,
    type Entity,
    type Row,
} from './reportRows';
import { storageError } from './tableErrors';

export { MAX_ENTITY_BYTES, MAX_PROPERTY_BYTES, reportPartitionKey } from './reportRows';

export const REPORTS_TABLE = 'reports';
export const OUTBOX_HINTS_TABLE = 'outboxHints';
const HINT_PARTITION = 'pending_outbox';
/** Reports read at once when an index gives their ids. */
const POINT_READS = 10;
/** Partitions read at once when following the hints. */
const HINT_READS = 8;
/** Post hints remembered for clearing; more only means a pass removes the rest, as it did before. */
const MAX_POST_HINTS = 10_000;
const reportPartition = reportPartitionKey;

/** An outbox row to hint, with when it is due if that is later than now (a reminder). */
interface HintedRow {
    rowKey: string;
    dueAt?: string;
}

/** The Tables side of the reports ports (and, for TableCaseHistory, the conditional replace of a report row). */
export class TableReportStore implements ReportRepository, ReportOutbox, ReportArchive {
    /** `logger` hears of damaged rows (ids and field names only). */
    constructor(
        private readonly tables: TableClientFactory,
        private readonly logger?: Logger,
    ) {
        const runs = new TableScheduledRuns(tables);
        this.indexes = new TableReportIndexes(tables, async (id) => (await this.get(id))?.report, logger, { ready: () => runs.isDone(INDEX_BACKFILL_KEY) });
        this.index = new TableReporterIndex(
            () => this.tables.table('reporterIndex'),
            () => this.table(),
            () => this.indexes.ready(),
        );
    }

    private readonly index: TableReporterIndex;
    /** eTags of the post hints of reports stored here and not yet delivered (clearPostHint); bounded. */
    private readonly postHints = new Map<string, string>();

    private rememberPostHint(reportId: string, etag: string): void {
        // Posts delivered elsewhere (another instance took the row) never clear theirs here: forget the oldest.
        if (this.postHints.size >= MAX_POST_HINTS) {
            const oldest = this.postHints.keys().next();
            if (!oldest.done) this.postHints.delete(oldest.value);
        }
        this.postHints.set(reportId, etag);
    }
    /** Indexes and aggregates that follow every write of a report row (tableReportIndexes.ts). */
    readonly indexes: TableReportIndexes;

    /** Writes the reporter's index row; repeating it is harmless. */
    addToReporterIndex(reporter: ReporterIdentity, reportId: string): Promise<void> {
        return this.index.add(reporter.aadObjectId, reportId);
    }

    listReporterIndex(aadObjectId: string): Promise<string[]> {
        return this.index.list(aadObjectId);
    }

    /** Drops the report from the colleague's "Mijn meldingen" index (used when retention purges it). */
    removeFromReporterIndex(aadObjectId: string, reportId: string): Promise<void> {
        return this.index.remove(aadObjectId, reportId);
    }

    /** Reads a row, and logs before it raises when the row is damaged: it needs a person to look at it. */
    private read<T>(what: string, row: Row, map: (row: Row) => T): T {
        try {
            return map(row);
        } catch (err) {
            if (isReportError(err, 'DAMAGED_DATA')) {
                this.logger?.error({ code: err.code, row: typeof row.partitionKey === 'string' ? row.partitionKey : undefined, what, event: 'storage.damagedRow' }, err.message);
            }
            throw err;
        }
    }

    private async table(): Promise<TableClient> {
        try {
            return await this.tables.table(REPORTS_TABLE);
        } catch (err) {
            throw storageError('open reports table', err);
        }
    }

    async get(reportId: string): Promise<StoredReport | undefined> {
        if (!REPORT_ID_PATTERN.test(reportId)) return undefined;
        const table = await this.table();
        try {
            const row = await ifFound(table.getEntity<Row>(reportPartition(reportId), REPORT_ROW));
            return row && { report: this.read('report', row, fromEntity), etag: row.etag };
        } catch (err) {
            throw storageError('read report', err);
        }
    }

    /**
     * Stores report and outbox row atomically; 'exists' when this reportId was stored before. With a
     * lease, the outbox row is created already claimed by that instance, which then posts it without
     * claiming it again; other instances leave it alone until the lease expires.
     */
    async createWithOutbox(report: Report, firstAttemptAt: string, lease?: OutboxLease): Promise<CreatedReport | 'exists'> {
        const entity = toEntity(report);
        assertWithinLimits(entity);
        const outbox = newOutboxRow(report, firstAttemptAt, lease, '');
        const outboxEntity = outboxToEntity(outbox, report.submittedAt);
        const table = await this.table();
        const [postHint, indexHint] = await Promise.all([this.hint(report.reportId, [OUTBOX_ROW]), this.indexes.hint(report.reportId)]);
        try {
            const res = await table.submitTransaction([
                ['create', entity],
                ['create', outboxEntity],
            ]);
            if (postHint !== undefined) this.rememberPostHint(report.reportId, postHint);
            this.indexes.schedule(report, indexHint, true);
            const etagOf = (rowKey: string) => res.getResponseForEntity(rowKey)?.etag ?? '';
            return { stored: { report, etag: etagOf(REPORT_ROW) }, outbox: { ...outbox, etag: etagOf(OUTBOX_ROW) } };
        } catch (err) {
            if (statusOf(err) === 409) return 'exists';
            throw storageError('store report', err);
        }
    }

    async getOutboxRow(reportId: string, rowKey: string = POST_ROW_KEY): Promise<OutboxRow | undefined> {
        if (!REPORT_ID_PATTERN.test(reportId)) return undefined;
        const table = await this.table();
        try {
            const row = await ifFound(table.getEntity<Row>(reportPartition(reportId), rowKey));
            return row && this.read('outbox', row, (r) => outboxFromEntity({ ...r, etag: row.etag }));
        } catch (err) {
            throw storageError('read outbox', err);
        }
    }

    /**
     * Removes a delivered follow-up, if nobody queued a newer one in its place (eTag); with `kept`, the
     * row stays as the record of where a message with someone's text landed (sentRecordOf).
     */
    async completeFollowUp(row: OutboxRow, kept?: SentMessage): Promise<boolean> {
        const table = await this.table();
        try {
            if (kept) await table.updateEntity(outboxToEntity(sentRecordOf(row, kept), ''), 'Replace', { etag: row.etag });
            else await table.deleteEntity(reportPartition(row.reportId), row.rowKey, { etag: row.etag });
            return true;
        } catch (err) {
            if (statusOf(err) === 404) return true;
            if (statusOf(err) === 412) return false;
            throw storageError('complete follow-up', err);
        }
    }

    private async hintsTable(): Promise<TableClient> {
        try {
            return await this.tables.table(OUTBOX_HINTS_TABLE);
        } catch (err) {
            throw storageError('open outbox hints table', err);
        }
    }

    /**
     * Marks outbox rows of a report as having work: one hint per row (`<reportId>|<rowKey>`), so the next
     * pass reads exactly those rows by their keys, without a query on the reports table.
     */
    /** Returns the hint's eTag when one row was hinted (to remove exactly that hint later). */
    private async hint(reportId: string, rows: readonly (string | HintedRow)[]): Promise<string | undefined> {
        const table = await this.hintsTable();
        // One hint per row; a row named twice is due at the earlier time, and without a time when either has none.
        const byKey = new Map<string, string | undefined>();
        for (const row of rows) {
            const { rowKey, dueAt } = typeof row === 'string' ? { rowKey: row, dueAt: undefined } : row;
            const seen = byKey.has(rowKey);
            const before = byKey.get(rowKey);
            byKey.set(rowKey, seen && (before === undefined || dueAt === undefined) ? undefined : [before, dueAt].filter((d): d is string => d !== undefined).sort()[0]);
        }
        const entity = ([rowKey, dueAt]: [string, string | undefined]) => ({ partitionKey: HINT_PARTITION, rowKey: `${reportId}|${rowKey}`, kind: 'outboxHint', ...(dueAt !== undefined && { dueAt }) });
        try {
            const unique = [...byKey];
            if (unique.length === 1) return (await table.upsertEntity(entity(unique[0]), 'Replace')).etag;
            if (unique.length > 1) await table.submitTransaction(unique.map((row) => ['upsert', entity(row), 'Replace'] as TransactionAction));
            return undefined;
        } catch (err) {
            throw storageError('mark outbox work', err);
        }
    }

    /**
     * After a post this instance stored was recorded as delivered, its hint goes at once, guarded by the
     * eTag it was written with: work queued on the row meanwhile rewrote the hint, which then stays.
     * Saves the next pass reading the finished row only to find nothing to do. Best effort: a hint left
     * behind is removed by a pass, as before.
     */
    private async clearPostHint(reportId: string): Promise<void> {
        const etag = this.postHints.get(reportId);
        if (etag === undefined) return;
        this.postHints.delete(reportId);
        const table = await this.hintsTable().catch(() => undefined);
        await table?.deleteEntity(HINT_PARTITION, `${reportId}|${OUTBOX_ROW}`, { etag }).catch(() => undefined);
    }

    async listPendingOutbox(reportId?: string, options: { full?: boolean; dueBy?: number } = {}): Promise<OutboxRow[]> {
        if (reportId === undefined && !options.full) return this.followHints(options.dueBy);
        if (reportId !== undefined && !REPORT_ID_PATTERN.test(reportId)) return [];
        const table = await this.table();
        const rows: OutboxRow[] = [];
        const pending = odata`kind eq 'outbox' and state eq 'pending'`;
        const filter = reportId === undefined ? pending : `${odata`PartitionKey eq ${reportPartition(reportId)}`} and ${pending}`;
        try {
            const iterator = table.listEntities<Row>({ queryOptions: { filter } });
            for await (const row of iterator) {
                // One damaged row must not stop every other delivery: it is logged (loudly) and stays pending.
                try {
                    rows.push(this.read('outbox', row, (r) => outboxFromEntity({ ...r, etag: row.etag })));
                } catch (err) {
                    if (!isReportError(err, 'DAMAGED_DATA')) throw err;
                }
            }
        } catch (err) {
            throw storageError('scan outbox', err);
        }
        return rows;
    }

    /**
     * The pending rows the hints name, read by their keys; a hint whose row is not pending any more is
     * removed (eTag-guarded: work marked meanwhile rewrote the hint, which then stays). A hint of the older
     * kind (the reportId alone) reads that report's partition.
     */
    private async followHints(dueBy?: number): Promise<OutboxRow[]> {
        const table = await this.hintsTable();
        const hints: { reportId: string; rowKey?: string; hintKey: string; etag: string }[] = [];
        try {
            for await (const row of table.listEntities<{ dueAt?: unknown }>({ queryOptions: { filter: odata`PartitionKey eq ${HINT_PARTITION}`, select: ['RowKey', 'dueAt'] } })) {
                const key = typeof row.rowKey === 'string' ? row.rowKey : '';
                const [reportId = '', rowKey] = key.split('|');
                // An unreadable time is no reason to wait: such a hint is followed now.
                const dueAt = typeof row.dueAt === 'string' ? Date.parse(row.dueAt) : NaN;
                if (dueBy !== undefined && rowKey !== undefined && Number.isFinite(dueAt) && dueAt > dueBy) continue;
                if (REPORT_ID_PATTERN.test(reportId)) hints.push({ reportId, rowKey, hintKey: key, etag: row.etag });
            }
        } catch (err) {
            throw storageError('read outbox hints', err);
        }
        const rows: OutboxRow[] = [];
        for (let i = 0; i < hints.length; i += HINT_READS) {
            const batch = hints.slice(i, i + HINT_READS);
            const found = await Promise.all(batch.map((h) => (h.rowKey === undefined ? this.listPendingOutbox(h.reportId) : this.pendingRow(h.reportId, h.rowKey))));
            await Promise.all(
                batch.map(async (h, j) => {
                    const pending = found[j] ?? [];
                    rows.push(...pending);
                    if (pending.length === 0) await table.deleteEntity(HINT_PARTITION, h.hintKey, { etag: h.etag }).catch(() => undefined);
                }),
            );
        }
        return rows;
    }

    /** One outbox row by its keys, if it is pending; a damaged one is logged and skipped (the full pass finds it again). */
    private async pendingRow(reportId: string, rowKey: string): Promise<OutboxRow[]> {
        let row: OutboxRow | undefined;
        try {
            row = await this.getOutboxRow(reportId, rowKey);
        } catch (err) {
            if (isReportError(err, 'DAMAGED_DATA')) return [];
            throw err;
        }
        return row && row.state === 'pending' ? [row] : [];
    }

    /** Updates an outbox row only if nobody changed it since `row.etag`; undefined when someone did. */
    async updateOutbox(row: OutboxRow, changes: OutboxChanges): Promise<OutboxRow | undefined> {
        const table = await this.table();
        const entity: Entity = { partitionKey: reportPartition(row.reportId), rowKey: row.rowKey };
        for (const [key, value] of Object.entries(changes)) entity[key] = value ?? '';
        try {
            const res = await table.updateEntity(entity, 'Merge', { etag: row.etag });
            const next: OutboxRow = { ...row, ...changes, etag: res.etag ?? row.etag };
            // A reminder sent and waiting for its next working day: its hint says when, so passes leave it
            // unread until then. Not after a failed send: a retry may be pulled forward when Teams is back.
            // Best effort: the old hint (due already) only means the row is read on every pass meanwhile.
            if (next.purpose === 'reminder' && next.state === 'pending' && changes.remindersSent !== undefined && changes.nextAttemptAt) {
                await this.hint(row.reportId, [{ rowKey: row.rowKey, dueAt: changes.nextAttemptAt }]).catch(() => undefined);
            }
            return next;
        } catch (err) {
            if (statusOf(err) === 412 || statusOf(err) === 404) return undefined;
            throw storageError('update outbox', err);
        }
    }

    /**
     * Applies `change` to the report row and, in the same transaction, optional changes to its outbox row
     * (guarded by the outbox eTag, so a worker that lost its lease cannot complete someone else's row).
     * A concurrent change to the report itself is retried against the fresh row. `known` is the row as
     * the caller last wrote it, to save the first read.
     */
    async updateReport(
        reportId: string,
        change: (report: Report) => Report | undefined,
        outbox?: { row: OutboxRow; changes: OutboxChanges },
        known?: StoredReport,
        followUps?: QueuedFollowUps,
    ): Promise<Report> {
        const table = await this.table();
        const queuedRows: HintedRow[] = [
            ...(followUps?.items ?? []).map((f) => ({ rowKey: followUpRowKey(f), ...(f.purpose === 'reminder' && { dueAt: f.dueAt.toISOString() }) })),
            ...(outbox?.changes.state === 'pending' ? [{ rowKey: outbox.row.rowKey }] : []),
        ];
        if (queuedRows.length > 0) await this.hint(reportId, queuedRows);
        let indexHint: string | undefined;
        let hinted = false;
        for (let attempt = 1; attempt <= 5; attempt++) {
            // A report this instance just wrote is tried as it is; its eTag still guards the write.
            const current = attempt === 1 && known ? known : await this.get(reportId);
            if (!current) throw new ReportError('NOT_FOUND', 'report not found');
            const next = change(current.report);
            // Delivery bookkeeping changes nothing the indexes hold; a status, closing or purge does.
            const indexed = next !== undefined && changesIndexes(current.report, next);
            if (indexed && !hinted) {
                indexHint = await this.indexes.hint(reportId);
                hinted = true;
            }
            const actions: TransactionAction[] = [];
            if (next) actions.push(['update', toEntity(next), 'Replace', { etag: current.etag }]);
            if (outbox) {
                const entity: Entity = { partitionKey: reportPartition(reportId), rowKey: outbox.row.rowKey };
                for (const [key, value] of Object.entries(outbox.changes)) entity[key] = value ?? '';
                actions.push(['update', entity, 'Merge', { etag: outbox.row.etag }]);
            }
            if (followUps) actions.push(...followUpActions(next ?? current.report, followUps));
            if (actions.length === 0) return current.report;
            try {
                await table.submitTransaction(actions);
                if (next && indexed) this.indexes.schedule(next, indexHint);
                if (outbox && outbox.row.rowKey === OUTBOX_ROW && (outbox.changes.state === 'done' || outbox.changes.state === 'failed')) await this.clearPostHint(reportId);
                return next ?? current.report;
            } catch (err) {
                if (statusOf(err) !== 412) throw storageError('update report', err);
                // 412: either the report changed (retry on the fresh row) or the outbox lease was lost (give up).
                if (outbox && !(await this.outboxUnchanged(table, reportId, outbox.row))) {
                    throw new ReportError('CONFLICT', 'outbox row changed: lease lost');
                }
            }
        }
        throw new ReportError('CONFLICT', 'report kept changing');
    }

    private async outboxUnchanged(table: TableClient, reportId: string, outbox: OutboxRow): Promise<boolean> {
        try {
            const row = await ifFound(table.getEntity(reportPartition(reportId), outbox.rowKey));
            return row?.etag === outbox.etag;
        } catch (err) {
            throw storageError('read outbox', err);
        }
    }

    /**
     * Replaces the report row only if nobody changed it since `etag`, together with `extra` actions on
     * rows of the same partition (history rows), in one transaction. Returns the new state and eTag,
     * or undefined when someone else wrote first (412) or an extra row already exists (409).
     */
    async replaceIfUnchanged(report: Report, etag: string, extra: TransactionAction[] = []): Promise<StoredReport | undefined> {
        const entity = toEntity(report);
        assertWithinLimits(entity);
        const table = await this.table();
        const queuedRows = extra.flatMap((action) => {
            const entity = action[1] as { kind?: unknown; rowKey?: unknown };
            return (action[0] === 'upsert' || action[0] === 'update') && entity.kind === 'outbox' && typeof entity.rowKey === 'string' ? [entity.rowKey] : [];
        });
        // Case changes are few beside turns: every one is followed by the indexes.
        const [, indexHint] = await Promise.all([queuedRows.length > 0 ? this.hint(report.reportId, queuedRows) : undefined, this.indexes.hint(report.reportId)]);
        try {
            const res = await table.submitTransaction([['update', entity, 'Replace', { etag }], ...extra]);
            this.indexes.schedule(report, indexHint);
            const first = res.subResponses[0];
            return { report, etag: first?.etag ?? '' };
        } catch (err) {
            const status = statusOf(err);
            if (status === 412 || status === 409) return undefined;
            throw storageError('update report', err);
        }
    }

    /** The statistics' counts: the maintained per-month aggregate once the migration ran, a scan before. */
    async statisticsCells(): Promise<StatisticsCell[]> {
        await this.indexes.flush();
        if (await this.indexes.ready()) return this.indexes.statisticsCells();
        return cellsOf((await this.listReports()).map((s) => s.report));
    }

    async listOpenReports(municipalities: readonly Municipality[], limit: number): Promise<{ reports: Report[]; total: number }> {
        await this.indexes.flush();
        if (!(await this.indexes.ready())) return openOf((await this.listReports()).map((s) => s.report), municipalities, limit);
        const { ids, total } = await this.indexes.openReportIds(municipalities, limit);
        // The 50 of the card at once; a long list (the weekly digest) 50 at a time.
        const found = await this.readMany(ids, Math.min(ids.length, 50));
        // An index row can trail its report by a moment (the sync runs after the write): the report decides.
        const reports = found.map((s) => s.report).filter((r) => isOpenReport(r) && municipalities.includes(r.municipality));
        return { reports, total: total - (ids.length - reports.length) };
    }

    async listDueForRetention(cutoffIso: string): Promise<StoredReport[]> {
        await this.indexes.flush();
        if (!(await this.indexes.ready())) return dueOf(await this.listReports({ status: 'afgesloten' }), cutoffIso);
        const rows = await this.indexes.closedBefore(cutoffIso);
        const found = new Map((await this.readMany([...new Set(rows.map((r) => r.reportId))])).map((s) => [s.report.reportId, s]));
        const due: StoredReport[] = [];
        for (const row of rows) {
            const stored = found.get(row.reportId);
            if (stored && isDueForRetention(stored.report, cutoffIso) && stored.report.handling?.closedAt === row.closedAt) {
                due.push(stored);
                continue;
            }
            // Reopened (closed again later, or still open) or purged: the row no longer says anything.
            if (!stored || stored.report.purgedAt || stored.report.handling?.closedAt !== row.closedAt) await this.indexes.dropClosedRow(row.rowKey);
        }
        return due;
    }

    async findByReference(reference: string): Promise<Report | undefined> {
        await this.indexes.flush();
        if (!(await this.indexes.ready())) return byReference((await this.listReports()).map((s) => s.report), reference);
        const id = await this.indexes.reportIdByReference(reference);
        return id ? (await this.get(id))?.report : undefined;
    }

    /** Creates (opens) every table this store uses, at start, so none appears later in the middle of a request. */
    async openTables(): Promise<void> {
        try {
            await Promise.all([REPORTS_TABLE, OUTBOX_HINTS_TABLE, ...INDEX_TABLES].map((name) => this.tables.table(name)));
        } catch (err) {
            throw storageError('open report tables', err);
        }
    }

    /**
     * The one-time migration of a store from before the indexes: every report's index rows and its
     * reporter row in table `reporterIndex`. Idempotent, so a second run (or two instances) does no harm.
     */
    async migrateIndexes(): Promise<number> {
        const reports = (await this.listReports()).map((s) => s.report);
        for (let i = 0; i < reports.length; i += POINT_READS) {
            const batch = reports.slice(i, i + POINT_READS).filter((r) => !r.purgedAt && r.reporter.aadObjectId);
            await Promise.all(batch.map((r) => this.index.add(r.reporter.aadObjectId, r.reportId)));
        }
        return this.indexes.backfill(reports);
    }

    /** Point reads, a few at a time; ids without a report are left out. */
    private async readMany(ids: readonly string[], atOnce = POINT_READS): Promise<StoredReport[]> {
        const out: StoredReport[] = [];
        const step = Math.max(1, atOnce);
        for (let i = 0; i < ids.length; i += step) {
            const batch = await Promise.all(ids.slice(i, i + step).map((id) => this.get(id)));
            for (const stored of batch) if (stored) out.push(stored);
        }
        return out;
    }

    /** Report rows, optionally of one status (a scan: for the migration and the weekly digest, never per request). */
    async listReports(query: { status?: ReportStatus } = {}): Promise<StoredReport[]> {
        const filter = query.status === undefined ? undefined : odata`status eq ${query.status}`;
        const table = await this.table();
        const out: StoredReport[] = [];
        try {
            const iterator = table.listEntities<Row>({ queryOptions: { filter: filter ? `kind eq 'report' and (${filter})` : `kind eq 'report'` } });
            for await (const row of iterator) out.push({ report: this.read('report', row, fromEntity), etag: row.etag });
        } catch (err) {
            throw storageError('list reports', err);
        }
        return out;
    }

    /** Reports whose notification was given up on, for the admins' list. */
    async listUndelivered(): Promise<Report[]> {
        const table = await this.table();
        const reports: Report[] = [];
        try {
            const iterator = table.listEntities<Row>({ queryOptions: { filter: odata`kind eq 'report' and deliveryState eq 'niet_bezorgd'` } });
            for await (const row of iterator) reports.push(this.read('report', row, fromEntity));
        } catch (err) {
            throw storageError('list undelivered', err);
        }
        return reports;
    }
}

/** Whether a change of the report row touches what the indexes hold. */
function changesIndexes(before: Report, after: Report): boolean {
    return before.status !== after.status || before.handling?.closedAt !== after.handling?.closedAt || before.purgedAt !== after.purgedAt || (before.handling?.version ?? 0) !== (after.handling?.version ?? 0);
}

/**
 * The transaction actions that queue follow-ups beside a change of the report. An upsert (Merge) leaves
 * a running lease alone: a card row being delivered is queued again without a second deliverer, and the
 * deliverer's eTag-guarded completion then fails, so it delivers the newest state once more.
 */
export function followUpActions(report: Pick<Report, 'reportId' | 'municipality'>, queued: QueuedFollowUps): TransactionAction[] {
    return queued.items.map((followUp) => {
        const row = newFollowUpRow(report, followUp, queued.at, '');
        return ['upsert', outboxToEntity(row, queued.at.toISOString()), 'Merge'] as TransactionAction;
    });
}
