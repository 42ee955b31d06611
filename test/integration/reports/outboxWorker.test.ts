import assert from 'node:assert/strict';
import { renderReportChannelCard } from '../../../cards/reportChannelCard';
import { createSilentLogger } from '../../../bot/logger';
import { OutboxWorker, type OutboxWorkerOptions } from '../../../bot/reports/outboxWorker';
import { DeliveryError, type ReportChannelSender } from '../../../bot/reports/ports';
import sinon from 'sinon';
import { StoredReportService, type ImmediateDelivery } from '../../../bot/reports/reportService';
import { TableReportStore } from '../../../bot/storage/tables/tableReportStore';
import type { CreatedReport } from '../../../bot/reports/ports';
import { OTHER_REPORTER, REPORTER, sampleDraft } from '../../unit/reports/reportFixtures';
import { channels, coordinators, fakeSender, kitOn, ManualClock, okPost, reportKit } from './reportTestKit';

type Kit = Awaited<ReturnType<typeof reportKit>>;

function workerFor(kit: Kit, sender: ReportChannelSender['postNewThread'], options: OutboxWorkerOptions = {}): OutboxWorker {
    return new OutboxWorker(
        { store: new TableReportStore(kit.factory), sender: { postNewThread: sender }, renderCard: renderReportChannelCard, logger: createSilentLogger() },
        { clock: kit.clock.now, random: () => 0.5, sleep: async () => undefined, ...options },
    );
}

const fail = (status?: number, retryAfterMs?: number) => new DeliveryError('post failed', { ...(status !== undefined && { status }), ...(retryAfterMs !== undefined && { retryAfterMs }) });

describe('OutboxWorker on Azurite', () => {
    it('503 twice then OK gives exactly one post, recorded on the report', async () => {
        const kit = await reportKit('wretry');
        const { report } = await kit.service.submit(sampleDraft(), REPORTER, 'sub-retry-00001');
        const send = fakeSender();
        send.onCall(0).rejects(fail(503));
        send.onCall(1).rejects(fail(503));
        send.onCall(2).callsFake(async () => ({ conversationId: '19:zutphen', activityId: 'act-1', kind: 'bound' as const }));
        const worker = workerFor(kit, send, { baseDelayMs: 1000 });

        assert.equal((await worker.drainOnce()).retried, 1);
        assert.equal((await worker.drainOnce()).skipped, 1, 'not due before the backoff');
        kit.clock.advance(750); // equal jitter with random 0.5: 1000/2 + 0.5*500
        assert.equal((await worker.drainOnce()).retried, 1);
        kit.clock.advance(1499);
        assert.equal((await worker.drainOnce()).skipped, 1);
        kit.clock.advance(1);
        assert.equal((await worker.drainOnce()).delivered, 1);
        assert.deepEqual(await worker.drainOnce(), { delivered: 0, alreadyDelivered: 0, retried: 0, failed: 0, skipped: 0 });

        assert.equal(send.callCount, 3);
        assert.equal(send.firstCall.args[0], 'Zutphen');
        assert.match(JSON.stringify(send.firstCall.args[1]), /MH-2026-0001/);
        const stored = await kit.service.get(report.reportId);
        assert.equal(stored?.delivery.state, 'bezorgd');
        assert.equal(stored?.delivery.activityId, 'act-1');
        assert.equal(stored?.delivery.conversationId, '19:zutphen');
        assert.equal(stored?.delivery.attempts, 3);
        assert.deepEqual(await kit.store.listPendingOutbox(), []);
    });

    it('429 waits for Retry-After and pauses the rest of the pass', async () => {
        const kit = await reportKit('w429');
        await kit.service.submit(sampleDraft(), REPORTER, 'sub-throttle-001');
        kit.clock.advance(10);
        await kit.service.submit(sampleDraft({ municipality: 'Voorst' }), OTHER_REPORTER, 'sub-throttle-002');
        const send = fakeSender();
        send.onCall(0).rejects(fail(429, 7000));
        send.callsFake(async () => okPost());
        const worker = workerFor(kit, send, { baseDelayMs: 100, concurrency: 1 });

        const first = await worker.drainOnce();
        assert.deepEqual([first.retried, first.skipped, send.callCount], [1, 1, 1], 'second row waits while throttled');
        assert.equal(first.nextDueAt, kit.clock.ms + 7000);
        kit.clock.advance(6999);
        assert.equal((await worker.drainOnce()).delivered, 0);
        assert.equal(send.callCount, 1);
        kit.clock.advance(1);
        assert.equal((await worker.drainOnce()).delivered, 2);
        assert.equal(send.callCount, 3);
    });

    it('a permanent 403 tries the fallback channel at once; when that refuses too it is niet_bezorgd, for the admins', async () => {
        const kit = await reportKit('w403');
        const { report } = await kit.service.submit(sampleDraft(), REPORTER, 'sub-forbidden-01');
        const send = fakeSender().rejects(fail(403));
        const worker = workerFor(kit, send);
        assert.equal((await worker.drainOnce()).failed, 1);
        kit.clock.advance(60 * 60_000);
        await worker.drainOnce();
        assert.deepEqual(send.getCalls().map((c) => c.args[2]), ['own', 'fallback']);
        const stored = await kit.service.get(report.reportId);
        assert.equal(stored?.delivery.state, 'niet_bezorgd');
        assert.match(stored?.delivery.failureReason ?? '', /403/);
        assert.deepEqual((await kit.store.listUndelivered()).map((r) => r.reportId), [report.reportId]);
        assert.equal((await kit.service.listByReporter(REPORTER.aadObjectId))[0]?.deliveryState, 'niet_bezorgd');
    });

    it('transient failures (network errors included) are retried for 72 hours, then the fallback, then niet_bezorgd', async () => {
        const kit = await reportKit('wgiveup');
        const { report } = await kit.service.submit(sampleDraft(), REPORTER, 'sub-giveup-0001');
        const send = fakeSender();
        send.rejects(new Error('socket hang up'));
        send.onCall(0).rejects(fail(502));
        // An hour's cap keeps this walk through 72 hours short; production caps at 45 s (see OutboxWorker).
        const worker = workerFor(kit, send, { baseDelayMs: 1000, maxDelayMs: 3_600_000 });
        let hours = 0;
        while (hours < 71.9) {
            const result = await worker.drainOnce();
            assert.equal(result.failed, 0, `not final after ${hours.toFixed(1)} h`);
            kit.clock.advance(Math.max(1, (result.nextDueAt ?? kit.clock.ms) - kit.clock.ms));
            hours = (kit.clock.ms - Date.parse(report.submittedAt)) / 3_600_000;
        }
        assert.equal((await kit.service.get(report.reportId))?.delivery.state, 'wachtrij');
        kit.clock.advance(10 * 60_000);
        await worker.drainOnce();
        const stored = await kit.service.get(report.reportId);
        assert.equal(stored?.delivery.state, 'niet_bezorgd');
        assert.equal(send.lastCall.args[2], 'fallback', 'the fallback channel is tried before giving up');
        assert.match(stored?.delivery.failureReason ?? '', /Teams niet bereikbaar/);
        console.log(`      ${send.callCount} attempts in 72 hours before niet_bezorgd`);
    });

    it('the window in which a crash gives a second card: from Teams accepting the post to the delivery recorded', async () => {
        const kit = await reportKit('wwindow');
        for (let i = 0; i < 20; i++) await kit.service.submit(sampleDraft(), i % 2 ? REPORTER : OTHER_REPORTER, `sub-window-${String(i).padStart(6, '0')}`);
        const store = new TableReportStore(kit.factory);
        const acceptedAt = new Map<string, number>();
        const windows: number[] = [];
        const send = fakeSender().callsFake(async () => {
            const post = okPost();
            acceptedAt.set(post.activityId, performance.now());
            return post;
        });
        const record = store.updateReport.bind(store);
        sinon.stub(store, 'updateReport').callsFake(async (...args) => {
            const result = await record(...args);
            const started = acceptedAt.get(result.delivery.activityId ?? '');
            if (started !== undefined) windows.push(performance.now() - started);
            return result;
        });
        const worker = new OutboxWorker({ store, sender: { postNewThread: send }, renderCard: renderReportChannelCard, logger: createSilentLogger() }, { clock: kit.clock.now, concurrency: 1 });
        assert.equal((await worker.drainOnce()).delivered, 20);
        windows.sort((a, b) => a - b);
        console.log(`      double-post window (post accepted -> delivery recorded, Azurite): median ${windows[10]?.toFixed(1)} ms, max ${windows.at(-1)?.toFixed(1)} ms over ${windows.length} posts`);
        assert.equal(windows.length, 20);
    });

    it('a restart between storing and delivering gives exactly one delivery', async () => {
        const kit = await reportKit('wrestart');
        await kit.service.submit(sampleDraft(), REPORTER, 'sub-restart-0001');
        // "Restart": a new store, allocator, service and worker on the same tables, as after a process restart.
        const restarted = kitOn(kit.factory, kit.clock);
        const send = fakeSender().callsFake(async () => okPost());
        const worker = workerFor({ ...kit, ...restarted }, send);
        assert.equal((await worker.drainOnce()).delivered, 1);
        const afterSecondRestart = workerFor({ ...kit, ...kitOn(kit.factory, kit.clock) }, send);
        await afterSecondRestart.drainOnce();
        assert.equal(send.callCount, 1);
    });

    it('two workers running at once deliver every notification once', async () => {
        const kit = await reportKit('wtwo');
        for (let i = 0; i < 6; i++) await kit.service.submit(sampleDraft(), i % 2 ? REPORTER : OTHER_REPORTER, `sub-two-workers-${i}`);
        const send = fakeSender().callsFake(async () => {
            await new Promise((r) => setTimeout(r, 5));
            return okPost();
        });
        const a = workerFor(kit, send, { instanceId: 'a' });
        const b = workerFor(kit, send, { instanceId: 'b' });
        const results = await Promise.all([a.drainOnce(), b.drainOnce(), a.drainOnce(), b.drainOnce()]);
        assert.equal(send.callCount, 6);
        assert.equal(results.reduce((n, r) => n + r.delivered, 0), 6);
        assert.deepEqual(await kit.store.listPendingOutbox(), []);
    });

    it('never posts again for a report that already has a channel activity id', async () => {
        const kit = await reportKit('wdone');
        const { report } = await kit.service.submit(sampleDraft(), REPORTER, 'sub-already-0001');
        await kit.store.updateReport(report.reportId, (r) => ({ ...r, delivery: { ...r.delivery, state: 'bezorgd', conversationId: 'c', activityId: 'earlier' } }));
        const send = fakeSender().callsFake(async () => okPost());
        const result = await workerFor(kit, send).drainOnce();
        assert.equal(result.alreadyDelivered, 1);
        assert.equal(send.callCount, 0);
        assert.deepEqual(await kit.store.listPendingOutbox(), []);
    });

    describe('a report stored by this instance (created leased to it, handed over as written)', () => {
        function serviceDelivering(kit: Kit, delivery: ImmediateDelivery): StoredReportService {
            return new StoredReportService({ store: kit.store, references: kit.references, channels, coordinators, logger: createSilentLogger(), clock: kit.clock.now, delivery });
        }

        it('is posted once without a claim or a read before the post, and other instances leave it alone', async () => {
            const kit = await reportKit('wfresh');
            const send = fakeSender().callsFake(async () => okPost());
            const own = new TableReportStore(kit.factory);
            const worker = new OutboxWorker(
                { store: own, sender: { postNewThread: send }, renderCard: renderReportChannelCard, logger: createSilentLogger() },
                { clock: kit.clock.now, instanceId: 'self', pollIntervalMs: 60_000 },
            );
            const reads = { get: sinon.spy(own, 'get'), updateOutbox: sinon.spy(own, 'updateOutbox') };
            const { report } = await serviceDelivering(kit, worker).submit(sampleDraft(), REPORTER, 'sub-fresh-000001');

            const other = workerFor(kit, send, { instanceId: 'other' });
            assert.equal((await other.drainOnce()).skipped, 1, 'leased to the instance that stored it');
            worker.start();
            await waitFor(() => send.callCount === 1);
            await worker.stop();

            assert.deepEqual([reads.get.callCount, reads.updateOutbox.callCount], [0, 0]);
            assert.match(JSON.stringify(send.firstCall.args[1]), new RegExp(report.reference));
            const stored = await kit.service.get(report.reportId);
            assert.equal(stored?.delivery.state, 'bezorgd');
            assert.deepEqual(await kit.store.listPendingOutbox(), []);
            await other.drainOnce();
            assert.equal(send.callCount, 1);
        });

        it('is not posted twice when a scan lists it before it is handed over', async () => {
            const kit = await reportKit('wfrace');
            const send = fakeSender().callsFake(async () => okPost());
            const worker = workerFor(kit, send, { instanceId: 'self' });
            let held: CreatedReport | undefined;
            await serviceDelivering(kit, { leaseForNew: () => worker.leaseForNew(), deliverNow: (c) => (held = c) }).submit(sampleDraft(), REPORTER, 'sub-fresh-race01');
            assert.equal((await worker.drainOnce()).skipped, 1, 'the scan waits for the lease');
            assert.ok(held);
            worker.deliverNow(held);
            assert.equal((await worker.drainOnce()).delivered, 1);
            await worker.drainOnce();
            assert.equal(send.callCount, 1);
        });

        it('is delivered by another instance once the lease ran out (the storing instance died)', async () => {
            const kit = await reportKit('wfdied');
            const send = fakeSender().callsFake(async () => okPost());
            const died = workerFor(kit, send, { instanceId: 'died', leaseMs: 60_000 });
            await serviceDelivering(kit, { leaseForNew: () => died.leaseForNew(), deliverNow: () => undefined }).submit(sampleDraft(), REPORTER, 'sub-fresh-died01');
            const other = workerFor(kit, send, { instanceId: 'other' });
            assert.equal((await other.drainOnce()).skipped, 1);
            kit.clock.advance(60_001);
            assert.equal((await other.drainOnce()).delivered, 1);
            assert.equal(send.callCount, 1);
        });
    });

    it('start() finds pending rows, kick() delivers at once, stop() waits for the running delivery', async () => {
        const kit = await reportKit('wloop');
        await kit.service.submit(sampleDraft(), REPORTER, 'sub-loop-000001');
        let release: () => void = () => undefined;
        const send = fakeSender().callsFake(async () => okPost());
        const worker = new OutboxWorker(
            { store: new TableReportStore(kit.factory), sender: { postNewThread: send }, renderCard: renderReportChannelCard, logger: createSilentLogger() },
            { pollIntervalMs: 60_000, clock: kit.clock.now },
        );
        worker.start();
        await waitFor(() => send.callCount === 1);

        const slow = new Promise<void>((r) => (release = r));
        send.callsFake(async () => {
            await slow;
            return okPost();
        });
        await kit.service.submit(sampleDraft(), REPORTER, 'sub-loop-000002');
        worker.kick();
        await waitFor(() => send.callCount === 2);
        let stopped = false;
        const stopping = worker.stop().then(() => (stopped = true));
        await new Promise((r) => setTimeout(r, 50));
        assert.equal(stopped, false, 'stop waits for the delivery in flight');
        release();
        await stopping;
        assert.deepEqual(await kit.store.listPendingOutbox(), []);
    });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    while (!condition()) {
        if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
        await new Promise((r) => setTimeout(r, 10));
    }
}
