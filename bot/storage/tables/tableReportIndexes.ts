/**
 * Indexes and aggregates over the reports, so that what people ask for today costs the same with 1,000
 * or 100,000 reports stored (issue 17). Each lives in a table of its own: a query reads only its own
 * table (Azurite evaluates a filter on every row of a table, and on Azure a small table is a small
 * partition scan), and every row is a pure function of one report's current state:
 *
 * - `statIndex`  partition = month of submission (Dutch time), row = reportId: municipality, forms,
 *                status and the case version they belong to.
 * - `statCounts` partition `month`, row = month: the counts of that month per municipality x forms x
 *                status, rebuilt from the month's statIndex partition; partition `dirty`: a row per
 *                month whose counts must be rebuilt. Per-month aggregate rows rebuilt from a per-month
 *                index are exactly once by construction: a count is never incremented, it is the size
 *                of a set of rows keyed by reportId, so a repeated or crashed update cannot count twice.
 * - `openIndex`  partition = municipality, row = `<submittedAt>|<reportId>`: the open reports only, with
 *                their version; "open meldingen" reads a municipality's rows, oldest first. A closed report
 *                leaves a versioned tombstone in `openIndexClosed` (same keys), removed at the purge.
 * - `closedIndex` partition `closed`, row = `<closedAt>|<reportId>`: the retention pass reads only the
 *                rows closed before its cutoff. A reopened report leaves a stale row, which the pass
 *                checks against the report and removes.
 * - `refIndex`   partition = year, row = reference: the reportId behind a typed reference.
 * - `indexHints` partition `pending`, row = reportId: written before the report's own transaction and
 *                removed once the indexes follow it. A crash in between leaves the hint, and the repair
 *                pass (at start and every minute) syncs that report again from its stored row.
 *
 * Order within one sync, so that a rebuild can never miss a change and still look clean: the index
 * row is written first, then the month is marked dirty (an upsert, which always changes the dirty
 * row's eTag), then the hint is removed. A rebuild deletes the dirty row with the eTag it read before
 * reading the index, so a change that lands during the rebuild keeps the month dirty.
 *
 * Versions guard against an older sync landing after a newer one: a row is only replaced by a state
 * with a higher case version (status changes always raise it).
 *
 * Existing stores are migrated once: a leased backfill (TableScheduledRuns key `report-indexes-v1`)
 * syncs every stored report; until it is done, readers use the old scans.
 */
import { odata, type TableClient, type TableEntityResult } from '@azure/data-tables';
import { EXPLOITATION_FORMS, MUNICIPALITIES, type ExploitationForm, type Municipality } from '../../domain/vocabulary';
import type { Logger } from '../../domain/ports';
import type { StatisticsCell } from '../../reports/ports';
import { formsKey, isOpenReport, monthOf } from '../../reports/reportQueries';
import { REPORT_STATUSES, type Report, type ReportStatus } from '../../reports/reportModel';
import { ifFound, statusOf } from '../storageErrors';
import type { TableClientFactory } from '../tableClientFactory';
import { storageError } from './tableErrors';

export const INDEX_TABLES = ['statIndex', 'statCounts', 'openIndex', 'openIndexClosed', 'closedIndex', 'refIndex', 'indexHints', 'reporterIndex'] as const;
export const INDEX_BACKFILL_KEY = 'report-indexes-v1';
const HINTS = 'pending';
const MONTHS = 'month';
const DIRTY = 'dirty';
const CLOSED = 'closed';
const ATTEMPTS = 5;
/** Syncs running at once in the background pump and in the backfill. */
const PARALLEL = 4;
/** Reports synced at once by the one-time migration (it runs alone, at start). */
const BACKFILL_PARALLEL = 32;

const versionOf = (report: Report): number => report.handling?.version ?? 0;

const isMunicipality = (v: unknown): v is Municipality => typeof v === 'string' && (MUNICIPALITIES as readonly string[]).includes(v);
const isStatus = (v: unknown): v is ReportStatus => typeof v === 'string' && (REPORT_STATUSES as readonly string[]).includes(v);
const isForm = (v: string): v is ExploitationForm => (EXPLOITATION_FORMS as readonly string[]).includes(v);

/** Whether the stores may read the indexes yet (the backfill is done). */
export interface IndexReadiness {
    ready(): Promise<boolean>;
}

interface SyncJob {
    report: Report;
    hintEtag?: string;
    /** A report just created: its rows are created without reading first (a conflict falls back to the checks). */
    fresh: boolean;
    done: Promise<void>;
    resolve: () => void;
}

export class TableReportIndexes {
    private readonly pending = new Map<string, SyncJob>();
    private readonly inFlight = new Set<Promise<void>>();
    private readonly runningIds = new Set<string>();
    private running = 0;
    private idleWaiters: (() => void)[] = [];
    private readyCache = false;

    constructor(
        private readonly tables: TableClientFactory,
        private readonly readReport: (reportId: string) => Promise<Report | undefined>,
        private readonly logger?: Logger,
        private readonly readiness?: IndexReadiness,
    ) {}

    private async table(name: (typeof INDEX_TABLES)[number]): Promise<TableClient> {
        try {
            return await this.tables.table(name);
        } catch (err) {
            throw storageError(`open ${name} table`, err);
        }
    }

    /** True once the backfill has run (cached: it never becomes false again). */
    async ready(): Promise<boolean> {
        if (this.readyCache) return true;
        if (!this.readiness) return (this.readyCache = true);
        this.readyCache = await this.readiness.ready().catch(() => false);
        return this.readyCache;
    }

    // --- writing -------------------------------------------------------------------------------

    /** Before a report's own transaction: the repair pass will sync it if we crash after it. Returns the hint's eTag. */
    async hint(reportId: string): Promise<string | undefined> {
        const table = await this.table('indexHints');
        try {
            const res = await table.upsertEntity({ partitionKey: HINTS, rowKey: reportId, at: new Date().toISOString() }, 'Replace');
            return res.etag;
        } catch (err) {
            throw storageError('mark index work', err);
        }
    }

    /**
     * After the report's transaction: bring the indexes in line with `report`, in the background (a turn
     * does not wait for it). A newer state of the same report replaces one still waiting.
     */
    schedule(report: Report, hintEtag?: string, fresh = false): void {
        let resolve: () => void = () => undefined;
        const done = new Promise<void>((r) => (resolve = r));
        const replaced = this.pending.get(report.reportId);
        // The older state is never synced on its own: whoever waited for it waits for the newer one.
        if (replaced) void done.then(replaced.resolve);
        this.pending.set(report.reportId, { report, hintEtag, done, resolve, fresh });
        this.pump();
    }

    /**
     * Resolves when every sync scheduled before this call has finished (failed ones included: their hint
     * stays for the repair pass). Readers call it first, so this instance reads its own writes.
     */
    async flush(): Promise<void> {
        if (this.pending.size === 0 && this.inFlight.size === 0) return;
        await Promise.all([...[...this.pending.values()].map((j) => j.done), ...this.inFlight]);
    }

    /** Resolves when nothing is waiting or running (tests, and close()). */
    idle(): Promise<void> {
        if (this.pending.size === 0 && this.running === 0) return Promise.resolve();
        return new Promise((resolve) => this.idleWaiters.push(resolve));
    }

    private pump(): void {
        while (this.running < PARALLEL && this.pending.size > 0) {
            // One sync per report at a time in this instance (a newer state waits for the running one);
            // across instances the versions decide.
            const next = [...this.pending.entries()].find(([id]) => !this.runningIds.has(id));
            if (!next) return;
            const [reportId, job] = next;
            this.pending.delete(reportId);
            this.runningIds.add(reportId);
            this.running++;
            const run: Promise<void> = this.sync(job.report, { hintEtag: job.hintEtag, fresh: job.fresh })
                .catch((err: unknown) => this.logger?.warn({ reportId, code: (err as { code?: unknown }).code ?? 'UNKNOWN', event: 'indexes.syncFailed' }, 'index sync failed; the repair pass retries'))
                .finally(() => {
                    this.running--;
                    this.runningIds.delete(reportId);
                    this.inFlight.delete(run);
                    job.resolve();
                    if (this.pending.size > 0) this.pump();
                    else if (this.running === 0) this.idleWaiters.splice(0).forEach((w) => w());
                });
            this.inFlight.add(run);
        }
    }

    /** Syncs every index row of one report to `report`; idempotent. `forceDirty` re-marks its month (repair). */
    async sync(report: Report, options: { hintEtag?: string; forceDirty?: boolean; keepHint?: boolean; fresh?: boolean } = {}): Promise<void> {
        const month = monthOf(report.submittedAt);
        const fresh = options.fresh === true && versionOf(report) === 0 && isOpenReport(report);
        const [changed] = await Promise.all([this.syncStatRow(report, month, fresh), fresh ? this.createOpenRow(report) : this.syncOpenRow(report), this.syncClosedRow(report), this.syncReference(report)]);
        if (changed || options.forceDirty) await this.markDirty(month);
        if (options.keepHint) return;
        const hints = await this.table('indexHints');
        // eTag-guarded: a newer change hinted meanwhile keeps its hint until its own sync.
        await hints.deleteEntity(HINTS, report.reportId, options.hintEtag ? { etag: options.hintEtag } : {}).catch((err: unknown) => {
            if (statusOf(err) !== 404 && statusOf(err) !== 412) throw storageError('remove index hint', err);
        });
    }

    /** Creates or replaces a row only when the stored one is of an older version; true when it wrote. */
    private async putIfNewer(table: TableClient, partitionKey: string, rowKey: string, values: Record<string, unknown>, version: number, same: (row: Record<string, unknown>) => boolean): Promise<boolean> {
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                const row = await ifFound(table.getEntity<Record<string, unknown>>(partitionKey, rowKey));
                const entity = { partitionKey, rowKey, ...values, v: version };
                if (!row) {
                    await table.createEntity(entity);
                    return true;
                }
                const stored = typeof row.v === 'number' ? row.v : -1;
                if (stored > version || (stored === version && same(row))) return false;
                await table.updateEntity(entity, 'Replace', { etag: row.etag });
                return true;
            } catch (err) {
                // 409: created meanwhile; 412: changed meanwhile; 404: deleted meanwhile. Read again and decide anew.
                const status = statusOf(err);
                if (status !== 409 && status !== 412 && status !== 404) throw storageError('write index row', err);
            }
        }
        throw storageError('write index row', new Error('kept changing'));
    }

    private async syncStatRow(report: Report, month: string, fresh = false): Promise<boolean> {
        const table = await this.table('statIndex');
        const values = { municipality: report.municipality, forms: formsKey(report.forms), status: report.status };
        if (fresh) {
            try {
                await table.createEntity({ partitionKey: month, rowKey: report.reportId, ...values, v: versionOf(report) });
                return true;
            } catch (err) {
                if (statusOf(err) !== 409) throw storageError('write index row', err);
            }
        }
        return this.putIfNewer(table, month, report.reportId, values, versionOf(report), (row) => row.status === values.status && row.forms === values.forms && row.municipality === values.municipality);
    }

    /** A new report's open row, created without reading first; a close that beat it (another instance) still wins. */
    private async createOpenRow(report: Report): Promise<void> {
        const open = await this.table('openIndex');
        const gone = await this.table('openIndexClosed');
        const rowKey = `${report.submittedAt}|${report.reportId}`;
        let etag: string | undefined;
        try {
            etag = (await open.createEntity({ partitionKey: report.municipality, rowKey, reportId: report.reportId, open: true, v: versionOf(report) })).etag;
        } catch (err) {
            if (statusOf(err) === 409) return this.syncOpenRow(report);
            throw storageError('write open index', err);
        }
        try {
            // Closed on another instance before this sync ran: its tombstone is newer, take the row back.
            const tombstone = await ifFound(gone.getEntity(report.municipality, rowKey));
            if (tombstone) await ifFound(open.deleteEntity(report.municipality, rowKey, etag ? { etag } : {}));
        } catch (err) {
            if (statusOf(err) !== 412) throw storageError('write open index', err);
        }
    }

    /**
     * `openIndex` holds only open reports, so "open meldingen" reads few rows however many are closed. A
     * closed report leaves a tombstone with its version in `openIndexClosed`, so an older sync that still
     * thinks it open cannot put it back: it checks the tombstone before and after writing its row.
     */
    private async syncOpenRow(report: Report): Promise<void> {
        const open = await this.table('openIndex');
        const gone = await this.table('openIndexClosed');
        const partitionKey = report.municipality;
        const rowKey = `${report.submittedAt}|${report.reportId}`;
        const version = versionOf(report);
        const tombstone = async () => {
            const row = await ifFound(gone.getEntity<{ v?: unknown }>(partitionKey, rowKey));
            return row && { v: typeof row.v === 'number' ? row.v : -1, etag: row.etag };
        };
        try {
            if (report.purgedAt) {
                // Purged is final: both rows can go for good (an open report is never purged).
                await ifFound(open.deleteEntity(partitionKey, rowKey));
                await ifFound(gone.deleteEntity(partitionKey, rowKey));
                return;
            }
            if (isOpenReport(report)) {
                const before = await tombstone();
                if (before && before.v >= version) return;
                await this.putIfNewer(open, partitionKey, rowKey, { reportId: report.reportId, open: true }, version, () => true);
                const after = await tombstone();
                if (after && after.v >= version) {
                    // Closed meanwhile by a newer change: take back the row just written (unless newer itself).
                    const row = await ifFound(open.getEntity<{ v?: unknown }>(partitionKey, rowKey));
                    if (row && typeof row.v === 'number' && row.v <= after.v) await ifFound(open.deleteEntity(partitionKey, rowKey, { etag: row.etag }));
                } else if (after) {
                    await ifFound(gone.deleteEntity(partitionKey, rowKey, { etag: after.etag }));
                }
                return;
            }
            await this.putIfNewer(gone, partitionKey, rowKey, { reportId: report.reportId }, version, () => true);
            const row = await ifFound(open.getEntity<{ v?: unknown }>(partitionKey, rowKey));
            if (row && typeof row.v === 'number' && row.v <= version) await ifFound(open.deleteEntity(partitionKey, rowKey, { etag: row.etag }));
        } catch (err) {
            if (statusOf(err) === 412) return; // a newer sync changed the row meanwhile: it decides
            throw storageError('write open index', err);
        }
    }

    private async syncClosedRow(report: Report): Promise<void> {
        const closedAt = report.handling?.closedAt;
        if (report.status !== 'afgesloten' || !closedAt) return;
        const table = await this.table('closedIndex');
        const rowKey = `${closedAt}|${report.reportId}`;
        try {
            if (report.purgedAt) await ifFound(table.deleteEntity(CLOSED, rowKey));
            else await table.upsertEntity({ partitionKey: CLOSED, rowKey, reportId: report.reportId }, 'Replace');
        } catch (err) {
            throw storageError('write closed index row', err);
        }
    }

    private async syncReference(report: Report): Promise<void> {
        const table = await this.table('refIndex');
        try {
            await table.createEntity({ partitionKey: report.reference.slice(3, 7) || 'x', rowKey: report.reference.toUpperCase(), reportId: report.reportId });
        } catch (err) {
            if (statusOf(err) !== 409) throw storageError('write reference index', err);
        }
    }

    private async markDirty(month: string): Promise<void> {
        const table = await this.table('statCounts');
        try {
            await table.upsertEntity({ partitionKey: DIRTY, rowKey: month, at: new Date().toISOString() }, 'Replace');
        } catch (err) {
            throw storageError('mark statistics month', err);
        }
    }

    /** Follows the hints left by writes that did not finish their sync; returns how many reports it synced. */
    async repair(olderThanMs = 0): Promise<number> {
        const hints = await this.table('indexHints');
        const due: { reportId: string; etag: string }[] = [];
        const before = Date.now() - olderThanMs;
        try {
            for await (const row of hints.listEntities<{ at?: string }>({ queryOptions: { filter: odata`PartitionKey eq ${HINTS}` } })) {
                if (typeof row.rowKey !== 'string') continue;
                if (olderThanMs > 0 && Date.parse(row.at ?? '') > before) continue;
                due.push({ reportId: row.rowKey, etag: row.etag });
            }
        } catch (err) {
            throw storageError('read index hints', err);
        }
        let synced = 0;
        for (const hint of due) {
            const report = await this.readReport(hint.reportId);
            if (report) {
                await this.sync(report, { hintEtag: hint.etag, forceDirty: true });
                synced++;
            } else {
                // The report's transaction never happened: the hint points at nothing.
                await hints.deleteEntity(HINTS, hint.reportId, { etag: hint.etag }).catch(() => undefined);
            }
        }
        return synced;
    }

    /** Syncs every report of a full scan (the one-time migration). */
    async backfill(all: AsyncIterable<Report> | Iterable<Report>): Promise<number> {
        let count = 0;
        const inFlight = new Set<Promise<void>>();
        const months = new Set<string>();
        for await (const report of all) {
            months.add(monthOf(report.submittedAt));
            const job = this.sync(report, { keepHint: true }).finally(() => inFlight.delete(job));
            inFlight.add(job);
            count++;
            if (inFlight.size >= BACKFILL_PARALLEL) await Promise.race(inFlight);
        }
        await Promise.all(inFlight);
        // Every month the scan saw is rebuilt, also one whose index rows already existed.
        for (const month of months) await this.markDirty(month);
        return count;
    }

    // --- reading -------------------------------------------------------------------------------

    /** The counts per month x municipality x forms x status; months marked dirty are rebuilt first. */
    async statisticsCells(): Promise<StatisticsCell[]> {
        const table = await this.table('statCounts');
        const monthRows = new Map<string, TableEntityResult<Record<string, unknown>>>();
        const dirty: { month: string; etag: string }[] = [];
        try {
            for await (const row of table.listEntities<Record<string, unknown>>()) {
                if (row.partitionKey === MONTHS && typeof row.rowKey === 'string') monthRows.set(row.rowKey, row);
                else if (row.partitionKey === DIRTY && typeof row.rowKey === 'string') dirty.push({ month: row.rowKey, etag: row.etag });
            }
        } catch (err) {
            throw storageError('read statistics', err);
        }
        for (const d of dirty) {
            const rebuilt = await this.rebuildMonth(d.month, d.etag, monthRows.get(d.month)?.etag);
            monthRows.set(d.month, { partitionKey: MONTHS, rowKey: d.month, etag: '', cells: rebuilt });
        }
        const cells: StatisticsCell[] = [];
        for (const [month, row] of monthRows) cells.push(...decodeCells(month, row.cells));
        return cells;
    }

    /** Counts one month's index rows and stores them; the dirty row goes only if nothing changed meanwhile. */
    private async rebuildMonth(month: string, dirtyEtag: string, monthEtag: string | undefined): Promise<string> {
        const index = await this.table('statIndex');
        const counts = new Map<string, number>();
        try {
            const rows = index.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${month}`, select: ['municipality', 'forms', 'status'] } });
            for await (const row of rows) {
                const key = `${String(row.municipality)}|${String(row.forms)}|${String(row.status)}`;
                counts.set(key, (counts.get(key) ?? 0) + 1);
            }
        } catch (err) {
            throw storageError('read statistics index', err);
        }
        const cells = JSON.stringify([...counts].sort(([a], [b]) => a.localeCompare(b)));
        const table = await this.table('statCounts');
        try {
            const entity = { partitionKey: MONTHS, rowKey: month, cells };
            if (monthEtag) await table.updateEntity(entity, 'Replace', { etag: monthEtag });
            else await table.createEntity(entity);
            await table.deleteEntity(DIRTY, month, { etag: dirtyEtag });
        } catch (err) {
            // Someone else rebuilt or changed it meanwhile (409/412/404), or storage refused the write: what we
            // counted still holds for this read, and the month stays dirty for the next one.
            const status = statusOf(err);
            if (status !== 409 && status !== 412 && status !== 404) this.logger?.warn({ month, code: storageError('store statistics month', err).code, event: 'indexes.monthNotStored' }, 'statistics month counted but not stored');
        }
        return cells;
    }

    /** Up to `limit` open report ids of these municipalities, oldest first, and how many are open in all. */
    async openReportIds(municipalities: readonly Municipality[], limit: number): Promise<{ ids: string[]; total: number }> {
        const table = await this.table('openIndex');
        const found: { key: string; id: string }[] = [];
        try {
            for (const m of municipalities) {
                for await (const row of table.listEntities<{ reportId?: string }>({ queryOptions: { filter: odata`PartitionKey eq ${m}`, select: ['RowKey', 'reportId'] } })) {
                    if (typeof row.reportId === 'string' && typeof row.rowKey === 'string') found.push({ key: row.rowKey, id: row.reportId });
                }
            }
        } catch (err) {
            throw storageError('read open index', err);
        }
        found.sort((a, b) => a.key.localeCompare(b.key));
        return { ids: found.slice(0, limit).map((f) => f.id), total: found.length };
    }

    /** Ids of reports closed at or before `cutoffIso` (possibly stale: the caller checks each report). */
    async closedBefore(cutoffIso: string): Promise<{ reportId: string; closedAt: string; rowKey: string }[]> {
        const table = await this.table('closedIndex');
        const out: { reportId: string; closedAt: string; rowKey: string }[] = [];
        try {
            // '|' sorts after every character of an ISO timestamp, so this takes every row closed at or before the cutoff.
            const rows = table.listEntities<{ reportId?: string }>({ queryOptions: { filter: odata`PartitionKey eq ${CLOSED} and RowKey lt ${`${cutoffIso}|~`}` } });
            for await (const row of rows) {
                const rowKey = row.rowKey ?? '';
                const closedAt = rowKey.split('|')[0] ?? '';
                if (typeof row.reportId === 'string' && closedAt <= cutoffIso) out.push({ reportId: row.reportId, closedAt, rowKey });
            }
        } catch (err) {
            throw storageError('read closed index', err);
        }
        return out;
    }

    /** Removes a closed-index row that no longer matches its report (reopened, purged). */
    async dropClosedRow(rowKey: string): Promise<void> {
        const table = await this.table('closedIndex');
        await ifFound(table.deleteEntity(CLOSED, rowKey)).catch((err: unknown) => {
            throw storageError('remove closed index row', err);
        });
    }

    async reportIdByReference(reference: string): Promise<string | undefined> {
        const upper = reference.toUpperCase();
        const table = await this.table('refIndex');
        try {
            const row = await ifFound(table.getEntity<{ reportId?: string }>(upper.slice(3, 7) || 'x', upper));
            return typeof row?.reportId === 'string' ? row.reportId : undefined;
        } catch (err) {
            throw storageError('read reference index', err);
        }
    }
}

function decodeCells(month: string, raw: unknown): StatisticsCell[] {
    if (typeof raw !== 'string') return [];
    let pairs: unknown;
    try {
        pairs = JSON.parse(raw);
    } catch {
        return [];
    }
    if (!Array.isArray(pairs)) return [];
    const cells: StatisticsCell[] = [];
    for (const pair of pairs) {
        if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'number') continue;
        const [municipality, forms, status] = pair[0].split('|');
        if (!isMunicipality(municipality) || !isStatus(status)) continue;
        const list = (forms ?? '').split(',').filter(isForm);
        cells.push({ month, municipality, forms: list, status, count: pair[1] });
    }
    return cells;
}
