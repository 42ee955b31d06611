import assert from 'node:assert/strict';
import { createSilentLogger } from '../../../bot/logger';
import { byReference, cellsOf, dueOf, formsKey, openOf } from '../../../bot/reports/reportQueries';
import type { StatisticsCell } from '../../../bot/reports/ports';
import type { Report, ReportStatus } from '../../../bot/reports/reportModel';
import type { Municipality, ExploitationForm } from '../../../bot/domain/vocabulary';
import { createTableClientFactory, type TableClientFactory } from '../../../bot/storage/tableClientFactory';
import { toEntity } from '../../../bot/storage/tables/reportRows';
import { ReportIndexMaintenance } from '../../../bot/storage/tables/reportIndexMaintenance';
import { INDEX_BACKFILL_KEY } from '../../../bot/storage/tables/tableReportIndexes';
import { REPORTS_TABLE, TableReportStore } from '../../../bot/storage/tables/tableReportStore';
import { TableScheduledRuns } from '../../../bot/storage/tables/tableScheduledRuns';
import { reporterPartition } from '../../../bot/storage/tables/tableReporterIndex';
import { StorageFaultProxy, WRITES, onTable } from '../../support/storageFaultProxy';
import { freshTables, testAzurite, uniquePrefix } from '../../support/testAzurite';

const DAY = 24 * 3600 * 1000;
const TENANT = '11111111-2222-4333-8444-555555555555';
const FAST_FAIL = { requestTimeoutMs: 2000, maxRetries: 0, retryDelayMs: 10 };

let serial = 0;
function report(overrides: { municipality?: Municipality; forms?: ExploitationForm[]; submittedAt?: string; reporter?: string } = {}): Report {
    serial++;
    const reportId = `${serial.toString(16).padStart(8, '0')}${'c'.repeat(24)}`;
    return {
        reportId,
        reference: `MH-2026-${String(serial).padStart(4, '0')}`,
        submissionId: `sub-${serial}`,
        submittedAt: overrides.submittedAt ?? new Date(Date.UTC(2026, serial % 12, 10, 9)).toISOString(),
        reporter: { aadObjectId: overrides.reporter ?? 'be0c0000-0000-4000-8000-000000000001', tenantId: TENANT },
        status: 'nieuw',
        channelKind: 'bound',
        delivery: { state: 'bezorgd', attempts: 1 },
        municipality: overrides.municipality ?? 'Brummen',
        forms: overrides.forms ?? ['arbeid'],
        description: 'Een beschrijving.',
        observedOn: '2026-01-01',
        workContext: 'handhaving',
        indicators: [],
        minor: 'nee',
        informed: [],
        acuteDanger: false,
    };
}

/** A case change as TableCaseHistory makes it: the row replaced with the eTag, the version one up. */
async function change(store: TableReportStore, reportId: string, status: ReportStatus, at: Date, extra: Partial<Report> = {}): Promise<Report> {
    const current = await store.get(reportId);
    assert.ok(current);
    const version = (current.report.handling?.version ?? 0) + 1;
    const closedAt = status === 'afgesloten' ? at.toISOString() : undefined;
    const next: Report = { ...current.report, ...extra, status, handling: { ...(current.report.handling ?? { version: 0 }), version, ...(closedAt ? { closedAt } : {}) } };
    const stored = await store.replaceIfUnchanged(next, current.etag);
    assert.ok(stored, 'the change was stored');
    return next;
}

const cellKey = (c: StatisticsCell) => `${c.month}|${c.municipality}|${formsKey(c.forms)}|${c.status}|${c.count}`;
const sortedCells = (cells: StatisticsCell[]) => cells.map(cellKey).sort();

/** The indexes answer exactly what a scan of every report answers. */
async function assertConsistent(store: TableReportStore, cutoffIso: string): Promise<void> {
    const all = await store.listReports();
    const reports = all.map((s) => s.report);
    assert.deepEqual(sortedCells(await store.statisticsCells()), sortedCells(cellsOf(reports)), 'statistics');
    for (const municipalities of [['Brummen'], ['Lochem', 'Zutphen']] as Municipality[][]) {
        const indexed = await store.listOpenReports(municipalities, 3);
        const scanned = openOf(reports, municipalities, 3);
        assert.deepEqual(indexed.reports.map((r) => r.reportId), scanned.reports.map((r) => r.reportId), `open ${municipalities.join('+')}`);
        assert.equal(indexed.total, scanned.total, `open count ${municipalities.join('+')}`);
    }
    assert.deepEqual((await store.listDueForRetention(cutoffIso)).map((s) => s.report.reportId).sort(), dueOf(all, cutoffIso).map((s) => s.report.reportId).sort(), 'due for retention');
    for (const r of reports.slice(0, 3)) assert.equal((await store.findByReference(r.reference.toLowerCase()))?.reportId, byReference(reports, r.reference)?.reportId, 'by reference');
}

async function migratedStore(factory: TableClientFactory): Promise<TableReportStore> {
    const store = new TableReportStore(factory, createSilentLogger());
    await new ReportIndexMaintenance(store, new TableScheduledRuns(factory), 'test', createSilentLogger()).migrate();
    assert.ok(await store.indexes.ready());
    return store;
}

describe('Report indexes and the statistics aggregate on Azurite (issue 17)', function () {
    this.timeout(60_000);

    it('follow creates, status changes, reopening, closing and purging: the same answers as a scan', async () => {
        const { factory } = await freshTables('rix');
        const store = await migratedStore(factory);
        const now = new Date(Date.UTC(2026, 11, 1, 12));
        const ids: string[] = [];
        const munis: Municipality[] = ['Brummen', 'Lochem', 'Voorst', 'Zutphen'];
        for (let i = 0; i < 16; i++) {
            const r = report({ municipality: munis[i % 4], forms: i % 3 === 0 ? ['arbeid', 'seksueel'] : i % 3 === 1 ? [] : ['crimineel'] });
            assert.notEqual(await store.createWithOutbox(r, now.toISOString()), 'exists');
            ids.push(r.reportId);
        }
        const [a, b, c, d, e] = ids as [string, string, string, string, string];
        await change(store, a, 'in_behandeling', now);
        await change(store, b, 'afgesloten', new Date(now.getTime() - 400 * DAY));
        await change(store, c, 'afgesloten', new Date(now.getTime() - 400 * DAY));
        await change(store, c, 'in_behandeling', now); // reopened: its closed-index row is stale
        await change(store, d, 'afgesloten', new Date(now.getTime() - 500 * DAY));
        await change(store, d, 'in_behandeling', now);
        await change(store, d, 'afgesloten', new Date(now.getTime() - 10 * DAY)); // closed again, recently
        await change(store, e, 'afgesloten', new Date(now.getTime() - 380 * DAY));
        const cutoff = new Date(now.getTime() - 365 * DAY).toISOString();
        await assertConsistent(store, cutoff);
        assert.deepEqual((await store.listDueForRetention(cutoff)).map((s) => s.report.reportId).sort(), [b, e].sort());

        // A purge (as retention does it: same status, purgedAt set) leaves the numbers and takes it off the due list.
        const stored = await store.get(b);
        assert.ok(stored);
        assert.ok(await store.replaceIfUnchanged({ ...stored.report, description: '', purgedAt: now.toISOString() }, stored.etag));
        await assertConsistent(store, cutoff);
        assert.deepEqual((await store.listDueForRetention(cutoff)).map((s) => s.report.reportId), [e]);
    });

    it('an older state synced after a newer one changes nothing (versions guard every index row)', async () => {
        const { factory } = await freshTables('rixv');
        const store = await migratedStore(factory);
        const now = new Date(Date.UTC(2026, 5, 1));
        const r = report({ municipality: 'Voorst' });
        await store.createWithOutbox(r, now.toISOString());
        const closed = await change(store, r.reportId, 'afgesloten', now);
        await store.indexes.flush();
        // A slow sync of the state before the close lands now, also as the creating instance's first sync.
        await store.indexes.sync(r);
        await store.indexes.sync(r, { fresh: true });
        await assertConsistent(store, now.toISOString());
        assert.equal((await store.listOpenReports(['Voorst'], 10)).total, 0);
        assert.deepEqual(sortedCells(await store.statisticsCells()), sortedCells(cellsOf([closed])));
    });

    it('a crash (storage failing) between a report write and its index sync: the hint stays and the repair pass makes the indexes whole', async () => {
        const azurite = await testAzurite();
        const endpoint = /TableEndpoint=([^;]+)/.exec(azurite.connectionString)?.[1];
        assert.ok(endpoint);
        const proxy = await StorageFaultProxy.start(endpoint);
        try {
            const prefix = uniquePrefix('rixc');
            const viaProxy = createTableClientFactory({ kind: 'connectionString', connectionString: proxy.connectionString(azurite.connectionString) }, prefix, FAST_FAIL);
            const store = await migratedStore(viaProxy);
            const now = new Date(Date.UTC(2026, 2, 3));
            const first = report({ municipality: 'Zutphen' });
            await store.createWithOutbox(first, now.toISOString());
            await store.indexes.flush();
            // Every index write fails from here; the reports table itself still works.
            for (const table of ['statIndex', 'openIndex', 'closedIndex', 'refIndex', 'statCounts']) proxy.fail({ kind: 'status', status: 503 }, { when: onTable(table, ...WRITES) });
            const second = report({ municipality: 'Zutphen', forms: ['orgaan'] });
            await store.createWithOutbox(second, now.toISOString());
            await change(store, first.reportId, 'afgesloten', now);
            await store.indexes.flush();
            assert.ok(proxy.faulted() > 0, 'the index writes were refused');
            const stale = await store.statisticsCells();
            assert.notDeepEqual(sortedCells(stale), sortedCells(cellsOf((await store.listReports()).map((s) => s.report))), 'the aggregate missed the changes');

            await proxy.pass();
            // A second instance (fresh process after the crash) repairs from the hints alone.
            const restarted = await migratedStore(viaProxy);
            assert.equal(await restarted.indexes.repair(), 2, 'both hinted reports synced again');
            await assertConsistent(restarted, now.toISOString());
            assert.equal(await restarted.indexes.repair(), 0, 'no hints left');
        } finally {
            await proxy.close();
        }
    });

    it('a crash in the middle of a month rebuild: the month stays dirty and the next read counts it again', async () => {
        const azurite = await testAzurite();
        const endpoint = /TableEndpoint=([^;]+)/.exec(azurite.connectionString)?.[1];
        assert.ok(endpoint);
        const proxy = await StorageFaultProxy.start(endpoint);
        try {
            const viaProxy = createTableClientFactory({ kind: 'connectionString', connectionString: proxy.connectionString(azurite.connectionString) }, uniquePrefix('rixr'), FAST_FAIL);
            const store = await migratedStore(viaProxy);
            const now = new Date(Date.UTC(2026, 3, 3));
            for (let i = 0; i < 3; i++) await store.createWithOutbox(report({ municipality: 'Lochem', submittedAt: '2026-04-02T10:00:00.000Z' }), now.toISOString());
            await store.indexes.flush();
            // The rebuild cannot store its counts: this read still gets what it counted, and the month stays dirty.
            proxy.fail({ kind: 'status', status: 503 }, { when: onTable('statCounts', 'insert', 'update', 'delete') });
            assert.deepEqual((await store.statisticsCells()).map(cellKey), ['2026-04|Lochem|arbeid|nieuw|3']);
            await proxy.pass();
            const dirty = async () => {
                const out: string[] = [];
                for await (const row of (await viaProxy.table('statCounts')).listEntities({ queryOptions: { filter: "PartitionKey eq 'dirty'" } })) out.push(String(row.rowKey));
                return out;
            };
            assert.deepEqual(await dirty(), ['2026-04'], 'still marked for a rebuild');
            // A fourth report of that month after the failed rebuild: the next read counts all four and is clean.
            await store.createWithOutbox(report({ municipality: 'Lochem', submittedAt: '2026-04-20T10:00:00.000Z' }), now.toISOString());
            assert.deepEqual((await store.statisticsCells()).map(cellKey), ['2026-04|Lochem|arbeid|nieuw|4']);
            assert.deepEqual(await dirty(), []);
        } finally {
            await proxy.close();
        }
    });

    it('migrates a store from before the indexes once, leased: the same numbers as the scan, the old reporter rows still listed', async () => {
        const { factory } = await freshTables('rixm');
        const table = await factory.table(REPORTS_TABLE);
        const reporter = 'be0c0000-0000-4000-8000-0000000000aa';
        const old: Report[] = [];
        for (let i = 0; i < 12; i++) {
            const r = { ...report({ municipality: i % 2 ? 'Brummen' : 'Lochem', reporter }), status: (i % 4 === 0 ? 'afgesloten' : 'nieuw') as ReportStatus };
            if (r.status === 'afgesloten') r.handling = { version: 1, closedAt: '2025-01-01T00:00:00.000Z' };
            await table.submitTransaction([['create', toEntity(r)]]);
            // The reporter index as the old store kept it: a partition in the reports table.
            await table.createEntity({ partitionKey: reporterPartition(reporter), rowKey: r.reportId, kind: 'index', reportId: r.reportId });
            old.push(r);
        }
        const store = new TableReportStore(factory, createSilentLogger());
        assert.equal(await store.indexes.ready(), false);
        // Before the migration: answers from the scan, and the old reporter rows.
        assert.deepEqual(sortedCells(await store.statisticsCells()), sortedCells(cellsOf(old)));
        assert.equal((await store.listReporterIndex(reporter)).length, 12);

        const runs = new TableScheduledRuns(factory);
        const one = new ReportIndexMaintenance(store, runs, 'instance-a', createSilentLogger());
        const two = new ReportIndexMaintenance(new TableReportStore(factory, createSilentLogger()), runs, 'instance-b', createSilentLogger());
        const [ranA, ranB] = await Promise.all([one.migrate(), two.migrate()]);
        assert.equal(Number(ranA) + Number(ranB), 1, 'exactly one instance migrated');
        assert.ok(await runs.isDone(INDEX_BACKFILL_KEY));
        assert.equal(await one.migrate(), false, 'a later start does nothing');

        const after = new TableReportStore(factory, createSilentLogger());
        assert.ok(await after.indexes.ready());
        await assertConsistent(after, '2025-06-01T00:00:00.000Z');
        // The reporter rows were copied: listed from the reporter index table alone now.
        assert.equal((await after.listReporterIndex(reporter)).length, 12);
    });
});
