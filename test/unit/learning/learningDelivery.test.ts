import assert from 'node:assert/strict';
import { createSilentLogger } from '../../../bot/logger';
import type { LearningCase, LearningContent, QuizQuestion } from '../../../bot/learning/learningContent';
import type { Participant } from '../../../bot/learning/learningModel';
import { LearningOutbox, type LearningSender } from '../../../bot/learning/learningOutbox';
import { LearningService } from '../../../bot/learning/learningService';
import { WeeklyCases } from '../../../bot/learning/weeklyCases';
import type { ScheduledRuns } from '../../../bot/reports/weeklyDigest';
import { DeliveryError } from '../../../bot/reports/ports';
import { MemoryLearningStore } from '../../support/memoryLearningStore';

const logger = createSilentLogger();
const option = (correct: boolean) => ({ text: correct ? 'goed' : 'fout', correct, explanation: 'uitleg' });
const aCase = (id: string, roles: LearningCase['roles']): LearningCase => ({
    id, title: id, roles, forms: ['arbeid'], story: 's', question: 'Wat zou jij doen?', options: [option(false), option(true), option(false)], signals: ['x'], route: 'r', entryIds: [], sources: [{ title: 'b' }], lastChecked: '2026-12-02',
});
const aQuestion = (id: string): QuizQuestion => ({ id, roles: ['algemeen'], forms: ['arbeid'], question: id, options: [option(true), option(false), option(false)], entryIds: [], sources: [{ title: 'b' }], lastChecked: '2026-12-02' });
const CONTENT: LearningContent = { cases: [aCase('a', ['jeugd']), aCase('b', ['algemeen']), aCase('c', ['wmo'])], quiz: ['q1', 'q2', 'q3', 'q4', 'q5', 'q6'].map(aQuestion) };
const ANNE = { aadObjectId: '6f2b8c1d-3e4a-4b5c-9d6e-7f8091a2b3c4', tenantId: 't' };
const KIM = { aadObjectId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b', tenantId: 't' };

/** Scheduled runs in memory: claimed, completed, released, with leases on the clock. */
class MemoryRuns implements ScheduledRuns {
    readonly rows = new Map<string, { state: 'pending' | 'done'; owner: string; until: number }>();
    constructor(private readonly clock: () => Date) {}
    async claim(key: string, owner: string, leaseUntil: Date): Promise<boolean> {
        const row = this.rows.get(key);
        if (row?.state === 'done') return false;
        if (row && row.owner && row.owner !== owner && row.until > this.clock().getTime()) return false;
        this.rows.set(key, { state: 'pending', owner, until: leaseUntil.getTime() });
        return true;
    }
    async complete(key: string, owner: string): Promise<void> {
        const row = this.rows.get(key);
        if (row?.owner === owner) this.rows.set(key, { state: 'done', owner: '', until: 0 });
    }
    async release(key: string, owner: string): Promise<void> {
        const row = this.rows.get(key);
        if (row?.owner === owner) this.rows.set(key, { ...row, owner: '', until: 0 });
    }
}

function setup() {
    let now = new Date('2026-12-07T09:00:00Z').getTime();
    const clock = () => new Date(now);
    const store = new MemoryLearningStore();
    const sent: { who: string; caseId: string }[] = [];
    let fail: Error | undefined;
    const sender: LearningSender = {
        async sendCase(p: Participant, c: LearningCase) {
            if (fail) throw fail;
            sent.push({ who: p.aadObjectId, caseId: c.id });
            return 'sent';
        },
    };
    const service = new LearningService({ store, content: CONTENT, logger, clock, random: () => 0.3 });
    const runs = new MemoryRuns(clock);
    const weekly = (instanceId: string) => new WeeklyCases({ runs, store, content: CONTENT, schedule: { weekday: 1, hour: 10, minute: 0 }, instanceId, logger, clock });
    const outbox = new LearningOutbox({ store, sender, content: CONTENT, logger }, { clock, baseDelayMs: 1000, maxDelayMs: 10_000, random: () => 0.5, instanceId: 'o1' });
    return { store, sent, service, runs, weekly, outbox, advance: (ms: number) => (now += ms), failWith: (e: Error | undefined) => (fail = e) };
}

describe('learning delivery and answers (in-memory ports)', () => {
    it('a run that fails half-way is released, and the next run queues only those not queued yet', async () => {
        const t = setup();
        await t.service.optIn(ANNE, { municipality: 'Brummen', role: 'jeugd' });
        await t.service.optIn(KIM, { municipality: 'Lochem' });
        // The second participant's write fails: the run is released, not marked done.
        let calls = 0;
        const original = t.store.queueWeekly.bind(t.store);
        t.store.queueWeekly = async (...args) => {
            if (++calls === 2) throw Object.assign(new Error('down'), { code: 'STORAGE_UNAVAILABLE' });
            return original(...args);
        };
        assert.equal(await t.weekly('i1').runDue(), 1);
        assert.equal(t.runs.rows.get('learning_2026-12-07')?.state, 'pending');
        t.store.queueWeekly = original;
        assert.equal(await t.weekly('i2').runDue(), 1, 'only the one left');
        assert.equal(t.runs.rows.get('learning_2026-12-07')?.state, 'done');
        assert.equal((await t.store.listPending()).length, 2);
        await t.outbox.drainOnce();
        assert.deepEqual(t.sent.map((s) => s.caseId).sort(), ['a', 'b']);
    });

    it('backs off on a transient failure (honouring Retry-After), gives up after 72 hours, and drops a refused send', async () => {
        const t = setup();
        await t.service.optIn(ANNE, { municipality: 'Brummen' });
        await t.weekly('i1').runDue();
        t.failWith(new DeliveryError('Teams answered 429', { status: 429, retryAfterMs: 30_000 }));
        assert.equal((await t.outbox.drainOnce()).retried, 1);
        const [row] = await t.store.listPending();
        assert.equal(row?.attempts, 1);
        assert.equal(Date.parse(row?.nextAttemptAt ?? '') - new Date('2026-12-07T09:00:00Z').getTime(), 30_000);
        t.advance(29_000);
        assert.equal((await t.outbox.drainOnce()).skipped, 1, 'not before Retry-After');
        t.advance(73 * 3600 * 1000);
        t.failWith(new DeliveryError('Teams answered 503', { status: 503 }));
        assert.equal((await t.outbox.drainOnce()).failed, 1, 'past 72 hours: given up');
        assert.deepEqual(await t.store.listPending(), []);
        // Next week Teams refuses (403): dropped at once, no retry.
        t.advance(7 * 24 * 3600 * 1000);
        await t.weekly('i1').runDue();
        t.failWith(new DeliveryError('Teams answered 403', { status: 403 }));
        assert.equal((await t.outbox.drainOnce()).failed, 1);
        assert.deepEqual(await t.store.listPending(), []);
        assert.equal(t.sent.length, 0);
    });

    it('a storage failure while removing a sent row never sends it twice from this instance, also after the lease ends', async () => {
        const t = setup();
        await t.service.optIn(ANNE, { municipality: 'Brummen' });
        await t.weekly('i1').runDue();
        t.store.failNext('completeRow', 3);
        assert.equal((await t.outbox.drainOnce()).sent, 1);
        assert.equal((await t.outbox.drainOnce()).skipped, 1, 'the lease keeps the row off');
        t.advance(3 * 60_000);
        await t.outbox.drainOnce();
        assert.equal(t.sent.length, 1, 'past the lease the row is only removed, not sent again');
        assert.deepEqual(await t.store.listPending(), []);
    });

    it('counts an answer once per person and case, also when the profile write failed after the count', async () => {
        const t = setup();
        await t.service.optIn(ANNE, { municipality: 'Brummen' });
        t.store.failNext('replaceParticipant', 1);
        await assert.rejects(t.service.answerCase(ANNE, 'b', 1));
        const first = await t.service.answerCase(ANNE, 'b', 1);
        assert.equal(first.kind, 'answered');
        assert.equal((await t.service.answerCase(ANNE, 'b', 0)).kind, 'alreadyAnswered');
        const casus = [...t.store.countRows.values()].filter((c) => c.kind === 'casus');
        assert.equal(casus.length, 1);
        assert.equal((await t.service.answerCase(ANNE, 'b', '1')).kind, 'alreadyAnswered', 'a string index is read as a number');
        for (const bad of [3, -1, 1.5, '01x', null, undefined, { n: 1 }]) assert.equal((await t.service.answerCase(ANNE, 'b', bad)).kind, 'badChoice', String(bad));
        assert.equal((await t.service.answerCase(ANNE, '__proto__', 0)).kind, 'unknownCase');
    });

    it('keeps no score after a quiz: the run is gone and only one quiz is counted', async () => {
        const t = setup();
        await t.service.optIn(ANNE, { municipality: 'Zutphen' });
        const started = await t.service.startQuiz(ANNE);
        assert.ok(started);
        let run = started.run;
        for (let step = 0; step < 5; step++) {
            const out = await t.service.answerQuiz(ANNE, run.runId, step, 0);
            if (step < 4) {
                assert.equal(out.kind, 'next');
                if (out.kind === 'next') run = out.run;
            } else {
                assert.equal(out.kind, 'finished');
                if (out.kind === 'finished') assert.equal(out.correct, 5);
            }
        }
        assert.equal(await t.store.getQuiz(ANNE.aadObjectId), undefined);
        assert.deepEqual([...t.store.countRows.values()].filter((c) => c.kind === 'quiz'), [{ month: '2026-12', kind: 'quiz', municipality: 'Zutphen' }]);
        assert.equal((await t.service.answerQuiz(ANNE, run.runId, 4, 0)).kind, 'stale');
    });
});
