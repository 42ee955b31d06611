/**
 * Reports and their outbox notifications in Azure Tables.
 *
 * Layout (one table, `reports`):
 * - partition `rpt_<reportId>`: row `report` (the report) and row `outbox` (its pending notification).
 *   Both are written in one transaction, so a report never exists without its notification.
 * - partition `by_<sha256(aadObjectId)>`: one index row per report of that colleague (row key = reportId),
 *   for "Mijn meldingen". The index row is written before the transaction; an index row whose report
 *   does not exist (the transaction failed) is skipped when listing.
 *
 * reportId is derived from (tenant, reporter, submissionId), so a double click or a Teams retry lands on
 * the same row and the transaction's create fails with 409 instead of making a second report.
 * Every update passes the row's eTag: @azure/data-tables would otherwise send '*' and overwrite silently.
 */
import { createHash } from 'node:crypto';
import { odata, type TableClient, type TableEntityResult, type TransactionAction } from '@azure/data-tables';
import { EXPLOITATION_FORMS, MINOR_ANSWERS, MUNICIPALITIES, type Municipality } from '../../domain/vocabulary';
import type { TableClientFactory } from '../tableClientFactory';
import { isIndicatorCode, type IndicatorCode } from '../../reports/indicatorCatalog';
import type {
    CreatedReport,
    OutboxChanges,
    OutboxLease,
    OutboxRow,
    OutboxState,
    ReportArchive,
    ReportOutbox,
    ReportRepository,
    StoredReport,
} from '../../reports/ports';
import { ReportError } from '../../reports/reportErrors';
import { statusOf } from '../storageErrors';
import {
    DELIVERY_STATES,
    INFORMED_PARTIES,
    REPORT_STATUSES,
    WORK_CONTEXTS,
    type ChannelKind,
    type DeliveryInfo,
    type Report,
    type ReporterIdentity,
    type ReportHandling,
    type ReportStatus,
} from '../../reports/reportModel';

export const REPORTS_TABLE = 'reports';
const REPORT_ROW = 'report';
const OUTBOX_ROW = 'outbox';

/** Table service limits we must respect ourselves (Azurite does not enforce them). */
export const MAX_PROPERTY_BYTES = 60 * 1024; // 64 KiB, with margin
export const MAX_ENTITY_BYTES = 900 * 1024; // 1 MiB, with margin

const reportPartition = (reportId: string) => `rpt_${reportId}`;
/** The partition holding a report and its companion rows (outbox, case history). */
export const reportPartitionKey = reportPartition;
const reporterPartition = (aadObjectId: string) => `by_${createHash('sha256').update(aadObjectId).digest('hex')}`;

const REPORT_ID_PATTERN = /^[0-9a-f]{32}$/;

/** Turns an SDK failure into our coded error; a storage outage must never look like success. */
function storageError(operation: string, err: unknown): ReportError {
    if (err instanceof ReportError) return err;
    const status = statusOf(err);
    if (status === 412) return new ReportError('CONFLICT', `${operation}: row changed meanwhile`, err);
    return new ReportError('STORAGE_UNAVAILABLE', `${operation}: storage failed${status ? ` (${status})` : ''}`, err);
}

type Row = Record<string, unknown>;

function str(row: Row, key: string): string | undefined {
    const v = row[key];
    return typeof v === 'string' && v !== '' ? v : undefined;
}
function num(row: Row, key: string): number | undefined {
    const v = row[key];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
function oneOf<T extends string>(row: Row, key: string, allowed: readonly T[], fallback: T): T {
    const v = row[key];
    return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}
function listOf<T extends string>(row: Row, key: string, accept: (v: string) => v is T): T[] {
    const v = row[key];
    if (typeof v !== 'string') return [];
    try {
        const parsed: unknown = JSON.parse(v);
        return Array.isArray(parsed) ? parsed.filter((x): x is T => typeof x === 'string' && accept(x)) : [];
    } catch {
        return [];
    }
}
const member =
    <T extends string>(allowed: readonly T[]) =>
    (v: string): v is T =>
        (allowed as readonly string[]).includes(v);

function toEntity(report: Report): Row & { partitionKey: string; rowKey: string } {
    const d = report.delivery;
    const entity: Row & { partitionKey: string; rowKey: string } = {
        partitionKey: reportPartition(report.reportId),
        rowKey: REPORT_ROW,
        kind: 'report',
        schemaVersion: 1,
        reportId: report.reportId,
        reference: report.reference,
        submissionId: report.submissionId,
        submittedAt: report.submittedAt,
        tenantId: report.reporter.tenantId,
        reporterAadObjectId: report.reporter.aadObjectId,
        reporterName: report.reporter.displayName,
        municipality: report.municipality,
        forms: JSON.stringify(report.forms),
        description: report.description,
        location: report.location,
        observedOn: report.observedOn,
        workContext: report.workContext,
        workContextOther: report.workContextOther,
        indicators: JSON.stringify(report.indicators),
        otherIndicator: report.otherIndicator,
        peopleCount: report.peopleCount,
        estimatedAge: report.estimatedAge,
        minor: report.minor,
        informed: JSON.stringify(report.informed),
        informedOther: report.informedOther,
        acuteDanger: report.acuteDanger,
        status: report.status,
        channelKind: report.channelKind,
        deliveryState: d.state,
        deliveryAttempts: d.attempts,
        channelConversationId: d.conversationId,
        channelActivityId: d.activityId,
        deliveredAt: d.deliveredAt,
        deliveryFailure: d.failureReason,
        caseVersion: report.handling?.version,
        caseAssigneeId: report.handling?.assigneeAadObjectId,
        caseAssigneeName: report.handling?.assigneeName,
        casePartner: report.handling?.partner,
        caseCloseReason: report.handling?.closeReason,
        caseClosedAt: report.handling?.closedAt,
        caseChangedAt: report.handling?.lastChangeAt,
        caseChangedBy: report.handling?.lastChangeByName,
        caseChangeSummary: report.handling?.lastChangeSummary,
        purgedAt: report.purgedAt,
    };
    // Undefined optional fields are left out rather than stored as empty properties.
    for (const key of Object.keys(entity)) if (entity[key] === undefined) delete entity[key];
    return entity;
}

function fromEntity(row: Row): Report {
    const reportId = str(row, 'reportId') ?? '';
    const delivery: DeliveryInfo = {
        state: oneOf(row, 'deliveryState', DELIVERY_STATES, 'wachtrij'),
        attempts: num(row, 'deliveryAttempts') ?? 0,
    };
    const conversationId = str(row, 'channelConversationId');
    const activityId = str(row, 'channelActivityId');
    const deliveredAt = str(row, 'deliveredAt');
    const failureReason = str(row, 'deliveryFailure');
    if (conversationId) delivery.conversationId = conversationId;
    if (activityId) delivery.activityId = activityId;
    if (deliveredAt) delivery.deliveredAt = deliveredAt;
    if (failureReason) delivery.failureReason = failureReason;
    const reporter: ReporterIdentity = { aadObjectId: str(row, 'reporterAadObjectId') ?? '', tenantId: str(row, 'tenantId') ?? '' };
    const displayName = str(row, 'reporterName');
    if (displayName) reporter.displayName = displayName;
    const report: Report = {
        reportId,
        reference: str(row, 'reference') ?? '',
        submissionId: str(row, 'submissionId') ?? '',
        submittedAt: str(row, 'submittedAt') ?? '',
        reporter,
        status: oneOf(row, 'status', REPORT_STATUSES, 'nieuw'),
        channelKind: oneOf<ChannelKind>(row, 'channelKind', ['bound', 'fallback', 'none'], 'none'),
        delivery,
        municipality: oneOf(row, 'municipality', MUNICIPALITIES, MUNICIPALITIES[0]),
        forms: listOf(row, 'forms', member(EXPLOITATION_FORMS)),
        description: str(row, 'description') ?? '',
        observedOn: str(row, 'observedOn') ?? '',
        workContext: oneOf(row, 'workContext', WORK_CONTEXTS, 'anders'),
        indicators: listOf<IndicatorCode>(row, 'indicators', isIndicatorCode),
        minor: oneOf(row, 'minor', MINOR_ANSWERS, 'onbekend'),
        informed: listOf(row, 'informed', member(INFORMED_PARTIES)),
        acuteDanger: row.acuteDanger === true,
    };
    const optionalText = ['location', 'workContextOther', 'otherIndicator', 'informedOther'] as const;
    for (const key of optionalText) {
        const v = str(row, key);
        if (v !== undefined) report[key] = v;
    }
    const peopleCount = num(row, 'peopleCount');
    if (peopleCount !== undefined) report.peopleCount = peopleCount;
    const estimatedAge = num(row, 'estimatedAge');
    if (estimatedAge !== undefined) report.estimatedAge = estimatedAge;
    const caseVersion = num(row, 'caseVersion');
    if (caseVersion !== undefined) {
        const handling: ReportHandling = { version: caseVersion };
        const fields = [
            ['assigneeAadObjectId', 'caseAssigneeId'],
            ['assigneeName', 'caseAssigneeName'],
            ['partner', 'casePartner'],
            ['closeReason', 'caseCloseReason'],
            ['closedAt', 'caseClosedAt'],
            ['lastChangeAt', 'caseChangedAt'],
            ['lastChangeByName', 'caseChangedBy'],
            ['lastChangeSummary', 'caseChangeSummary'],
        ] as const;
        for (const [field, column] of fields) {
            const v = str(row, column);
            if (v !== undefined) handling[field] = v;
        }
        report.handling = handling;
    }
    const purgedAt = str(row, 'purgedAt');
    if (purgedAt !== undefined) report.purgedAt = purgedAt;
    return report;
}

function outboxFromEntity(row: TableEntityResult<Row>): OutboxRow {
    const out: OutboxRow = {
        reportId: str(row, 'reportId') ?? '',
        municipality: oneOf(row, 'municipality', MUNICIPALITIES, MUNICIPALITIES[0]),
        state: oneOf<OutboxState>(row, 'state', ['pending', 'done', 'failed'], 'pending'),
        attempts: num(row, 'attempts') ?? 0,
        nextAttemptAt: str(row, 'nextAttemptAt') ?? '',
        etag: row.etag,
    };
    const leaseOwner = str(row, 'leaseOwner');
    const leaseUntil = str(row, 'leaseUntil');
    const lastStatus = str(row, 'lastStatus');
    if (leaseOwner) out.leaseOwner = leaseOwner;
    if (leaseUntil) out.leaseUntil = leaseUntil;
    if (lastStatus) out.lastStatus = lastStatus;
    return out;
}

/** UTF-16 size the service counts for string properties, plus a rough allowance for the rest. */
function assertWithinLimits(entity: Row): void {
    let total = 0;
    for (const [key, value] of Object.entries(entity)) {
        const bytes = typeof value === 'string' ? value.length * 2 : 8;
        if (bytes > MAX_PROPERTY_BYTES) throw new ReportError('TOO_LARGE', `property ${key} exceeds the Table property limit`);
        total += bytes + key.length * 2;
    }
    if (total > MAX_ENTITY_BYTES) throw new ReportError('TOO_LARGE', 'report exceeds the Table entity limit');
}

/** The Tables side of the reports ports (and, for TableCaseHistory, the conditional replace of a report row). */
export class TableReportStore implements ReportRepository, ReportOutbox, ReportArchive {
    constructor(private readonly tables: TableClientFactory) {}

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
            const row = await table.getEntity<Row>(reportPartition(reportId), REPORT_ROW);
            return { report: fromEntity(row), etag: row.etag };
        } catch (err) {
            if (statusOf(err) === 404) return undefined;
            throw storageError('read report', err);
        }
    }

    /** Writes the reporter's index row; repeating it is harmless. */
    async addToReporterIndex(reporter: ReporterIdentity, reportId: string): Promise<void> {
        const table = await this.table();
        try {
            await table.createEntity({ partitionKey: reporterPartition(reporter.aadObjectId), rowKey: reportId, kind: 'index', reportId });
        } catch (err) {
            if (statusOf(err) === 409) return;
            throw storageError('write reporter index', err);
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
        const outbox: OutboxRow = {
            reportId: report.reportId,
            municipality: report.municipality,
            state: 'pending',
            attempts: 0,
            nextAttemptAt: firstAttemptAt,
            ...(lease && { leaseOwner: lease.owner, leaseUntil: lease.until }),
            etag: '',
        };
        const { etag: _none, ...outboxColumns } = outbox;
        const outboxEntity = { partitionKey: reportPartition(report.reportId), rowKey: OUTBOX_ROW, kind: 'outbox', ...outboxColumns, createdAt: report.submittedAt };
        const table = await this.table();
        try {
            const res = await table.submitTransaction([
                ['create', entity],
                ['create', outboxEntity],
            ]);
            const etagOf = (rowKey: string) => res.getResponseForEntity(rowKey)?.etag ?? '';
            return { stored: { report, etag: etagOf(REPORT_ROW) }, outbox: { ...outbox, etag: etagOf(OUTBOX_ROW) } };
        } catch (err) {
            if (statusOf(err) === 409) return 'exists';
            throw storageError('store report', err);
        }
    }

    async listReporterIndex(aadObjectId: string): Promise<string[]> {
        const table = await this.table();
        const ids: string[] = [];
        try {
            const rows = table.listEntities<Row>({ queryOptions: { filter: odata`PartitionKey eq ${reporterPartition(aadObjectId)}`, select: ['reportId'] } });
            for await (const row of rows) {
                const id = str(row, 'reportId');
                if (id && REPORT_ID_PATTERN.test(id)) ids.push(id);
            }
        } catch (err) {
            throw storageError('list reporter index', err);
        }
        return ids;
    }

    /** Every outbox row still waiting for delivery, across partitions (a scan: the outbox stays small). */
    async listPendingOutbox(): Promise<OutboxRow[]> {
        const table = await this.table();
        const rows: OutboxRow[] = [];
        try {
            const iterator = table.listEntities<Row>({ queryOptions: { filter: odata`kind eq 'outbox' and state eq 'pending'` } });
            for await (const row of iterator) rows.push(outboxFromEntity(row));
        } catch (err) {
            throw storageError('scan outbox', err);
        }
        return rows;
    }

    /** Updates an outbox row only if nobody changed it since `row.etag`; undefined when someone did. */
    async updateOutbox(row: OutboxRow, changes: OutboxChanges): Promise<OutboxRow | undefined> {
        const table = await this.table();
        const entity: Row & { partitionKey: string; rowKey: string } = { partitionKey: reportPartition(row.reportId), rowKey: OUTBOX_ROW };
        for (const [key, value] of Object.entries(changes)) entity[key] = value ?? '';
        try {
            const res = await table.updateEntity(entity, 'Merge', { etag: row.etag });
            const next: OutboxRow = { ...row, ...changes, etag: res.etag ?? row.etag };
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
    ): Promise<Report> {
        const table = await this.table();
        for (let attempt = 1; attempt <= 5; attempt++) {
            // A report this instance just wrote is tried as it is; its eTag still guards the write.
            const current = attempt === 1 && known ? known : await this.get(reportId);
            if (!current) throw new ReportError('NOT_FOUND', 'report not found');
            const next = change(current.report);
            const actions: TransactionAction[] = [];
            if (next) actions.push(['update', toEntity(next), 'Replace', { etag: current.etag }]);
            if (outbox) {
                const entity: Row & { partitionKey: string; rowKey: string } = { partitionKey: reportPartition(reportId), rowKey: OUTBOX_ROW };
                for (const [key, value] of Object.entries(outbox.changes)) entity[key] = value ?? '';
                actions.push(['update', entity, 'Merge', { etag: outbox.row.etag }]);
            }
            if (actions.length === 0) return current.report;
            try {
                await table.submitTransaction(actions);
                return next ?? current.report;
            } catch (err) {
                if (statusOf(err) !== 412) throw storageError('update report', err);
                // 412: either the report changed (retry on the fresh row) or the outbox lease was lost (give up).
                if (outbox && !(await this.outboxUnchanged(table, reportId, outbox.row.etag))) {
                    throw new ReportError('CONFLICT', 'outbox row changed: lease lost');
                }
            }
        }
        throw new ReportError('CONFLICT', 'report kept changing');
    }

    private async outboxUnchanged(table: TableClient, reportId: string, etag: string): Promise<boolean> {
        try {
            const row = await table.getEntity(reportPartition(reportId), OUTBOX_ROW);
            return row.etag === etag;
        } catch (err) {
            if (statusOf(err) === 404) return false;
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
        try {
            const res = await table.submitTransaction([['update', entity, 'Replace', { etag }], ...extra]);
            const first = res.subResponses[0];
            return { report, etag: first?.etag ?? '' };
        } catch (err) {
            const status = statusOf(err);
            if (status === 412 || status === 409) return undefined;
            throw storageError('update report', err);
        }
    }

    /** Report rows, optionally of one status (a scan: fine at municipal volumes). */
    async listReports(query: { status?: ReportStatus } = {}): Promise<StoredReport[]> {
        const filter = query.status === undefined ? undefined : odata`status eq ${query.status}`;
        const table = await this.table();
        const out: StoredReport[] = [];
        try {
            const iterator = table.listEntities<Row>({ queryOptions: { filter: filter ? `kind eq 'report' and (${filter})` : `kind eq 'report'` } });
            for await (const row of iterator) out.push({ report: fromEntity(row), etag: row.etag });
        } catch (err) {
            throw storageError('list reports', err);
        }
        return out;
    }

    /** Drops the report from the colleague's "Mijn meldingen" index (used when retention purges it). */
    async removeFromReporterIndex(aadObjectId: string, reportId: string): Promise<void> {
        if (!aadObjectId) return;
        const table = await this.table();
        try {
            await table.deleteEntity(reporterPartition(aadObjectId), reportId);
        } catch (err) {
            if (statusOf(err) === 404) return;
            throw storageError('remove reporter index', err);
        }
    }

    /** Reports whose notification was given up on, for the coordinators' overview. */
    async listUndelivered(): Promise<Report[]> {
        const table = await this.table();
        const reports: Report[] = [];
        try {
            const iterator = table.listEntities<Row>({ queryOptions: { filter: odata`kind eq 'report' and deliveryState eq 'niet_bezorgd'` } });
            for await (const row of iterator) reports.push(fromEntity(row));
        } catch (err) {
            throw storageError('list undelivered', err);
        }
        return reports;
    }
}
