/**
 * The outbox worker through outages and crashes, in virtual time on in-memory ports: a 90-second Teams
 * outage, throttling, refusing channels, a crash before a post and during follow-ups, late acute reports.
 * Each scenario prints its figure (the README's reliability section quotes them). The same worker on
 * Azurite and the real bot is covered by test/integration/reports/outboxWorker.test.ts and
 * test/integration/bot/crashRecovery.test.ts.
 */
import assert from 'node:assert/strict';
import { CaseService } from '../../../bot/cases/caseService';
import type { CoordinatorRoster } from '../../../bot/cases/ports';
import { createSilentLogger } from '../../../bot/logger';
import { OutboxWorker, type OutboxWorkerOptions } from '../../../bot/reports/outboxWorker';
import { DeliveryError, type ChannelPost, type FollowUpSender, type OutboxRow, type PostRoute } from '../../../bot/reports/ports';
import { ReferenceAllocator } from '../../../bot/reports/referenceAllocator';
import type { Report } from '../../../bot/reports/reportModel';
import { StoredReportService } from '../../../bot/reports/reportService';
import { UndeliveredReports } from '../../../bot/reports/undeliveredReports';
import { DEFAULT_REMINDER_POLICY, stillUnhandled } from '../../../bot/reports/reminderPolicy';
import { MemoryCaseHistory, MemoryAuditLog, MemoryReferenceCounter, MemoryReportStore } from '../../support/memoryPorts';
import { REPORTER, sampleDraft } from './reportFixtures';

const logger = createSilentLogger();
const SANNE = '11111111-2222-4333-8444-555555555555';
const ADMIN = '99999999-2222-4333-8444-555555555555';
const roster: CoordinatorRoster = {
    isCoordinator: (id, m) => id?.toLowerCase() === SANNE && m === 'Zutphen',
    coordinatorsOf: (m) => (m === 'Zutphen' ? [{ aadObjectId: SANNE, name: 'Sanne Jansen' }] : []),
    municipalitiesOf: (id) => (id?.toLowerCase() === SANNE ? ['Zutphen'] : []),
    isRegional: () => false,
};

/** Virtual time: the clock only moves when a test (or the worker's sleep) moves it. */
class VirtualTime {
    ms = Date.parse('2026-03-15T09:00:00.000Z');
    readonly now = () => new Date(this.ms);
}

/** A fake Teams: the channel posts and follow-ups it accepted, and failures by virtual time. */
class FakeTeams implements FollowUpSender {
    readonly posts: { reportId: string; route: PostRoute; at: number }[] = [];
    readonly followUps: { row: OutboxRow; version: number; at: number }[] = [];
    /** Answers with this status while it returns one; undefined: accepts. */
    failure: (what: { route?: PostRoute; purpose: string; at: number }) => number | undefined = () => undefined;
    retryAfterMs?: number;

    constructor(private readonly time: VirtualTime) {}

    /** Waits before a post is answered (a slow Teams, or a pacer holding it); none: answers at once. */
    holdPost?: (reportId: string) => Promise<void>;

    readonly postNewThread = async (_m: unknown, card: object, route: PostRoute = 'own'): Promise<ChannelPost> => {
        const status = this.failure({ route, purpose: 'post', at: this.time.ms });
        if (status !== undefined) throw new DeliveryError('scripted', { status, ...(status === 429 && this.retryAfterMs !== undefined && { retryAfterMs: this.retryAfterMs }), via: route === 'own' ? 'bound' : 'fallback' });
        const reportId = (card as { reportId: string }).reportId;
        await this.holdPost?.(reportId);
        this.posts.push({ reportId, route, at: this.time.ms });
        return { conversationId: route === 'own' ? '19:zutphen' : '19:reserve', activityId: `act-${this.posts.length}`, kind: route === 'own' ? 'bound' : 'fallback' };
    };

    async send(row: OutboxRow, report: Report): Promise<'sent' | 'moot'> {
        const status = this.failure({ purpose: row.purpose, at: this.time.ms });
        if (status !== undefined) throw new DeliveryError('scripted', { status });
        if (row.purpose === 'reminder' && !stillUnhandled(report)) return 'moot';
        this.followUps.push({ row, version: report.handling?.version ?? 0, at: this.time.ms });
        return 'sent';
    }
}

function setup(options: OutboxWorkerOptions = {}, startAt?: string) {
    const time = new VirtualTime();
    if (startAt) time.ms = Date.parse(startAt);
    const store = new MemoryReportStore();
    const teams = new FakeTeams(time);
    const worker = (instanceId: string, extra: OutboxWorkerOptions = {}) =>
        new OutboxWorker(
            { store, sender: teams, followUps: teams, alertees: { adminIds: () => [ADMIN] }, reminders: DEFAULT_REMINDER_POLICY, renderCard: (r) => ({ reportId: r.reportId }), logger },
            { clock: time.now, random: Math.random, sleep: async () => undefined, instanceId, ...options, ...extra },
        );
    const a = worker('a');
    const service = new StoredReportService({
        store,
        references: new ReferenceAllocator(new MemoryReferenceCounter(), { clock: time.now }),
        channels: { targetFor: async () => ({ kind: 'bound' }) },
        coordinators: { contactFor: () => undefined },
        logger,
        clock: time.now,
        delivery: a,
    });
    const cases = new CaseService({
        store: new MemoryCaseHistory(store),
        reports: store,
        roster,
        audit: new MemoryAuditLog(time.now),
        allowedTenantIds: [REPORTER.tenantId],
        logger,
        clock: time.now,
        sameChannel: (x, y) => x === y,
    });
    return { time, store, teams, worker, a, service, cases };
}

/**
 * Runs a worker as its loop would, in virtual time: a pass, then to the next due time or the next poll
 * (whichever is first), until `done` or `limitMs` of virtual time.
 */
async function runUntil(time: VirtualTime, workers: OutboxWorker[], done: () => boolean, limitMs: number, pollMs = 10_000): Promise<void> {
    const end = time.ms + limitMs;
    while (!done() && time.ms < end) {
        let next = time.ms + pollMs;
        for (const w of workers) {
            const result = await w.drainOnce();
            if (result.nextDueAt !== undefined) next = Math.min(next, Math.max(result.nextDueAt, time.ms + 1));
        }
        if (done()) return;
        time.ms = Math.min(next, end);
    }
}

/** A small seeded generator, so a failing jitter case can be replayed. */
function seeded(seed: number): () => number {
    let s = seed >>> 0;
    return () => {
        s = (s * 1664525 + 1013904223) >>> 0;
        return s / 2 ** 32;
    };
}

describe('Outbox reliability (virtual time, in-memory ports)', () => {
    it('Teams down 90 s: posted at most 60 s after it is back, exactly once (200 jitter draws)', async () => {
        let worst = 0;
        for (let seed = 1; seed <= 200; seed++) {
            const { time, teams, a: w, service } = setup({ random: seeded(seed) });
            const start = time.ms;
            teams.failure = ({ at }) => (at < start + 90_000 ? 503 : undefined);
            await service.submit(sampleDraft(), REPORTER, `sub-outage-${String(seed).padStart(4, '0')}`);
            await runUntil(time, [w], () => teams.posts.length > 0, 10 * 60_000);
            assert.equal(teams.posts.length, 1, 'posted, once');
            worst = Math.max(worst, teams.posts[0]!.at - (start + 90_000));
            await runUntil(time, [w], () => false, 5 * 60_000);
            assert.equal(teams.posts.length, 1, 'never a second card');
        }
        console.log(`      Teams down 90 s: posted at most ${(worst / 1000).toFixed(1)} s after it was back (worst of 200 jitter draws), exactly once`);
        assert.ok(worst <= 60_000, `worst ${worst} ms`);
    });

    it('a success after an outage pulls every transiently failed row forward', async () => {
        const { time, teams, a: w, service } = setup({ random: () => 1 });
        const start = time.ms;
        teams.failure = ({ at }) => (at < start + 30 * 60_000 ? 503 : undefined);
        for (let i = 0; i < 5; i++) await service.submit(sampleDraft(), REPORTER, `sub-pull-forward-${i}`);
        await runUntil(time, [w], () => false, 30 * 60_000 - 1);
        assert.equal(teams.posts.length, 0);
        await runUntil(time, [w], () => teams.posts.length === 5, 5 * 60_000);
        const spread = Math.max(...teams.posts.map((p) => p.at)) - (start + 30 * 60_000);
        console.log(`      Teams down 30 min, 5 reports waiting: all posted within ${(spread / 1000).toFixed(1)} s after it was back`);
        assert.ok(spread <= 60_000);
    });

    it('an acute report is posted at once, beside a pass that is still busy with ordinary posts (a burst)', async () => {
        const { store, teams, a, service } = setup();
        let open: () => void = () => undefined;
        const gate = new Promise<void>((resolve) => (open = resolve));
        // Teams (or the pacer) holds every ordinary post until the gate opens; an acute one goes through.
        teams.holdPost = async (reportId) => {
            if (!store.reports.get(reportId)?.report.acuteDanger) await gate;
        };
        for (let i = 0; i < 3; i++) await service.submit(sampleDraft(), REPORTER, `sub-burst-${String(i).padStart(4, '0')}`);
        const pass = a.drainOnce();
        const acute = await service.submit(sampleDraft({ acuteDanger: true }), REPORTER, 'sub-burst-acute1');
        for (let i = 0; i < 50 && !teams.posts.some((p) => p.reportId === acute.report.reportId); i++) await new Promise((r) => setImmediate(r));
        assert.deepEqual(teams.posts.map((p) => p.reportId), [acute.report.reportId], 'the acute report is in the channel while the pass still waits');
        open();
        await pass;
        await a.idle();
        assert.equal(teams.posts.length, 4, 'every report posted');
        assert.equal(new Set(teams.posts.map((p) => p.reportId)).size, 4, 'each once');
    });

    it('429 waits exactly Retry-After', async () => {
        const { time, teams, a: w, service, store } = setup({ random: () => 0.5 });
        const start = time.ms;
        teams.retryAfterMs = 20_000;
        teams.failure = ({ at }) => (at < start + 50_000 ? 429 : undefined);
        const { report } = await service.submit(sampleDraft(), REPORTER, 'sub-throttled-01');
        const attempts: number[] = [];
        const original = teams.postNewThread;
        const probe = async (...args: Parameters<typeof original>) => {
            attempts.push(time.ms - start);
            return original(...args);
        };
        Object.assign(teams, { postNewThread: probe });
        await runUntil(time, [w], () => teams.posts.length > 0, 5 * 60_000);
        assert.deepEqual(attempts.slice(0, 3), [0, 20_000, 40_000], 'waits exactly Retry-After');
        assert.equal((await store.get(report.reportId))?.report.delivery.state, 'bezorgd');
    });

    it('403 on the own channel goes to the fallback channel at once, marked rerouted, and the admins hear of it', async () => {
        const { time, teams, a: w, service, store } = setup();
        teams.failure = ({ route }) => (route === 'own' ? 403 : undefined);
        const { report } = await service.submit(sampleDraft(), REPORTER, 'sub-reroute-0001');
        await runUntil(time, [w], () => teams.followUps.length > 0, 60_000);
        assert.deepEqual(teams.posts.map((p) => p.route), ['fallback']);
        const stored = (await store.get(report.reportId))?.report;
        assert.equal(stored?.delivery.rerouted, true);
        assert.equal(stored?.channelKind, 'fallback');
        assert.equal(teams.followUps[0]?.row.recipient, ADMIN);
        assert.match(teams.followUps[0]?.row.text ?? '', /reservekanaal/);
        assert.doesNotMatch(teams.followUps[0]?.row.text ?? '', new RegExp(sampleDraft().description.slice(0, 20)), 'no content in the alert');
    });

    it('404 on both channels: niet_bezorgd at once, the admins are told, resend and koppel queue it again', async () => {
        const { time, teams, service, store, a } = setup();
        teams.failure = () => 404;
        const w = a;
        const { report } = await service.submit(sampleDraft(), REPORTER, 'sub-undeliver-01');
        await w.drainOnce();
        const stored = (await store.get(report.reportId))?.report;
        assert.equal(stored?.delivery.state, 'niet_bezorgd');
        assert.ok(stored?.delivery.alertedAt, 'reporter status can say the admins were told');
        // The alert itself is a follow-up: it fails too while Teams refuses everything, and waits.
        teams.failure = ({ purpose }) => (purpose === 'post' ? 404 : undefined);
        await runUntil(time, [w], () => teams.followUps.length > 0, 5 * 60_000);
        assert.match(teams.followUps[0]?.row.text ?? '', /NIET bij de aandachtfunctionaris/);

        const undelivered = new UndeliveredReports({ store, delivery: a, logger, clock: time.now });
        assert.deepEqual((await undelivered.list()).map((r) => r.reportId), [report.reportId]);
        teams.failure = () => undefined;
        assert.equal(await undelivered.requeueFor('Zutphen'), 1);
        assert.equal(await undelivered.requeue(report.reportId), 'not_undelivered', 'queued already');
        await runUntil(time, [w], () => teams.posts.length > 0, 60_000);
        assert.equal(teams.posts.length, 1);
        assert.equal((await store.get(report.reportId))?.report.delivery.state, 'bezorgd');
        assert.deepEqual(await undelivered.list(), []);
    });

    it('an acute report still not posted after 5 minutes goes to the fallback channel and the admins', async () => {
        const { time, teams, a: w, service, store } = setup({ random: () => 0.5 });
        const start = time.ms;
        teams.failure = ({ route, purpose }) => (purpose === 'post' && route === 'own' ? 503 : undefined);
        const { report } = await service.submit(sampleDraft({ acuteDanger: true }), REPORTER, 'sub-acute-late-1');
        await runUntil(time, [w], () => teams.posts.length > 0 && teams.followUps.length > 0, 15 * 60_000);
        const postedAfter = teams.posts[0]!.at - start;
        console.log(`      acute report, own channel down: in the fallback channel and with the admins ${(postedAfter / 1000).toFixed(0)} s after it was sent`);
        assert.equal(teams.posts[0]?.route, 'fallback');
        assert.ok(postedAfter >= 5 * 60_000 && postedAfter <= 5 * 60_000 + 1000, `${postedAfter}`);
        assert.match(teams.followUps[0]?.row.text ?? '', /acuut gevaar/);
        assert.equal((await store.get(report.reportId))?.report.delivery.rerouted, true);
        assert.equal(teams.followUps.filter((f) => f.row.recipient === ADMIN).length, 1, 'told once, not again for the reroute');
    });

    it('an acute report whose own channel refuses while the fallback is down still reaches the admins at 5 minutes', async () => {
        const { time, teams, a: w, service } = setup({ random: () => 0.5 });
        const start = time.ms;
        teams.failure = ({ route, purpose }) => (purpose === 'post' ? (route === 'own' ? 403 : 503) : undefined);
        await service.submit(sampleDraft({ acuteDanger: true }), REPORTER, 'sub-acute-both-1');
        await runUntil(time, [w], () => teams.followUps.length > 0, 15 * 60_000);
        const toldAfter = (teams.followUps[0]?.at ?? Number.NaN) - start;
        assert.match(teams.followUps[0]?.row.text ?? '', /acuut gevaar/);
        assert.ok(toldAfter >= 5 * 60_000 && toldAfter <= 5 * 60_000 + 1000, `${toldAfter}`);
    });

    it('admins named twice in the file are told once, and the alert does not break the delivery record', async () => {
        const { time, teams, store, service } = setup();
        const w = new OutboxWorker(
            { store, sender: teams, followUps: teams, alertees: { adminIds: () => [ADMIN, ADMIN.toUpperCase(), ADMIN] }, renderCard: (r) => ({ reportId: r.reportId }), logger },
            { clock: time.now, sleep: async () => undefined, instanceId: 'dup' },
        );
        teams.failure = ({ route }) => (route === 'own' ? 404 : undefined);
        const { report } = await service.submit(sampleDraft(), REPORTER, 'sub-dup-admins-1');
        await runUntil(time, [w], () => teams.followUps.length > 0, 60_000);
        await runUntil(time, [w], () => false, 60_000);
        assert.equal(teams.posts.length, 1, 'posted once, and not again');
        assert.equal((await store.get(report.reportId))?.report.delivery.state, 'bezorgd');
        assert.equal(teams.followUps.length, 1);
    });

    it('a post whose record keeps failing is remembered on its row and recorded, never posted again', async () => {
        const { time, teams, a: w, service, store } = setup();
        const { report } = await service.submit(sampleDraft(), REPORTER, 'sub-unrecorded-1');
        const updateReport = store.updateReport.bind(store);
        let failing = true;
        store.updateReport = async (...args) => {
            if (failing) throw new Error('storage blip');
            return updateReport(...args);
        };
        await w.drainOnce();
        assert.equal(teams.posts.length, 1);
        assert.equal((await store.getOutboxRow(report.reportId))?.postedActivityId, 'act-1');
        failing = false;
        await runUntil(time, [w], () => false, 60_000);
        assert.equal(teams.posts.length, 1, 'not posted a second time');
        assert.equal((await store.get(report.reportId))?.report.delivery.activityId, 'act-1');
    });

    it('a resend pressed while the report is back in the queue changes nothing (its lease stays)', async () => {
        const { store, service, a, time } = setup();
        const { report } = await service.submit(sampleDraft(), REPORTER, 'sub-resend-busy1');
        const before = await store.getOutboxRow(report.reportId);
        const undelivered = new UndeliveredReports({ store, delivery: a, logger, clock: time.now });
        assert.equal(await undelivered.requeue(report.reportId), 'not_undelivered');
        assert.deepEqual(await store.getOutboxRow(report.reportId), before);
    });

    it('acute posts go before everything else in a pass', async () => {
        const { teams, a: w, service } = setup({ concurrency: 1 });
        for (let i = 0; i < 3; i++) await service.submit(sampleDraft(), REPORTER, `sub-normal-order-${i}`);
        const { report } = await service.submit(sampleDraft({ acuteDanger: true }), REPORTER, 'sub-acute-order-1');
        await w.drainOnce();
        assert.equal(teams.posts[0]?.reportId, report.reportId);
    });

    it('crash before the post: another instance posts within the lease, exactly once', async () => {
        const { time, teams, worker, service } = setup();
        // Instance a stores the report (leased to itself) and dies before posting: it never runs a pass.
        await service.submit(sampleDraft(), REPORTER, 'sub-crash-post-1');
        const crashedAt = time.ms;
        const restarted = worker('restarted');
        await runUntil(time, [restarted], () => teams.posts.length > 0, 5 * 60_000);
        const after = teams.posts[0]!.at - crashedAt;
        console.log(`      crash before the post: posted ${(after / 1000).toFixed(1)} s after the restart, once`);
        assert.ok(after <= 30_000, `${after}`);
        await runUntil(time, [restarted, worker('third')], () => false, 5 * 60_000);
        assert.equal(teams.posts.length, 1);
    });

    it('a graceful stop releases the lease of a report not yet posted, so the next instance posts at once', async () => {
        const { time, teams, worker, service, a } = setup();
        await service.submit(sampleDraft(), REPORTER, 'sub-graceful-001');
        await a.stop();
        const next = worker('next');
        await next.drainOnce();
        assert.equal(teams.posts.length, 1);
        assert.equal(teams.posts[0]?.at, time.ms, 'no wait for the lease');
    });

    it('crash during follow-ups in a short outage: card, thread line and reporter message all arrive after the restart', async () => {
        const { time, teams, worker, service, store, cases, a } = setup({ random: () => 1 });
        const { report } = await service.submit(sampleDraft(), REPORTER, 'sub-crash-fu-001');
        await a.drainOnce();
        const posted = (await store.get(report.reportId))!.report;
        // A short outage begins; the coordinator picks the report up; the instance dies while sending the card.
        const outageEnds = time.ms + 20_000;
        teams.failure = ({ purpose, at }) => (purpose !== 'post' && at < outageEnds ? 503 : undefined);
        const picked = await cases.act({ aadObjectId: SANNE, tenantId: REPORTER.tenantId, conversationId: posted.delivery.conversationId! }, { reportId: report.reportId, cardVersion: 0, request: { kind: 'oppakken' } });
        assert.equal(picked.kind, 'applied');
        const card = await store.getOutboxRow(report.reportId, 'fu_card');
        assert.ok(card);
        await store.updateOutbox(card, { leaseOwner: 'first', leaseUntil: new Date(time.ms + 15_000).toISOString() }); // died holding it
        const restartedAt = time.ms;
        const restarted = worker('restarted');
        await runUntil(time, [restarted], () => new Set(teams.followUps.map((f) => f.row.purpose)).size === 3, 5 * 60_000);
        const kinds = teams.followUps.map((f) => f.row.purpose).sort();
        const last = Math.max(...teams.followUps.map((f) => f.at)) - restartedAt;
        console.log(`      crash during follow-ups (20 s outage): card, thread line and reporter message all delivered ${(last / 1000).toFixed(1)} s after the restart`);
        assert.deepEqual(kinds, ['card', 'person', 'thread']);
        assert.ok(last <= 60_000, `${last}`);
        assert.equal(teams.followUps.find((f) => f.row.purpose === 'person')?.row.recipient, REPORTER.aadObjectId.toLowerCase());
        assert.deepEqual((await store.listPendingOutbox(report.reportId)).map((r) => r.purpose), ['reminder'], 'only the reminder, due later, is left');
    });

    it('per report, an older card state never stays over a newer one', async () => {
        const { time, teams, service, store, cases, a: w } = setup();
        const { report } = await service.submit(sampleDraft(), REPORTER, 'sub-card-order-1');
        await w.drainOnce();
        const conversationId = (await store.get(report.reportId))!.report.delivery.conversationId!;
        const person = { aadObjectId: SANNE, tenantId: REPORTER.tenantId, conversationId };
        await cases.act(person, { reportId: report.reportId, cardVersion: 0, request: { kind: 'oppakken' } });
        // The first card update is slow; a second change is made while it is in flight.
        let release: () => void = () => undefined;
        const gate = new Promise<void>((resolve) => (release = resolve));
        const send = teams.send.bind(teams);
        let firstCard = true;
        teams.send = async (row, r) => {
            if (row.purpose === 'card' && firstCard) {
                firstCard = false;
                await gate;
            }
            return send(row, r);
        };
        const running = w.drainOnce();
        await new Promise((resolve) => setImmediate(resolve));
        await cases.act(person, { reportId: report.reportId, cardVersion: 1, request: { kind: 'notitie', note: 'gebeld' } });
        release();
        await running;
        await runUntil(time, [w], () => false, 60_000);
        const cards = teams.followUps.filter((f) => f.row.purpose === 'card').map((f) => f.version);
        assert.deepEqual(cards, [1, 2], 'the slow older card first, then the newer one: the race really happened');
    });

    describe('reminders for reports nobody picks up', () => {
        const local = new Intl.DateTimeFormat('nl-NL', { timeZone: 'Europe/Amsterdam', weekday: 'long', hour: '2-digit', minute: '2-digit' });
        const remindersAt = (teams: FakeTeams) => teams.followUps.filter((f) => f.row.purpose === 'reminder').map((f) => local.format(new Date(f.at)));

        it('posted on a Friday morning: reminded Tuesday, Wednesday and Thursday, then no more', async () => {
            const { time, teams, a, worker, service } = setup({}, '2026-03-13T09:00:00.000Z'); // Friday 10:00 in Amsterdam
            await service.submit(sampleDraft(), REPORTER, 'sub-remind-fri-1');
            await a.drainOnce();
            await runUntil(time, [a, worker('other')], () => false, 14 * 24 * 3600 * 1000, 3600 * 1000);
            console.log(`      reminders of a report posted Friday 10:00: ${remindersAt(teams).join(', ')}`);
            assert.deepEqual(remindersAt(teams), ['dinsdag 10:00', 'woensdag 10:00', 'donderdag 10:00'], 'two working days, then once a working day, at most 3, exactly once across two instances');
        });

        it('possible acute danger: after an hour, also on a Saturday', async () => {
            const { time, teams, a, service } = setup({}, '2026-03-14T13:00:00.000Z'); // Saturday 14:00
            await service.submit(sampleDraft({ acuteDanger: true }), REPORTER, 'sub-remind-acute');
            await a.drainOnce();
            await runUntil(time, [a], () => teams.followUps.some((f) => f.row.purpose === 'reminder'), 24 * 3600 * 1000, 60_000);
            assert.deepEqual(remindersAt(teams), ['zaterdag 15:00']);
        });

        it('a report picked up in time gets none', async () => {
            const { time, teams, a, service, store, cases } = setup({}, '2026-03-16T09:00:00.000Z'); // Monday
            const { report } = await service.submit(sampleDraft(), REPORTER, 'sub-remind-none1');
            await a.drainOnce();
            const conversationId = (await store.get(report.reportId))!.report.delivery.conversationId!;
            time.ms += 24 * 3600 * 1000;
            const picked = await cases.act({ aadObjectId: SANNE, tenantId: REPORTER.tenantId, conversationId }, { reportId: report.reportId, cardVersion: 0, request: { kind: 'oppakken' } });
            assert.equal(picked.kind, 'applied');
            await runUntil(time, [a], () => false, 10 * 24 * 3600 * 1000, 3600 * 1000);
            assert.deepEqual(remindersAt(teams), []);
            assert.equal((await store.listPendingOutbox(report.reportId)).length, 0, 'the reminder row is gone');
        });
    });
});
