import assert from 'node:assert/strict';
import { CaseService } from '../../../bot/cases/caseService';
import type { CoordinatorRoster } from '../../../bot/cases/ports';
import { RetentionPurger } from '../../../bot/cases/retention';
import { createSilentLogger } from '../../../bot/logger';
import { OutboxWorker } from '../../../bot/reports/outboxWorker';
import { DeliveryError, type ChannelDirectory, type CoordinatorDirectory } from '../../../bot/reports/ports';
import { ReferenceAllocator } from '../../../bot/reports/referenceAllocator';
import { StoredReportService } from '../../../bot/reports/reportService';
import { MemoryAuditLog, MemoryCaseHistory, MemoryReferenceCounter, MemoryReportStore, MemorySubmissionLimiter } from '../../support/memoryPorts';
import { FIXED_NOW, OTHER_REPORTER, REPORTER, sampleDraft } from '../reports/reportFixtures';

/**
 * The domain's use cases on in-memory ports: no Azurite, no Teams, milliseconds. The Tables versions of
 * the same ports pass the same contract suites (test/integration/storage/portContracts.test.ts).
 */
const logger = createSilentLogger();
const channels: ChannelDirectory = { targetFor: async () => ({ kind: 'bound' }) };
const coordinators: CoordinatorDirectory = { contactFor: (m) => ({ name: `Aandachtfunctionaris ${m}` }) };
const SANNE = '11111111-2222-4333-8444-555555555555';
const roster: CoordinatorRoster = {
    isCoordinator: (id, m) => id?.toLowerCase() === SANNE && m === 'Zutphen',
    coordinatorsOf: (m) => (m === 'Zutphen' ? [{ aadObjectId: SANNE, name: 'Sanne Jansen' }] : []),
    municipalitiesOf: (id) => (id?.toLowerCase() === SANNE ? ['Zutphen'] : []),
    isRegional: () => false,
};

function domain(clock = () => FIXED_NOW) {
    const store = new MemoryReportStore();
    const service = new StoredReportService({
        store,
        references: new ReferenceAllocator(new MemoryReferenceCounter(), { clock }),
        channels,
        coordinators,
        logger,
        clock,
        limiter: new MemorySubmissionLimiter({ maxPerWindow: 2, windowMs: 3_600_000 }, clock),
    });
    const history = new MemoryCaseHistory(store);
    const audit = new MemoryAuditLog(clock);
    const cases = new CaseService({ store: history, reports: store, roster, audit, allowedTenantIds: [REPORTER.tenantId], logger, clock, sameChannel: (a, b) => a === b });
    return { store, service, history, audit, cases, clock };
}

describe('the domain on in-memory ports', () => {
    it('submits once per submission, lists only one\'s own reports, and applies the rate limit', async () => {
        const { service } = domain();
        const first = await service.submit(sampleDraft(), REPORTER, 'sub-mem-00001');
        const again = await service.submit(sampleDraft(), REPORTER, 'sub-mem-00001');
        assert.equal(first.report.reference, 'MH-2026-0001');
        assert.deepEqual([first.created, again.created, again.report.reference], [true, false, 'MH-2026-0001']);
        await service.submit(sampleDraft(), REPORTER, 'sub-mem-00002');
        await assert.rejects(service.submit(sampleDraft(), REPORTER, 'sub-mem-00003'), (err: unknown) => (err as { code?: string }).code === 'RATE_LIMITED');
        assert.equal((await service.listByReporter(REPORTER.aadObjectId)).length, 2);
        assert.deepEqual(await service.listByReporter(OTHER_REPORTER.aadObjectId), []);
    });

    it('delivers through the outbox once, and marks a refused post as niet bezorgd', async () => {
        const { store, service, clock } = domain();
        const ok = await service.submit(sampleDraft(), REPORTER, 'sub-mem-00010');
        const refused = await service.submit(sampleDraft({ municipality: 'Lochem' }), REPORTER, 'sub-mem-00011');
        let posts = 0;
        const worker = new OutboxWorker(
            {
                store,
                sender: {
                    postNewThread: async (m) => {
                        posts++;
                        if (m === 'Lochem') throw new DeliveryError('gone', { status: 403 });
                        return { conversationId: '19:zutphen@thread.tacv2', activityId: `a-${posts}`, kind: 'bound' };
                    },
                },
                renderCard: (report) => ({ type: 'AdaptiveCard', reportId: report.reportId }),
                logger,
            },
            { clock, sleep: async () => undefined, random: () => 0.5 },
        );
        const result = await worker.drainOnce();
        assert.deepEqual([result.delivered, result.failed], [1, 1]);
        assert.equal((await store.get(ok.report.reportId))?.report.delivery.state, 'bezorgd');
        assert.equal((await store.get(refused.report.reportId))?.report.delivery.state, 'niet_bezorgd');
        assert.equal((await worker.drainOnce()).delivered, 0, 'nothing is posted twice');
        assert.equal(posts, 3, 'the refused one was tried on the fallback channel too');
    });

    it('lets the coordinator pick a delivered report up, refuses others, and purges it after retention', async () => {
        const { store, service, history, audit, cases } = domain();
        const { report } = await service.submit(sampleDraft(), REPORTER, 'sub-mem-00020');
        await store.updateReport(report.reportId, (r) => ({ ...r, delivery: { ...r.delivery, state: 'bezorgd', conversationId: '19:z', activityId: 'a-1' } }));
        const person = { aadObjectId: SANNE, tenantId: REPORTER.tenantId, conversationId: '19:z' };
        const picked = await cases.act(person, { reportId: report.reportId, cardVersion: 0, request: { kind: 'oppakken' } });
        assert.equal(picked.kind, 'applied');
        assert.equal((await store.get(report.reportId))?.report.status, 'in_behandeling');
        assert.equal((await cases.act({ ...person, conversationId: '19:other' }, { reportId: report.reportId, cardVersion: 1, request: { kind: 'kaart' } })).kind, 'refused');
        assert.equal((await cases.act({ ...person, aadObjectId: OTHER_REPORTER.aadObjectId }, { reportId: report.reportId, cardVersion: 1, request: { kind: 'oppakken' } })).kind, 'refused');
        const closed = await cases.act(person, { reportId: report.reportId, cardVersion: 1, request: { kind: 'afsluiten', reason: 'geen_mensenhandel' } });
        assert.equal(closed.kind, 'applied');
        assert.deepEqual((await history.history(report.reportId)).map((e) => e.action), ['oppakken', 'afsluiten']);

        const later = () => new Date(FIXED_NOW.getTime() + 400 * 24 * 3600 * 1000);
        const purger = new RetentionPurger({ reports: store, cases: history, audit, retentionDays: 365, logger, clock: later });
        assert.deepEqual((await purger.run()).purged, [report.reportId]);
        const purged = (await store.get(report.reportId))?.report;
        assert.equal(purged?.description, '');
        assert.equal(purged?.reporter.aadObjectId, '');
        assert.deepEqual(await store.listReporterIndex(REPORTER.aadObjectId), []);
        assert.deepEqual(audit.entries.filter((e) => e.event === 'purge').map((e) => [e.detail, e.reportId]), [['1 meldingen na 365 dagen', undefined]]);
        assert.equal(purged?.submissionId, '', 'nothing left to re-derive the reportId from the reporter');
    });
});
