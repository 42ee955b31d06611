import assert from 'node:assert/strict';
import type { ReportArchive, ReportOutbox, ReportRepository } from '../../../../bot/reports/ports';
import { isReportError } from '../../../../bot/reports/reportErrors';
import { REPORTER, OTHER_REPORTER, sampleReport } from '../../../unit/reports/reportFixtures';

export type ReportStorePorts = ReportRepository & ReportOutbox & ReportArchive;

const id = (n: number) => n.toString(16).padStart(32, '0');

/** The promises of the report ports, for every implementation (Tables on Azurite, in-memory). */
export function reportStoreContract(name: string, make: () => Promise<ReportStorePorts>): void {
    describe(`${name}: report repository, outbox and archive contract`, () => {
        let store: ReportStorePorts;
        beforeEach(async () => {
            store = await make();
        });

        it('reads nothing for an unknown or malformed id', async () => {
            assert.equal(await store.get(id(1)), undefined);
            assert.equal(await store.get('not-an-id'), undefined);
        });

        it('stores report and outbox row together, reads the report back, and says exists on a repeat', async () => {
            const report = sampleReport({ reportId: id(2) });
            const created = await store.createWithOutbox(report, '2026-03-15T09:00:00.000Z', { owner: 'me', until: '2026-03-15T09:02:00.000Z' });
            assert.notEqual(created, 'exists');
            if (created === 'exists') return;
            assert.ok(created.stored.etag && created.outbox.etag);
            assert.deepEqual((await store.get(report.reportId))?.report, report);
            assert.equal(await store.createWithOutbox(report, '2026-03-15T09:00:00.000Z'), 'exists');
            const pending = await store.listPendingOutbox();
            assert.deepEqual(
                pending.map(({ etag: _e, ...row }) => row),
                [
                    {
                        reportId: report.reportId,
                        rowKey: 'outbox',
                        purpose: 'post',
                        municipality: report.municipality,
                        state: 'pending',
                        attempts: 0,
                        nextAttemptAt: '2026-03-15T09:00:00.000Z',
                        giveUpAt: '2026-03-18T09:00:00.000Z',
                        leaseOwner: 'me',
                        leaseUntil: '2026-03-15T09:02:00.000Z',
                    },
                ],
            );
        });

        it('queues follow-ups with a change, lists them per report, keeps a running lease on a re-queue, completes them at their eTag', async () => {
            const created = await store.createWithOutbox(sampleReport({ reportId: id(7) }), '2026-03-15T09:00:00.000Z');
            assert.notEqual(created, 'exists');
            if (created === 'exists') return;
            const at = new Date('2026-03-15T10:00:00.000Z');
            await store.updateReport(id(7), (r) => ({ ...r, status: 'in_behandeling' }), undefined, undefined, {
                at,
                items: [{ purpose: 'card' }, { purpose: 'thread', key: 'v0000001', text: 'Opgepakt.' }, { purpose: 'person', key: 'v0000001', recipient: 'ABC', text: 'Je melding...' }],
            });
            const rows = (await store.listPendingOutbox(id(7))).filter((r) => r.purpose !== 'post');
            assert.deepEqual(rows.map((r) => [r.rowKey, r.purpose, r.text, r.recipient, r.nextAttemptAt, r.giveUpAt]).sort(), [
                ['fu_card', 'card', undefined, undefined, '', '2026-03-18T10:00:00.000Z'],
                ['fu_v0000001_p_abc', 'person', 'Je melding...', 'abc', '', '2026-03-18T10:00:00.000Z'],
                ['fu_v0000001_thread', 'thread', 'Opgepakt.', undefined, '', '2026-03-18T10:00:00.000Z'],
            ]);
            assert.equal((await store.listPendingOutbox(id(8))).length, 0, 'only that report');
            const card = rows.find((r) => r.purpose === 'card');
            assert.ok(card);
            const leased = await store.updateOutbox(card, { leaseOwner: 'me', leaseUntil: '2026-03-15T10:00:15.000Z' });
            assert.ok(leased);
            // A newer change queues the card again while it is being sent: the lease stays, the eTag moves.
            await store.updateReport(id(7), (r) => ({ ...r, status: 'doorgezet' }), undefined, undefined, { at, items: [{ purpose: 'card' }] });
            const requeued = await store.getOutboxRow(id(7), 'fu_card');
            assert.equal(requeued?.leaseOwner, 'me');
            assert.equal(await store.completeFollowUp(leased), false, 'queued again meanwhile: send once more');
            assert.ok(requeued);
            assert.equal(await store.completeFollowUp(requeued), true);
            assert.equal(await store.getOutboxRow(id(7), 'fu_card'), undefined);
            assert.equal((await store.getOutboxRow(id(7)))?.purpose, 'post');
        });

        it('changes an outbox row only at its eTag, and clears columns with an empty value', async () => {
            const created = await store.createWithOutbox(sampleReport({ reportId: id(3) }), '2026-03-15T09:00:00.000Z', { owner: 'me', until: 'x' });
            assert.notEqual(created, 'exists');
            if (created === 'exists') return;
            const next = await store.updateOutbox(created.outbox, { attempts: 1, leaseOwner: '', leaseUntil: '' });
            assert.ok(next && next.etag !== created.outbox.etag);
            assert.equal(await store.updateOutbox(created.outbox, { attempts: 2 }), undefined, 'stale eTag');
            const [row] = await store.listPendingOutbox();
            assert.equal(row?.attempts, 1);
            assert.equal(row?.leaseOwner, undefined);
            await store.updateOutbox(next, { state: 'done' });
            assert.deepEqual(await store.listPendingOutbox(), []);
        });

        it('updates a report (with its outbox row atomically), refuses a lost lease, and says NOT_FOUND', async () => {
            const created = await store.createWithOutbox(sampleReport({ reportId: id(4) }), '2026-03-15T09:00:00.000Z');
            assert.notEqual(created, 'exists');
            if (created === 'exists') return;
            const moved = await store.updateOutbox(created.outbox, { attempts: 1 });
            assert.ok(moved);
            await assert.rejects(
                store.updateReport(id(4), (r) => ({ ...r, status: 'afgesloten' }), { row: created.outbox, changes: { state: 'done' } }),
                (err) => isReportError(err, 'CONFLICT'),
            );
            assert.equal((await store.get(id(4)))?.report.status, 'nieuw', 'nothing written when the lease was lost');
            const done = await store.updateReport(id(4), (r) => ({ ...r, delivery: { ...r.delivery, state: 'bezorgd', activityId: 'a-1' } }), { row: moved, changes: { state: 'done' } });
            assert.equal(done.delivery.activityId, 'a-1');
            assert.equal((await store.get(id(4)))?.report.delivery.state, 'bezorgd');
            assert.deepEqual(await store.listPendingOutbox(), []);
            // A change against a stale `known` row is retried on the fresh one; no change writes nothing.
            const retried = await store.updateReport(id(4), (r) => ({ ...r, status: 'in_behandeling' }), undefined, created.stored);
            assert.equal(retried.delivery.activityId, 'a-1', 'built on the fresh row');
            const unchanged = await store.updateReport(id(4), () => undefined);
            assert.equal(unchanged.status, 'in_behandeling');
            await assert.rejects(store.updateReport(id(99), (r) => r), (err) => isReportError(err, 'NOT_FOUND'));
        });

        it('keeps a reporter index per colleague, lists by status, and forgets an index row on request', async () => {
            await store.createWithOutbox(sampleReport({ reportId: id(5) }), '2026-03-15T09:00:00.000Z');
            await store.createWithOutbox(sampleReport({ reportId: id(6), status: 'afgesloten' }), '2026-03-15T09:00:00.000Z');
            await store.addToReporterIndex(REPORTER, id(5));
            await store.addToReporterIndex(REPORTER, id(5));
            await store.addToReporterIndex(REPORTER, id(6));
            await store.addToReporterIndex(OTHER_REPORTER, id(7));
            assert.deepEqual((await store.listReporterIndex(REPORTER.aadObjectId)).sort(), [id(5), id(6)]);
            await store.removeFromReporterIndex(REPORTER.aadObjectId, id(6));
            await store.removeFromReporterIndex(REPORTER.aadObjectId, id(6));
            assert.deepEqual(await store.listReporterIndex(REPORTER.aadObjectId), [id(5)]);
            assert.deepEqual((await store.listReports({ status: 'afgesloten' })).map((s) => s.report.reportId), [id(6)]);
            assert.deepEqual((await store.listReports()).map((s) => s.report.reportId).sort(), [id(5), id(6)]);
        });
    });
}
