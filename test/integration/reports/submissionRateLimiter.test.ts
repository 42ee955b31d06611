import assert from 'node:assert/strict';
import sinon from 'sinon';
import { createSilentLogger } from '../../../bot/logger';
import { ReferenceAllocator } from '../../../bot/reports/referenceAllocator';
import { TableReferenceCounter } from '../../../bot/storage/tables/tableReferenceCounter';
import { ReportError, ReportRateLimitedError, isReportError } from '../../../bot/reports/reportErrors';
import { StoredReportService } from '../../../bot/reports/reportService';
import { REPORTS_TABLE, TableReportStore } from '../../../bot/storage/tables/tableReportStore';
import { REPORT_RATE_TABLE, TableSubmissionLimiter } from '../../../bot/storage/tables/tableSubmissionLimiter';
import { createTableClientFactory, type TableClientFactory } from '../../../bot/storage/tableClientFactory';
import { ANNE, cardSubmit, personalMessage, botAddedToTeam } from '../../support/activities';
import { cardText, cardsIn, startTestBot } from '../../support/botHarness';
import { freshTables } from '../../support/testAzurite';
import { OTHER_REPORTER, REPORTER, sampleDraft } from '../../unit/reports/reportFixtures';
import { ManualClock, channels, coordinators, recordingDelivery } from './reportTestKit';

const HOUR = 60 * 60 * 1000;

async function countRows(tables: TableClientFactory, name: string, filter?: string): Promise<number> {
    const table = await tables.table(name);
    let n = 0;
    for await (const _row of table.listEntities({ queryOptions: filter ? { filter } : {} })) n++;
    return n;
}

describe('TableSubmissionLimiter on Azurite (per-colleague report rate limit)', () => {
    it('allows N reports per window, refuses the next with the time until a slot frees, and reuses slots afterwards', async () => {
        const { factory } = await freshTables('rlbasic');
        const clock = new ManualClock();
        const limiter = new TableSubmissionLimiter(factory, { maxPerWindow: 3, windowMs: HOUR }, clock.now);
        for (let i = 0; i < 3; i++) {
            assert.deepEqual(await limiter.acquire(REPORTER, `r${i}`), { allowed: true });
            clock.advance(10 * 60 * 1000);
        }
        // 30 minutes after the first report: it frees up in 30 minutes.
        assert.deepEqual(await limiter.acquire(REPORTER, 'r3'), { allowed: false, retryAfterMs: 30 * 60 * 1000 });
        assert.deepEqual(await limiter.acquire(OTHER_REPORTER, 'o0'), { allowed: true }, 'another colleague has their own budget');
        clock.advance(30 * 60 * 1000);
        assert.deepEqual(await limiter.acquire(REPORTER, 'r3'), { allowed: true }, 'the oldest slot expired');
        assert.equal((await limiter.acquire(REPORTER, 'r4')).allowed, false);
        clock.advance(2 * HOUR);
        for (let i = 5; i < 8; i++) assert.equal((await limiter.acquire(REPORTER, `r${i}`)).allowed, true);
        // Slots are reused: never more rows than the limit per colleague (3 + 1 for the other colleague).
        assert.equal(await countRows(factory, REPORT_RATE_TABLE), 4);
    });

    it('does not count a repeated submission (same reportId) twice', async () => {
        const { factory } = await freshTables('rlrepeat');
        const limiter = new TableSubmissionLimiter(factory, { maxPerWindow: 1, windowMs: HOUR });
        assert.equal((await limiter.acquire(REPORTER, 'same')).allowed, true);
        assert.equal((await limiter.acquire(REPORTER, 'same')).allowed, true);
        assert.equal((await limiter.acquire(REPORTER, 'other')).allowed, false);
    });

    it('release gives the slot back', async () => {
        const { factory } = await freshTables('rlrelease');
        const limiter = new TableSubmissionLimiter(factory, { maxPerWindow: 1, windowMs: HOUR });
        assert.equal((await limiter.acquire(REPORTER, 'a')).allowed, true);
        await limiter.release(REPORTER, 'a');
        assert.equal((await limiter.acquire(REPORTER, 'b')).allowed, true);
    });

    it('holds strictly across two instances racing for the same colleague, and across a restart', async () => {
        const { factory, prefix, connectionString } = await freshTables('rlrace');
        // A second process: its own clients and table cache on the same storage.
        const other = createTableClientFactory({ kind: 'connectionString', connectionString }, prefix);
        const a = new TableSubmissionLimiter(factory, { maxPerWindow: 5, windowMs: HOUR });
        const b = new TableSubmissionLimiter(other, { maxPerWindow: 5, windowMs: HOUR });
        const decisions = await Promise.all(Array.from({ length: 16 }, (_, i) => (i % 2 ? a : b).acquire(REPORTER, `race${i}`)));
        assert.equal(decisions.filter((d) => d.allowed).length, 5);
        const restarted = new TableSubmissionLimiter(createTableClientFactory({ kind: 'connectionString', connectionString }, prefix), { maxPerWindow: 5, windowMs: HOUR });
        assert.equal((await restarted.acquire(REPORTER, 'after-restart')).allowed, false);
    });

    it('rejects a nonsensical configuration', async () => {
        const { factory } = await freshTables('rlcfg');
        assert.throws(() => new TableSubmissionLimiter(factory, { maxPerWindow: -1, windowMs: HOUR }), RangeError);
        assert.throws(() => new TableSubmissionLimiter(factory, { maxPerWindow: 2, windowMs: 0 }), RangeError);
        const off = new TableSubmissionLimiter(factory, { maxPerWindow: 0, windowMs: HOUR });
        assert.equal((await off.acquire(REPORTER, 'x')).allowed, true);
    });
});

describe('StoredReportService with the rate limiter', () => {
    async function kit(max: number) {
        const { factory } = await freshTables('rlsvc');
        const clock = new ManualClock();
        const afterSubmit = sinon.spy();
        const store = new TableReportStore(factory);
        const service = new StoredReportService({
            store,
            references: new ReferenceAllocator(new TableReferenceCounter(factory), { clock: clock.now }),
            channels,
            coordinators,
            logger: createSilentLogger(),
            clock: clock.now,
            delivery: recordingDelivery(afterSubmit),
            limiter: new TableSubmissionLimiter(factory, { maxPerWindow: max, windowMs: HOUR }, clock.now),
        });
        return { factory, clock, service, store, afterSubmit };
    }

    it('refuses the report over the limit and stores nothing of it (no report, outbox or index row)', async () => {
        const { factory, service, afterSubmit, clock } = await kit(2);
        await service.submit(sampleDraft(), REPORTER, 'sub-limit-0001');
        await service.submit(sampleDraft(), REPORTER, 'sub-limit-0002');
        const before = await countRows(factory, REPORTS_TABLE);
        await assert.rejects(service.submit(sampleDraft(), REPORTER, 'sub-limit-0003'), (err: unknown) => {
            assert.ok(err instanceof ReportRateLimitedError);
            assert.equal(err.code, 'RATE_LIMITED');
            assert.equal(err.maxPerWindow, 2);
            assert.equal(err.retryAfterMs, HOUR);
            return true;
        });
        assert.equal(await countRows(factory, REPORTS_TABLE), before, 'nothing written for the refused report');
        assert.equal(afterSubmit.callCount, 2, 'no delivery kicked for it');
        // A double click on an already stored report is the same report, not a refusal.
        const again = await service.submit(sampleDraft(), REPORTER, 'sub-limit-0002');
        assert.equal(again.created, false);
        // Once the window has passed the colleague can report again.
        clock.advance(HOUR);
        assert.equal((await service.submit(sampleDraft(), REPORTER, 'sub-limit-0003')).created, true);
    });

    it('does not spend a slot on an invalid draft, and gives it back when the store refuses the report as too large', async () => {
        const { service, store } = await kit(1);
        await assert.rejects(service.submit(sampleDraft({ description: 'x'.repeat(200_000) }), REPORTER, 'sub-invalid-01'), /draft invalid/);
        const refuse = sinon.stub(store, 'createWithOutbox').rejects(new ReportError('TOO_LARGE', 'too large'));
        await assert.rejects(service.submit(sampleDraft(), REPORTER, 'sub-too-large-1'), (err: unknown) => isReportError(err, 'TOO_LARGE'));
        refuse.restore();
        assert.equal((await service.submit(sampleDraft(), REPORTER, 'sub-fine-00001')).created, true);
    });
});

describe('Report rate limit over HTTP', () => {
    it('tells the colleague in Dutch, keeps the summary, and stores and posts nothing more', async function () {
        this.timeout(30000);
        const bot = await startTestBot({ env: { REPORT_RATE_LIMIT_PER_HOUR: '1' } });
        try {
            await bot.post(botAddedToTeam({ serviceUrl: bot.connector.url }));
            const serviceUrl = bot.connector.url;
            const conversation = `a:personal-${ANNE.aadObjectId}`;
            const lastCard = () => cardsIn(bot.connector.sentTo(conversation)).at(-1);
            const observedOn = new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
            const report = async () => {
                await bot.post(personalMessage('melden', { serviceUrl }));
                await bot.post(cardSubmit({ action: 'report.safety', acuteDanger: false }, { serviceUrl }));
                await bot.post(
                    cardSubmit(
                        { action: 'report.details', municipality: 'Brummen', forms: 'arbeid', description: 'Overvol huis, busje om 5 uur.', observedOn, workContext: 'handhaving' },
                        { serviceUrl },
                    ),
                );
                await bot.post(cardSubmit({ action: 'report.signals', indicators_arbeid: 'arb_huisvesting', minor: 'nee', informed: 'niemand' }, { serviceUrl }));
                const submissionId = /"action":"report\.send","submissionId":"([^"]+)"/.exec(JSON.stringify(lastCard()))?.[1];
                assert.ok(submissionId);
                const res = await bot.post(cardSubmit({ action: 'report.send', submissionId }, { serviceUrl }));
                assert.equal(res.status, 200);
            };
            await report();
            assert.match(cardText(lastCard()), /MH-\d{4}-\d{4}/);
            await bot.connector.waitFor((c) => c.path === '/v3/conversations');
            await report();
            const texts = bot.connector.sentTo(conversation).map((a) => (typeof a.text === 'string' ? a.text : ''));
            assert.ok(texts.some((t) => /al 1 meldingen verstuurd/.test(t) && /NIET opgeslagen/.test(t) && /over ongeveer 60 minuten/.test(t)));
            assert.match(cardText(lastCard()), /NIET opgeslagen/, 'the summary comes back so the colleague can send later');
            assert.equal(await countRows(bot.tables, REPORTS_TABLE, "kind eq 'report'"), 1);
            await new Promise((r) => setTimeout(r, 300));
            assert.equal(bot.connector.calls.filter((c) => c.path === '/v3/conversations' && c.failedWith === undefined).length, 1);
        } finally {
            await bot.close();
        }
    });
});
