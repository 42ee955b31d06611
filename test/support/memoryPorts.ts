/**
 * In-memory implementations of the domain's ports, for domain unit tests that need no Azurite. They keep
 * the same promises as the Tables ones (eTags, atomic report+outbox, 'exists' on a repeated create), and
 * test/integration/storage/contracts/ runs the same contract suites against both, so they stay honest.
 */
import type { AuditEntry, AuditLog, CaseHistory } from '../../bot/cases/ports';
import type { HistoryEntry } from '../../bot/cases/caseModel';
import {
    POST_ROW_KEY,
    followUpRowKey,
    newFollowUpRow,
    type CreatedReport,
    type QueuedFollowUps,
    type OutboxChanges,
    type OutboxLease,
    type OutboxRow,
    type RateDecision,
    type ReferenceCounter,
    type ReportArchive,
    type ReportOutbox,
    type ReportRepository,
    type StatisticsCell,
    type StoredReport,
    type SubmissionLimiter,
    type SubmissionRateLimit,
    newOutboxRow,
    isSentRecord,
    redactRowChanges,
    sentRecordOf,
    type SentMessage,
} from '../../bot/reports/ports';
import { ReportError } from '../../bot/reports/reportErrors';
import { byReference, cellsOf, dueOf, openOf } from '../../bot/reports/reportQueries';
import type { Municipality } from '../../bot/domain/vocabulary';
import type { Report, ReporterIdentity, ReportStatus } from '../../bot/reports/reportModel';

const REPORT_ID = /^[0-9a-f]{32}$/;
const copy = <T>(value: T): T => structuredClone(value);

let etags = 0;
const nextEtag = () => `W/"mem-${++etags}"`;

export class MemoryReportStore implements ReportRepository, ReportOutbox, ReportArchive {
    readonly reports = new Map<string, StoredReport>();
    /** Keyed `${reportId}|${rowKey}`: the post row and the follow-ups of each report. */
    readonly outbox = new Map<string, OutboxRow>();
    readonly index = new Map<string, Set<string>>();

    async get(reportId: string): Promise<StoredReport | undefined> {
        if (!REPORT_ID.test(reportId)) return undefined;
        const stored = this.reports.get(reportId);
        return stored && copy(stored);
    }

    async addToReporterIndex(reporter: ReporterIdentity, reportId: string): Promise<void> {
        const ids = this.index.get(reporter.aadObjectId) ?? new Set<string>();
        ids.add(reportId);
        this.index.set(reporter.aadObjectId, ids);
    }

    async createWithOutbox(report: Report, firstAttemptAt: string, lease?: OutboxLease): Promise<CreatedReport | 'exists'> {
        if (this.reports.has(report.reportId)) return 'exists';
        const stored: StoredReport = { report: copy(report), etag: nextEtag() };
        const row = newOutboxRow(report, firstAttemptAt, lease, nextEtag());
        this.reports.set(report.reportId, stored);
        this.outbox.set(outboxKey(report.reportId, POST_ROW_KEY), row);
        return { stored: copy(stored), outbox: copy(row) };
    }

    async listReporterIndex(aadObjectId: string): Promise<string[]> {
        return [...(this.index.get(aadObjectId) ?? [])];
    }

    async listPendingOutbox(reportId?: string, _options?: { full?: boolean }): Promise<OutboxRow[]> {
        return [...this.outbox.values()].filter((r) => r.state === 'pending' && (reportId === undefined || r.reportId === reportId)).map(asRead);
    }

    async getOutboxRow(reportId: string, rowKey: string = POST_ROW_KEY): Promise<OutboxRow | undefined> {
        const row = this.outbox.get(outboxKey(reportId, rowKey));
        return row && asRead(row);
    }

    async updateOutbox(row: OutboxRow, changes: OutboxChanges): Promise<OutboxRow | undefined> {
        const key = outboxKey(row.reportId, row.rowKey);
        const current = this.outbox.get(key);
        if (!current || current.etag !== row.etag) return undefined;
        const next = mergeOutbox(current, changes);
        this.outbox.set(key, next);
        return copy(next);
    }

    async completeFollowUp(row: OutboxRow, kept?: SentMessage): Promise<boolean> {
        const key = outboxKey(row.reportId, row.rowKey);
        const current = this.outbox.get(key);
        if (current && current.etag !== row.etag) return false;
        if (kept && current) this.outbox.set(key, { ...sentRecordOf(row, kept), etag: nextEtag() });
        else this.outbox.delete(key);
        return true;
    }

    /** As the Tables upsert (Merge): a queued follow-up keeps a running lease. */
    queueFollowUps(report: Pick<Report, 'reportId' | 'municipality'>, queued: QueuedFollowUps | undefined): void {
        // As Azure Tables refuses them: a batch over 100 actions, or two actions on one row.
        const keys = (queued?.items ?? []).map((f) => followUpRowKey(f));
        if (keys.length > 98) throw new ReportError('STORAGE_UNAVAILABLE', 'batch over 100 actions');
        if (new Set(keys).size !== keys.length) throw new ReportError('STORAGE_UNAVAILABLE', 'two actions on one row in a batch');
        for (const followUp of queued?.items ?? []) {
            const row = newFollowUpRow(report, followUp, queued?.at ?? new Date(), nextEtag());
            const key = outboxKey(report.reportId, row.rowKey);
            const existing = this.outbox.get(key);
            this.outbox.set(key, existing ? { ...existing, ...row, leaseOwner: existing.leaseOwner, leaseUntil: existing.leaseUntil } : row);
        }
    }

    async updateReport(
        reportId: string,
        change: (report: Report) => Report | undefined,
        outbox?: { row: OutboxRow; changes: OutboxChanges },
        known?: StoredReport,
        followUps?: QueuedFollowUps,
    ): Promise<Report> {
        for (let attempt = 1; attempt <= 5; attempt++) {
            const current = attempt === 1 && known ? known : await this.get(reportId);
            if (!current) throw new ReportError('NOT_FOUND', 'report not found');
            const next = change(copy(current.report));
            const stored = this.reports.get(reportId);
            const rowKey = outbox && outboxKey(reportId, outbox.row.rowKey);
            if (outbox && rowKey && this.outbox.get(rowKey)?.etag !== outbox.row.etag) throw new ReportError('CONFLICT', 'outbox row changed: lease lost');
            if (next && stored?.etag !== current.etag) continue;
            if (next) this.reports.set(reportId, { report: copy(next), etag: nextEtag() });
            if (outbox && rowKey) this.outbox.set(rowKey, mergeOutbox(this.outbox.get(rowKey) as OutboxRow, outbox.changes));
            this.queueFollowUps(next ?? current.report, followUps);
            return copy(next ?? current.report);
        }
        throw new ReportError('CONFLICT', 'report kept changing');
    }

    async listReports(query: { status?: ReportStatus } = {}): Promise<StoredReport[]> {
        return [...this.reports.values()].filter((s) => query.status === undefined || s.report.status === query.status).map(copy);
    }

    async removeFromReporterIndex(aadObjectId: string, reportId: string): Promise<void> {
        this.index.get(aadObjectId)?.delete(reportId);
    }

    async statisticsCells(): Promise<StatisticsCell[]> {
        return cellsOf([...this.reports.values()].map((s) => s.report));
    }

    async listOpenReports(municipalities: readonly Municipality[], limit: number): Promise<{ reports: Report[]; total: number }> {
        const open = openOf([...this.reports.values()].map((s) => s.report), municipalities, limit);
        return { reports: open.reports.map(copy), total: open.total };
    }

    async listDueForRetention(cutoffIso: string): Promise<StoredReport[]> {
        return dueOf([...this.reports.values()], cutoffIso).map(copy);
    }

    async findByReference(reference: string): Promise<Report | undefined> {
        const found = byReference([...this.reports.values()].map((s) => s.report), reference);
        return found && copy(found);
    }

    async listUndelivered(): Promise<Report[]> {
        return [...this.reports.values()].filter((s) => s.report.delivery.state === 'niet_bezorgd').map((s) => copy(s.report));
    }

    /** The conditional replace the case history needs (TableReportStore.replaceIfUnchanged). */
    replaceIfUnchanged(report: Report, etag: string): StoredReport | undefined {
        if (this.reports.get(report.reportId)?.etag !== etag) return undefined;
        const stored = { report: copy(report), etag: nextEtag() };
        this.reports.set(report.reportId, stored);
        return copy(stored);
    }
}

const outboxKey = (reportId: string, rowKey: string) => `${reportId}|${rowKey}`;

function mergeOutbox(row: OutboxRow, changes: OutboxChanges): OutboxRow {
    return { ...row, ...changes, etag: nextEtag() };
}

/** As Tables reads it back: a cleared column ('') is absent. */
function asRead(row: OutboxRow): OutboxRow {
    const out = copy(row);
    for (const key of ['leaseOwner', 'leaseUntil', 'lastStatus', 'route', 'escalateAt', 'text', 'recipient', 'postedConversationId', 'postedActivityId', 'postedKind'] as const) if (out[key] === '') delete out[key];
    return out;
}

export class MemoryCaseHistory implements CaseHistory {
    private readonly entries = new Map<string, HistoryEntry[]>();

    constructor(readonly reports: MemoryReportStore) {}

    get(reportId: string): Promise<StoredReport | undefined> {
        return this.reports.get(reportId);
    }

    async commit(next: Report, etag: string, entry: HistoryEntry, followUps: QueuedFollowUps): Promise<StoredReport | undefined> {
        const list = this.entries.get(next.reportId) ?? [];
        if (list.some((e) => e.version === entry.version)) return undefined;
        const stored = this.reports.replaceIfUnchanged(next, etag);
        if (!stored) return undefined;
        this.entries.set(next.reportId, [...list, copy(entry)]);
        this.reports.queueFollowUps(next, followUps);
        return stored;
    }

    async history(reportId: string): Promise<HistoryEntry[]> {
        return (this.entries.get(reportId) ?? []).map(copy).sort((a, b) => a.version - b.version);
    }

    async purge(purged: Report, etag: string, followUps: QueuedFollowUps): Promise<StoredReport | undefined> {
        const stored = this.reports.replaceIfUnchanged(purged, etag);
        if (!stored) return undefined;
        for (const [key, row] of this.reports.outbox) {
            if (row.reportId !== purged.reportId || !row.rowKey.startsWith('fu_')) continue;
            if (isSentRecord(row)) this.reports.outbox.set(key, { ...row, ...redactRowChanges(followUps.at), etag: nextEtag() });
            else this.reports.outbox.delete(key);
        }
        this.reports.queueFollowUps(purged, followUps);
        this.entries.set(
            purged.reportId,
            (this.entries.get(purged.reportId) ?? []).map(({ note: _note, ...rest }) => rest),
        );
        return stored;
    }
}

export class MemoryAuditLog implements AuditLog {
    readonly entries: AuditEntry[] = [];

    constructor(private readonly clock: () => Date = () => new Date()) {}

    async record(entry: Omit<AuditEntry, 'at'>): Promise<AuditEntry> {
        const full: AuditEntry = { at: this.clock().toISOString(), ...entry };
        this.entries.push(full);
        return copy(full);
    }

    async listMonth(month: string): Promise<AuditEntry[]> {
        return this.entries.filter((e) => e.at.startsWith(month)).map(copy).sort((a, b) => a.at.localeCompare(b.at));
    }
}

export class MemoryReferenceCounter implements ReferenceCounter {
    private readonly last = new Map<number, number>();

    async reserve(year: number, count: number): Promise<number> {
        const first = (this.last.get(year) ?? 0) + 1;
        this.last.set(year, first + count - 1);
        return first;
    }
}

export class MemorySubmissionLimiter implements SubmissionLimiter {
    private readonly slots = new Map<string, { reportId: string; usedAtMs: number }[]>();

    constructor(
        readonly limit: SubmissionRateLimit,
        private readonly clock: () => Date = () => new Date(),
    ) {}

    async acquire(reporter: ReporterIdentity, reportId: string): Promise<RateDecision> {
        if (this.limit.maxPerWindow === 0) return { allowed: true };
        const key = `${reporter.tenantId.toLowerCase()}\n${reporter.aadObjectId.toLowerCase()}`;
        const now = this.clock().getTime();
        const live = (this.slots.get(key) ?? []).filter((s) => s.usedAtMs > now - this.limit.windowMs);
        if (live.some((s) => s.reportId === reportId)) return { allowed: true };
        if (live.length >= this.limit.maxPerWindow) {
            const oldest = Math.min(...live.map((s) => s.usedAtMs));
            return { allowed: false, retryAfterMs: Math.max(0, oldest + this.limit.windowMs - now) };
        }
        this.slots.set(key, [...live, { reportId, usedAtMs: now }]);
        return { allowed: true };
    }

    async release(reporter: ReporterIdentity, reportId: string): Promise<void> {
        const key = `${reporter.tenantId.toLowerCase()}\n${reporter.aadObjectId.toLowerCase()}`;
        this.slots.set(key, (this.slots.get(key) ?? []).filter((s) => s.reportId !== reportId));
    }
}
