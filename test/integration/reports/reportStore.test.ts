import assert from 'node:assert/strict';
import { REFERENCE_PATTERN, ReferenceAllocator } from '../../../bot/reports/referenceAllocator';
import { TableReferenceCounter } from '../../../bot/storage/tables/tableReferenceCounter';
import { createLogger } from '../../../bot/logger';
import { isReportError, ReportError } from '../../../bot/reports/reportErrors';
import { OUTBOX_HINTS_TABLE, REPORTS_TABLE, TableReportStore } from '../../../bot/storage/tables/tableReportStore';
import { createTableClientFactory, type TableClientFactory } from '../../../bot/storage/tableClientFactory';
import { freshTables } from '../../support/testAzurite';
import { OTHER_REPORTER, REPORTER, sampleDraft } from '../../unit/reports/reportFixtures';
import { kitOn, ManualClock, reportKit } from './reportTestKit';

describe('reports on Azurite: store, service, references', () => {
    it('stores a report with its outbox row and an index row; get and listByReporter read it back', async () => {
        const { service, store, afterSubmit } = await reportKit('rstore');
        const result = await service.submit(sampleDraft(), REPORTER, 'sub-aaaaaaaa01');
        assert.equal(result.created, true);
        assert.equal(result.report.reference, 'MH-2026-0001');
        assert.equal(result.report.status, 'nieuw');
        assert.equal(result.report.delivery.state, 'wachtrij');
        assert.equal(result.report.channelKind, 'bound');
        assert.equal(result.coordinator?.name, 'Aandachtfunctionaris Zutphen');
        assert.ok(afterSubmit.calledOnceWith(result.report.reportId));

        const read = await service.get(result.report.reportId);
        assert.deepEqual(read, result.report);
        const pending = await store.listPendingOutbox();
        assert.deepEqual(pending.map((r) => r.reportId), [result.report.reportId]);

        const mine = await service.listByReporter(REPORTER.aadObjectId);
        assert.deepEqual(mine, [
            { reportId: result.report.reportId, reference: 'MH-2026-0001', submittedAt: result.report.submittedAt, municipality: 'Zutphen', status: 'nieuw', deliveryState: 'wachtrij' },
        ]);
        assert.deepEqual(await service.listByReporter(OTHER_REPORTER.aadObjectId), []);
        assert.equal(await service.get('not-an-id'), undefined);
    });

    it('a pass reads only the reports with outbox work (hints), not every report ever stored; a full scan still finds a row without one', async () => {
        const kit = await reportKit('rhints');
        const done: string[] = [];
        for (let i = 0; i < 30; i++) {
            const { report } = await kit.service.submit(sampleDraft(), i % 2 ? REPORTER : OTHER_REPORTER, `sub-hint-done-${String(i).padStart(3, '0')}`);
            const [row] = await kit.store.listPendingOutbox(report.reportId);
            assert.ok(row);
            await kit.store.updateOutbox(row, { state: 'done' });
            done.push(report.reportId);
        }
        const { report: waiting } = await kit.service.submit(sampleDraft(), REPORTER, 'sub-hint-pending1');
        assert.deepEqual((await kit.store.listPendingOutbox()).map((r) => r.reportId), [waiting.reportId]);
        const table = await kit.factory.table(REPORTS_TABLE);
        // The hints live in a table of their own, so reading them does not grow with the reports table.
        const hintTable = await kit.factory.table(OUTBOX_HINTS_TABLE);
        const hints = async () => {
            const out: string[] = [];
            for await (const h of hintTable.listEntities({ queryOptions: { filter: "PartitionKey eq 'pending_outbox'" } })) out.push(String(h.rowKey));
            return out;
        };
        assert.deepEqual(await hints(), [`${waiting.reportId}|outbox`], 'the pass removed the hints of the 30 finished reports (one hint per outbox row)');

        // A row from before the hints (no hint): found by the hourly full scan, not by the cheap pass.
        await table.createEntity({ partitionKey: `rpt_${'e'.repeat(32)}`, rowKey: 'outbox', kind: 'outbox', reportId: 'e'.repeat(32), municipality: 'Lochem', state: 'pending', attempts: 0, nextAttemptAt: '2026-03-15T09:00:00.000Z' });
        assert.ok(!(await kit.store.listPendingOutbox()).some((r) => r.reportId === 'e'.repeat(32)));
        assert.ok((await kit.store.listPendingOutbox(undefined, { full: true })).some((r) => r.reportId === 'e'.repeat(32)));
        // A hint of the kind stores kept before issue 17 (the reportId alone) still leads the cheap pass to its report.
        await hintTable.createEntity({ partitionKey: 'pending_outbox', rowKey: 'e'.repeat(32), kind: 'outboxHint' });
        assert.ok((await kit.store.listPendingOutbox()).some((r) => r.reportId === 'e'.repeat(32)));
    });

    it("a post recorded as delivered by the instance that stored it takes its hint along, unless work was queued on it meanwhile", async () => {
        const kit = await reportKit('rposthint');
        const hintTable = await kit.factory.table(OUTBOX_HINTS_TABLE);
        const hinted = async (reportId: string) => {
            const out: string[] = [];
            for await (const h of hintTable.listEntities({ queryOptions: { filter: "PartitionKey eq 'pending_outbox'" } })) if (String(h.rowKey).startsWith(reportId)) out.push(String(h.rowKey));
            return out;
        };
        const { report } = await kit.service.submit(sampleDraft(), REPORTER, 'sub-post-hint-01');
        assert.deepEqual(await hinted(report.reportId), [`${report.reportId}|outbox`]);
        const [row] = await kit.store.listPendingOutbox(report.reportId);
        assert.ok(row);
        await kit.store.updateReport(report.reportId, (r) => ({ ...r, delivery: { ...r.delivery, state: 'bezorgd' } }), { row, changes: { state: 'done' } });
        assert.deepEqual(await hinted(report.reportId), [], 'no pass needed to find the finished row');

        const { report: other } = await kit.service.submit(sampleDraft(), REPORTER, 'sub-post-hint-02');
        const [first] = await kit.store.listPendingOutbox(other.reportId);
        assert.ok(first);
        // Queued again (as a new binding does): the hint is written anew, so it is not the one stored with the report.
        const requeued = await kit.store.updateOutbox(first, { attempts: 0 });
        assert.ok(requeued);
        await kit.store.updateReport(other.reportId, () => undefined, { row: requeued, changes: { state: 'pending', nextAttemptAt: '' } });
        const [again] = await kit.store.listPendingOutbox(other.reportId);
        assert.ok(again);
        await kit.store.updateReport(other.reportId, (r) => ({ ...r, delivery: { ...r.delivery, state: 'bezorgd' } }), { row: again, changes: { state: 'done' } });
        assert.deepEqual(await hinted(other.reportId), [`${other.reportId}|outbox`], 'a rewritten hint stays for the pass to check');
    });

    it("a reminder's hint carries its due time: a pass leaves the row unread until then, other listings still see it", async () => {
        const kit = await reportKit('rremind');
        const { report } = await kit.service.submit(sampleDraft(), REPORTER, 'sub-remind-hint01');
        const [post] = await kit.store.listPendingOutbox(report.reportId);
        assert.ok(post);
        const now = Date.parse('2026-03-16T09:00:00.000Z');
        const dueAt = new Date(now + 3600_000);
        await kit.store.updateReport(report.reportId, () => undefined, { row: post, changes: { state: 'done' } }, undefined, { at: new Date(now), items: [{ purpose: 'reminder', dueAt }] });
        const reminders = (rows: { purpose: string }[]) => rows.filter((r) => r.purpose === 'reminder').length;
        assert.equal(reminders(await kit.store.listPendingOutbox(undefined, { dueBy: now })), 0, 'not due: not read');
        assert.equal(reminders(await kit.store.listPendingOutbox(undefined, { dueBy: dueAt.getTime() })), 1, 'due: read');
        assert.equal(reminders(await kit.store.listPendingOutbox()), 1, 'without dueBy every waiting row');
        assert.equal(reminders(await kit.store.listPendingOutbox(undefined, { full: true, dueBy: now })), 1, 'the full pass reads it regardless');
        // Sent once and waiting for the next working day: the hint moves along with the row.
        const [row] = (await kit.store.listPendingOutbox(report.reportId)).filter((r) => r.purpose === 'reminder');
        assert.ok(row);
        const next = new Date(now + 24 * 3600_000).toISOString();
        await kit.store.updateOutbox(row, { remindersSent: 1, nextAttemptAt: next });
        assert.equal(reminders(await kit.store.listPendingOutbox(undefined, { dueBy: dueAt.getTime() })), 0);
        assert.equal(reminders(await kit.store.listPendingOutbox(undefined, { dueBy: Date.parse(next) })), 1);
    });

    it('is idempotent on submissionId: a second submit returns the same report and reference', async () => {
        const { service, store, afterSubmit } = await reportKit('ridem');
        const first = await service.submit(sampleDraft(), REPORTER, 'sub-double-click');
        const second = await service.submit(sampleDraft(), REPORTER, 'sub-double-click');
        assert.equal(second.created, false);
        assert.equal(second.report.reference, first.report.reference);
        assert.equal((await store.listPendingOutbox()).length, 1);
        assert.equal((await service.listByReporter(REPORTER.aadObjectId)).length, 1);
        assert.equal(afterSubmit.callCount, 1);
        assert.equal((await service.findSubmission(REPORTER, 'sub-double-click'))?.report.reference, first.report.reference);
        // The same submissionId from another colleague is a different report.
        const other = await service.submit(sampleDraft(), OTHER_REPORTER, 'sub-double-click');
        assert.equal(other.created, true);
        assert.notEqual(other.report.reference, first.report.reference);
    });

    it('concurrent identical submissions (Teams retry during the turn) still make one report', async () => {
        const { service, store } = await reportKit('rrace');
        const results = await Promise.all(Array.from({ length: 5 }, () => service.submit(sampleDraft(), REPORTER, 'sub-same-retry')));
        assert.equal(new Set(results.map((r) => r.report.reference)).size, 1);
        assert.equal(results.filter((r) => r.created).length, 1);
        assert.equal((await store.listPendingOutbox()).length, 1);
        assert.equal((await service.listByReporter(REPORTER.aadObjectId)).length, 1);
    });

    it('two concurrent submissions get two distinct references', async () => {
        const { service } = await reportKit('rtwo');
        const [a, b] = await Promise.all([service.submit(sampleDraft(), REPORTER, 'sub-first-0001'), service.submit(sampleDraft({ municipality: 'Brummen' }), OTHER_REPORTER, 'sub-second-002')]);
        assert.notEqual(a.report.reference, b.report.reference);
        assert.deepEqual([a.report.reference, b.report.reference].sort(), ['MH-2026-0001', 'MH-2026-0002']);
        assert.equal(b.report.channelKind, 'fallback');
    });

    it('20 concurrent allocations (from separate allocators, as on separate instances) are unique and gapless', async () => {
        const { factory } = await reportKit('ralloc');
        const clock = new ManualClock();
        const allocators = Array.from({ length: 20 }, () => new ReferenceAllocator(new TableReferenceCounter(factory), { clock: clock.now }));
        const refs = await Promise.all(allocators.map((a) => a.next()));
        const numbers = refs.map((r) => r.sequence).sort((x, y) => x - y);
        assert.deepEqual(numbers, Array.from({ length: 20 }, (_, i) => i + 1));
        for (const r of refs) assert.match(r.reference, REFERENCE_PATTERN);
    });

    it('numbers restart per year, with the year taken in Amsterdam', async () => {
        const clock = new ManualClock(Date.parse('2026-12-31T22:30:00Z')); // 23:30 in Amsterdam
        const { references } = kitOn((await reportKit('ryear')).factory, clock);
        assert.equal((await references.next()).reference, 'MH-2026-0001');
        clock.advance(60 * 60_000); // 00:30 on 1 January in Amsterdam, still 2026 in UTC
        assert.equal((await references.next()).reference, 'MH-2027-0001');
    });

    it('refuses an invalid draft on the server even when it bypassed the card', async () => {
        const { service } = await reportKit('rinval');
        await assert.rejects(service.submit(sampleDraft({ description: 'x'.repeat(100 * 1024) }), REPORTER, 'sub-invalid-01'), (err) => isReportError(err, 'INVALID_REPORT'));
        await assert.rejects(service.submit(sampleDraft(), REPORTER, 'bad id with spaces'), (err) => isReportError(err, 'INVALID_REPORT'));
        await assert.rejects(service.submit(sampleDraft(), { aadObjectId: '', tenantId: 't' }, 'sub-invalid-02'), (err) => isReportError(err, 'INVALID_REPORT'));
    });

    it('surfaces unreachable storage as STORAGE_UNAVAILABLE and saves nothing', async () => {
        const down: TableClientFactory = {
            table: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
            ping: () => Promise.reject(new Error('down')),
            prepare: () => Promise.reject(new Error('down')),
        };
        const { service } = kitOn(down);
        await assert.rejects(service.submit(sampleDraft(), REPORTER, 'sub-down-000001'), (err: unknown) => err instanceof ReportError && err.code === 'STORAGE_UNAVAILABLE');
        await assert.rejects(service.listByReporter(REPORTER.aadObjectId), (err) => isReportError(err, 'STORAGE_UNAVAILABLE'));
    });

    it('maps a real connection failure (nothing listening) to STORAGE_UNAVAILABLE', async () => {
        const { connectionString } = await freshTables('rclosed');
        const closed = connectionString.replace(/(TableEndpoint=http:\/\/[^:/]+):\d+/, '$1:1');
        const { service } = kitOn(createTableClientFactory({ kind: 'connectionString', connectionString: closed }, 'closed'));
        await assert.rejects(service.submit(sampleDraft(), REPORTER, 'sub-closed-00001'), (err) => isReportError(err, 'STORAGE_UNAVAILABLE'));
    });
});

describe('damaged rows on Azurite', () => {
    it('raises DAMAGED_DATA for a damaged report row and logs it with ids only; a damaged outbox row is skipped and logged', async () => {
        const { factory, service } = await reportKit('rdamage');
        const { report } = await service.submit(sampleDraft(), REPORTER, 'sub-damaged-001');
        const lines: string[] = [];
        const logger = createLogger('error', { write: (line: string) => void lines.push(line) });
        const store = new TableReportStore(factory, logger);
        const table = await factory.table(REPORTS_TABLE);
        await table.updateEntity({ partitionKey: `rpt_${report.reportId}`, rowKey: 'report', municipality: 'Amsterdam' }, 'Merge');
        await assert.rejects(store.get(report.reportId), (err) => isReportError(err, 'DAMAGED_DATA'));
        await table.updateEntity({ partitionKey: `rpt_${report.reportId}`, rowKey: 'outbox', municipality: 'Amsterdam' }, 'Merge');
        assert.deepEqual(await store.listPendingOutbox(), []);
        assert.equal(lines.length, 2);
        for (const line of lines) {
            const entry = JSON.parse(line) as Record<string, unknown>;
            assert.equal(entry.code, 'DAMAGED_DATA');
            assert.equal(entry.event, 'storage.damagedRow');
            assert.doesNotMatch(line, /Amsterdam|schuur|Sam Toezicht/);
        }
    });
});
