/**
 * The domain's metrics port (bot/domain/ports.ts RecordMetric), on in-memory ports and a virtual clock:
 * what is recorded when a report is stored, delivered, refused by every channel, and picked up. The
 * OpenTelemetry side and the privacy of it are test/integration/security/telemetryPrivacy.test.ts.
 */
import assert from 'node:assert/strict';
import type { MetricAttributes, MetricName } from '../../../bot/domain/ports';
import { createSilentLogger } from '../../../bot/logger';
import { OutboxWorker } from '../../../bot/reports/outboxWorker';
import { DeliveryError, type ChannelPost, type ReportChannelSender } from '../../../bot/reports/ports';
import { ReferenceAllocator } from '../../../bot/reports/referenceAllocator';
import { StoredReportService } from '../../../bot/reports/reportService';
import { MemoryReferenceCounter, MemoryReportStore } from '../../support/memoryPorts';
import { REPORTER, sampleDraft } from './reportFixtures';

const logger = createSilentLogger();

function setup(sender: ReportChannelSender) {
    let ms = Date.parse('2026-03-16T09:00:00.000Z');
    const clock = () => new Date(ms);
    const recorded: { name: MetricName; value: number; attributes?: MetricAttributes }[] = [];
    const recordMetric = (name: MetricName, value: number, attributes?: MetricAttributes) => void recorded.push({ name, value, ...(attributes && { attributes }) });
    const store = new MemoryReportStore();
    const worker = new OutboxWorker({ store, sender, renderCard: (r) => ({ reportId: r.reportId }), logger, recordMetric }, { clock, sleep: async () => undefined, instanceId: 'a' });
    const service = new StoredReportService({
        store,
        references: new ReferenceAllocator(new MemoryReferenceCounter(), { clock }),
        channels: { targetFor: async () => ({ kind: 'bound' }) },
        coordinators: { contactFor: () => undefined },
        logger,
        clock,
        recordMetric,
    });
    return { recorded, worker, service, advance: (by: number) => (ms += by) };
}

describe('report metrics (the RecordMetric port)', () => {
    it('a stored and delivered report: stored, delivered, its time to delivery and the outbox age', async () => {
        const post: ChannelPost = { conversationId: '19:kanaal@thread.tacv2;messageid=1', activityId: '1', kind: 'bound' };
        const { recorded, worker, service, advance } = setup({ postNewThread: async () => post });
        await service.submit(sampleDraft(), REPORTER, 'sub-metrics-01');
        advance(42_000);
        await worker.drainOnce();
        const names = recorded.map((r) => r.name);
        assert.deepEqual(names.filter((n) => n.startsWith('reports.')), ['reports.stored', 'reports.delivered', 'reports.time_to_delivery']);
        assert.equal(recorded.find((r) => r.name === 'reports.time_to_delivery')?.value, 42);
        assert.deepEqual(recorded.find((r) => r.name === 'reports.delivered')?.attributes, { municipality: sampleDraft().municipality, acute: false, route: 'own' });
        const age = recorded.find((r) => r.name === 'outbox.oldest_pending_age');
        assert.ok(age && age.value >= 0 && age.value <= 42, `outbox age ${age?.value}`);
    });

    it('a report no channel takes: undelivered with the status, never delivered', async () => {
        const { recorded, worker, service } = setup({
            postNewThread: async () => {
                throw new DeliveryError('refused', { status: 404 });
            },
        });
        await service.submit(sampleDraft(), REPORTER, 'sub-metrics-02');
        await worker.drainOnce();
        const undelivered = recorded.filter((r) => r.name === 'reports.undelivered');
        assert.equal(undelivered.length, 1);
        assert.equal(undelivered[0]?.attributes?.status, '404');
        assert.equal(recorded.filter((r) => r.name === 'reports.delivered').length, 0);
    });
});
