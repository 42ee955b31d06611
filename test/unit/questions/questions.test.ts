/**
 * The questions domain on in-memory ports: working days, text bounds, the service's rules, the
 * outbox's exactly-once and retry, the recall's due time, the knowledge snippet and the typed commands.
 */
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { createSilentLogger } from '../../../bot/logger';
import { knowledgeSnippet } from '../../../bot/questions/knowledgeSnippet';
import { QUESTION_ID_PATTERN, checkQuestionText, type CoordinatorQuestion, type StoredQuestion } from '../../../bot/questions/questionModel';
import { QuestionOutbox } from '../../../bot/questions/questionOutbox';
import { QuestionRetention, QuestionService, type QuestionActor } from '../../../bot/questions/questionService';
import { questionRowKey, type NewQuestionRow, type QuestionOutboxRow, type QuestionRowChanges, type QuestionSender, type QuestionStore } from '../../../bot/questions/ports';
import { addWorkingDays } from '../../../bot/questions/workingDays';
import { DeliveryError, type SentMessage } from '../../../bot/reports/ports';
import { recogniseIntent } from '../../../bot/teams/intents';

class MemoryQuestionStore implements QuestionStore {
    questions = new Map<string, StoredQuestion>();
    rows = new Map<string, QuestionOutboxRow>();
    private n = 0;
    private tag = () => `e${++this.n}`;
    private key = (id: string, rowKey: string) => `${id}/${rowKey}`;

    private write(id: string, rows: readonly NewQuestionRow[], at: Date, check: boolean): boolean {
        for (const r of rows) if (check && r.purpose !== 'card' && this.rows.has(this.key(id, questionRowKey(r)))) return false;
        for (const r of rows) {
            const rowKey = questionRowKey(r);
            const existing = this.rows.get(this.key(id, rowKey));
            this.rows.set(this.key(id, rowKey), {
                ...existing,
                questionId: id,
                rowKey,
                purpose: r.purpose,
                ...(r.turn !== undefined && { turn: r.turn }),
                ...(r.line && { line: r.line }),
                ...(r.recipient && { recipient: r.recipient.toLowerCase() }),
                ...(r.causeStatus && { causeStatus: r.causeStatus }),
                state: 'pending',
                attempts: 0,
                nextAttemptAt: r.dueAt ?? '',
                giveUpAt: new Date(at.getTime() + 72 * 3600e3).toISOString(),
                etag: this.tag(),
            });
        }
        return true;
    }
    async get(id: string) {
        return this.questions.get(id);
    }
    async create(q: CoordinatorQuestion, rows: readonly NewQuestionRow[], at: Date) {
        if (this.questions.has(q.questionId)) return 'exists' as const;
        const stored = { question: q, etag: this.tag() };
        this.questions.set(q.questionId, stored);
        this.write(q.questionId, rows, at, false);
        return stored;
    }
    async replace(q: CoordinatorQuestion, etag: string, rows: readonly NewQuestionRow[], at: Date) {
        if (this.questions.get(q.questionId)?.etag !== etag) return undefined;
        if (!this.write(q.questionId, rows, at, true)) return undefined;
        const stored = { question: q, etag: this.tag() };
        this.questions.set(q.questionId, stored);
        return stored;
    }
    async list() {
        return [...this.questions.values()];
    }
    async listPending(id?: string) {
        return [...this.rows.values()].filter((r) => r.state === 'pending' && (id === undefined || r.questionId === id));
    }
    async getRow(id: string, rowKey: string) {
        return this.rows.get(this.key(id, rowKey));
    }
    async updateRow(row: QuestionOutboxRow, changes: QuestionRowChanges) {
        const current = this.rows.get(this.key(row.questionId, row.rowKey));
        if (!current || current.etag !== row.etag) return undefined;
        const next = { ...current, ...changes, etag: this.tag() };
        this.rows.set(this.key(row.questionId, row.rowKey), next);
        return next;
    }
    async completeRow(row: QuestionOutboxRow, kept?: SentMessage) {
        const current = this.rows.get(this.key(row.questionId, row.rowKey));
        if (current && current.etag !== row.etag) return false;
        if (kept && current) {
            this.rows.set(this.key(row.questionId, row.rowKey), { ...current, state: 'done', leaseOwner: '', leaseUntil: '', sentConversationId: kept.conversationId, sentActivityId: kept.activityId, etag: this.tag() });
        } else {
            this.rows.delete(this.key(row.questionId, row.rowKey));
        }
        return true;
    }
    async purge(q: CoordinatorQuestion, etag: string, at: Date) {
        const stored = await this.replace(q, etag, [{ purpose: 'card' }], at);
        if (!stored) return undefined;
        for (const [key, row] of this.rows) {
            if (row.questionId === q.questionId && row.state === 'done' && row.sentActivityId) {
                this.rows.set(key, { ...row, purpose: 'redact', state: 'pending', attempts: 0, nextAttemptAt: '', etag: this.tag() });
            }
        }
        return stored;
    }
    async recordPosted(stored: StoredQuestion, row: QuestionOutboxRow, delivery: { conversationId: string; activityId: string; channelKind: 'bound' | 'fallback' }) {
        const current = this.rows.get(this.key(row.questionId, row.rowKey));
        if (!current || current.etag !== row.etag) return false;
        const q = this.questions.get(stored.question.questionId) as StoredQuestion;
        this.questions.set(q.question.questionId, { question: { ...q.question, delivery }, etag: this.tag() });
        this.rows.set(this.key(row.questionId, row.rowKey), { ...current, state: 'done', etag: this.tag() });
        return true;
    }
}

class RecordingSender implements QuestionSender {
    sent: string[] = [];
    failures: number[] = [];
    private fail() {
        const status = this.failures.shift();
        if (status !== undefined) throw new DeliveryError('scripted', { status });
    }
    async post(q: CoordinatorQuestion) {
        this.fail();
        this.sent.push(`post:${q.questionId}`);
        return { conversationId: '19:c@thread.tacv2;messageid=1', activityId: '1', kind: 'bound' as const };
    }
    async updateCard(q: CoordinatorQuestion) {
        this.fail();
        this.sent.push(`card:v${q.version}`);
        return 'sent' as const;
    }
    private ids = 0;
    async threadLine(_q: CoordinatorQuestion, text: string) {
        this.fail();
        this.sent.push(`thread:${text}`);
        return { conversationId: '19:c@thread.tacv2;messageid=1', activityId: `line-${++this.ids}` };
    }
    async answerToAsker(_q: CoordinatorQuestion, turn: number) {
        this.fail();
        this.sent.push(`answer:${turn}`);
        return { conversationId: 'a:kim', activityId: `answer-${++this.ids}` };
    }
    async redact(conversationId: string, activityId: string) {
        this.fail();
        this.sent.push(`redact:${conversationId}/${activityId}`);
        return 'sent' as const;
    }
    async undeliveredToAsker(q: CoordinatorQuestion) {
        this.fail();
        this.sent.push(`undelivered:${q.questionId}`);
        return 'sent' as const;
    }
    async alertAdmin(q: CoordinatorQuestion, recipient: string, causeStatus: string | undefined) {
        this.fail();
        this.sent.push(`alert:${recipient}:${causeStatus ?? ''}`);
        return 'sent' as const;
    }
}

const SANNE = '0c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f';
const KIM = { aadObjectId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b', tenantId: 't1', displayName: 'Kim' };
const sanne: QuestionActor = { aadObjectId: SANNE, tenantId: 't1', displayName: 'Sanne', conversationId: '19:c@thread.tacv2;messageid=1' };

function setup(start = '2026-03-06T09:00:00.000Z') {
    let now = Date.parse(start);
    const clock = () => new Date(now);
    const store = new MemoryQuestionStore();
    const sender = new RecordingSender();
    const logger = createSilentLogger();
    const service = new QuestionService({
        store,
        roster: {
            coordinatorsOf: (m) => (m === 'Brummen' || m === 'Voorst' ? [{ aadObjectId: SANNE, name: 'Sanne' }] : []),
            isCoordinator: (id, m) => m === 'Brummen' && id === SANNE,
            isAdmin: (id) => id === 'admin',
        },
        channels: { targetFor: async (m) => (m === 'Voorst' ? undefined : { kind: 'bound' }) },
        allowedTenantIds: ['t1'],
        sameChannel: (a, b) => a.split(';')[0] === b.split(';')[0],
        logger,
        clock,
    });
    const outbox = new QuestionOutbox({ store, sender, logger, admins: () => ['Admin-1', 'admin-1', 'admin-2'] }, { clock, baseDelayMs: 1000, random: () => 0 });
    return { store, sender, service, outbox, clock, set: (iso: string) => (now = Date.parse(iso)), advance: (ms: number) => (now += ms) };
}

async function asked(s: ReturnType<typeof setup>, text = 'Vraag?') {
    const outcome = await s.service.ask(KIM, { municipality: 'Brummen', text, formId: `form-${Math.random().toString(36).slice(2)}` });
    assert.equal(outcome.kind, 'done');
    return outcome.question;
}

describe('questions to the aandachtfunctionaris (domain)', () => {
    describe('working days (Europe/Amsterdam)', () => {
        const due = (iso: string) => addWorkingDays(new Date(iso), 2).toISOString();
        it('skips the weekend and keeps the local hour, also across the clock change', () => {
            assert.equal(due('2026-03-04T09:30:00.000Z'), '2026-03-06T09:30:00.000Z', 'Wednesday -> Friday');
            assert.equal(due('2026-03-06T14:00:00.000Z'), '2026-03-10T14:00:00.000Z', 'Friday 15:00 -> Tuesday 15:00');
            assert.equal(due('2026-03-07T09:00:00.000Z'), '2026-03-10T23:00:00.000Z', 'Saturday -> Wednesday 00:00 local');
            assert.equal(due('2026-03-27T14:00:00.000Z'), '2026-03-31T13:00:00.000Z', 'Friday 15:00 CET -> Tuesday 15:00 CEST');
            assert.equal(due('2026-03-05T23:30:00.000Z'), '2026-03-09T23:30:00.000Z', 'Friday 00:30 local -> Tuesday 00:30 local');
        });
    });

    it('bounds a text without cutting it', () => {
        assert.deepEqual(checkQuestionText('  hoi \r\n'), { ok: true, text: 'hoi' });
        assert.deepEqual(checkQuestionText('   '), { ok: false, reason: 'empty' });
        assert.deepEqual(checkQuestionText({ $gt: '' }), { ok: false, reason: 'empty' });
        assert.deepEqual(checkQuestionText('x'.repeat(2000)).ok, true);
        assert.deepEqual(checkQuestionText('x'.repeat(10_000)), { ok: false, reason: 'tooLong' });
    });

    it('asks: one question per form, with its post and a recall due 2 working days later, in one write', async () => {
        const s = setup();
        const formId = 'form-0001';
        const first = await s.service.ask(KIM, { municipality: 'Brummen', text: 'Vraag?', formId });
        const again = await s.service.ask(KIM, { municipality: 'Brummen', text: 'Vraag?', formId });
        assert.ok(first.kind === 'done' && again.kind === 'done');
        assert.equal(first.question.questionId, again.question.questionId);
        assert.match(first.question.questionId, QUESTION_ID_PATTERN);
        const rows = await s.store.listPending();
        assert.deepEqual(rows.map((r) => [r.rowKey, r.nextAttemptAt]), [
            ['ob_post', ''],
            ['ob_thread_00_recall', '2026-03-10T09:00:00.000Z'],
        ]);
    });

    it('refuses what it must, storing nothing', async () => {
        const s = setup();
        const cases: [Record<string, unknown>, string][] = [
            [{ municipality: 'Brummen', text: '', formId: 'form-0001' }, 'EMPTY'],
            [{ municipality: 'Brummen', text: 'x'.repeat(10_000), formId: 'form-0001' }, 'TOO_LONG'],
            [{ municipality: '', text: 'Vraag', formId: 'form-0001' }, 'NO_MUNICIPALITY'],
            [{ municipality: 'Lochem', text: 'Vraag', formId: 'form-0001' }, 'NO_COORDINATORS'],
            [{ municipality: 'Voorst', text: 'Vraag', formId: 'form-0001' }, 'NO_CHANNEL'],
            [{ municipality: 'Apeldoorn', text: 'Vraag', formId: 'form-0001' }, 'FORGED'],
            [{ municipality: 'Brummen', text: 'Vraag', formId: '../x' }, 'FORGED'],
        ];
        for (const [input, code] of cases) {
            const outcome = await s.service.ask(KIM, input as { municipality: unknown; text: unknown; formId: unknown });
            assert.equal(outcome.kind === 'refused' && outcome.code, code, JSON.stringify(input).slice(0, 80));
        }
        assert.equal(s.store.questions.size, 0);
    });

    it('answers: coordinators of the municipality only, the open turn only, once', async () => {
        const s = setup();
        const q = await asked(s);
        await s.outbox.drainOnce();
        const kim = { ...sanne, aadObjectId: KIM.aadObjectId };
        assert.equal((await s.service.answer(kim, { questionId: q.questionId, turn: 0, answer: 'a' })).kind, 'refused');
        const foreign = await s.service.answer({ ...sanne, tenantId: 't2' }, { questionId: q.questionId, turn: 0, answer: 'a' });
        assert.equal(foreign.kind === 'refused' && foreign.code, 'NOT_ALLOWED');
        const otherChannel = await s.service.answer({ ...sanne, conversationId: '19:other@thread.tacv2' }, { questionId: q.questionId, turn: 0, answer: 'a' });
        assert.equal(otherChannel.kind === 'refused' && otherChannel.code, 'NOT_FOUND');
        const ok = await s.service.answer(sanne, { questionId: q.questionId, turn: 0, answer: 'Antwoord' });
        assert.equal(ok.kind, 'done');
        const twice = await s.service.answer(sanne, { questionId: q.questionId, turn: 0, answer: 'Nog eens' });
        assert.equal(twice.kind === 'refused' && twice.code, 'ALREADY_ANSWERED');
        assert.equal((await s.store.get(q.questionId))?.question.turns[0]?.answer, 'Antwoord');
    });

    it('the outbox sends each row exactly once, post first, retries a 503 and drops nothing', async () => {
        const s = setup();
        const q = await asked(s);
        s.sender.failures.push(503);
        const first = await s.outbox.drainOnce();
        assert.equal(first.retried, 1);
        assert.deepEqual(s.sender.sent, []);
        s.advance(1000);
        await s.outbox.drainOnce();
        assert.deepEqual(s.sender.sent, [`post:${q.questionId}`]);
        await s.service.answer(sanne, { questionId: q.questionId, turn: 0, answer: 'Antwoord' });
        await s.outbox.drainOnce();
        await s.outbox.drainOnce();
        assert.deepEqual(s.sender.sent.slice(1).sort(), ['answer:0', 'card:v2', 'thread:Beantwoord door Sanne.']);
        // The recall is due on Tuesday, and moot then: the turn is answered.
        s.set('2026-03-10T09:00:00.000Z');
        const tuesday = await s.outbox.drainOnce();
        assert.equal(tuesday.moot, 1);
        assert.equal(s.sender.sent.length, 4);
        assert.deepEqual(await s.store.listPending(), []);
    });

    it('recalls an open turn when it is due, and a 403 on it is final (logged, removed)', async () => {
        const s = setup();
        await asked(s);
        await s.outbox.drainOnce();
        s.set('2026-03-10T08:59:59.000Z');
        assert.equal((await s.outbox.drainOnce()).skipped, 1);
        s.set('2026-03-10T09:00:00.000Z');
        await s.outbox.drainOnce();
        assert.match(s.sender.sent[1] ?? '', /^thread:Herinnering: deze vraag staat al 2 werkdagen open/);
        const s2 = setup();
        await asked(s2);
        await s2.outbox.drainOnce();
        s2.set('2026-03-10T09:00:00.000Z');
        s2.sender.failures.push(403);
        assert.equal((await s2.outbox.drainOnce()).failed, 1);
        assert.deepEqual(await s2.store.listPending(), []);
    });

    it('a question no channel takes (403 on the post) is marked undelivered and the asker is told once', async () => {
        const s = setup();
        const q = await asked(s);
        s.sender.failures.push(403);
        assert.equal((await s.outbox.drainOnce()).failed, 1);
        await s.outbox.drainOnce();
        await s.outbox.drainOnce();
        assert.deepEqual(s.sender.sent.filter((x) => x.startsWith('undelivered:')), [`undelivered:${q.questionId}`]);
        assert.equal((await s.store.get(q.questionId))?.question.delivery.failed, true);
        // Each admin once (the file may name one twice), with the status the post failed with.
        assert.deepEqual(s.sender.sent.filter((x) => x.startsWith('alert:')).sort(), ['alert:admin-1:403', 'alert:admin-2:403']);
        assert.deepEqual((await s.store.listPending()).filter((r) => r.purpose === 'alert'), [], 'the alert rows went once sent');
    });

    it('follow-ups by the asker only, after an answer, at most five turns', async () => {
        const s = setup();
        const q = await asked(s);
        await s.outbox.drainOnce();
        assert.equal((await s.service.followUp(KIM, { questionId: q.questionId, followUp: 'x' })).kind === 'refused', true);
        for (let turn = 0; turn < 4; turn++) {
            assert.equal((await s.service.answer(sanne, { questionId: q.questionId, turn, answer: `a${turn}` })).kind, 'done');
            const other = await s.service.followUp({ ...KIM, aadObjectId: 'someone-else' }, { questionId: q.questionId, followUp: 'x' });
            assert.equal(other.kind === 'refused' && other.code, 'NOT_ALLOWED');
            assert.equal((await s.service.followUp(KIM, { questionId: q.questionId, followUp: `v${turn}` })).kind, 'done');
        }
        await s.service.answer(sanne, { questionId: q.questionId, turn: 4, answer: 'a4' });
        const sixth = await s.service.followUp(KIM, { questionId: q.questionId, followUp: 'nog een' });
        assert.equal(sixth.kind === 'refused' && sixth.code, 'TOO_MANY_TURNS');
    });

    it('suggestions are for admins; retention blanks text and asker and queues the purged card', async () => {
        const s = setup();
        const q = await asked(s, 'Geheim: Dorpsstraat 1');
        await s.outbox.drainOnce(); // answered on its posted card
        await s.service.answer(sanne, { questionId: q.questionId, turn: 0, answer: 'Antwoord' });
        assert.equal((await s.service.suggest(sanne, { questionId: q.questionId })).kind, 'done');
        assert.equal(await s.service.suggestions(KIM.aadObjectId), undefined);
        assert.equal((await s.service.suggestions('admin'))?.length, 1);
        const retention = new QuestionRetention({ store: s.store, retentionDays: 30, clock: s.clock, logger: createSilentLogger() });
        assert.deepEqual((await retention.run()).purged, []);
        s.advance(31 * 24 * 3600e3);
        assert.deepEqual((await retention.run()).purged, [q.questionId]);
        const purged = (await s.store.get(q.questionId))?.question;
        assert.doesNotMatch(JSON.stringify(purged), /Dorpsstraat|Antwoord|Sanne|Kim|5e6f7a8b/);
        assert.equal((await s.service.suggestions('admin'))?.length, 0);
        assert.ok((await s.store.listPending(q.questionId)).some((r) => r.purpose === 'card'));
    });

    it('an answer before the card is in the channel is refused: there is no card to answer on yet', async () => {
        const s = setup();
        const q = await asked(s);
        const early = await s.service.answer(sanne, { questionId: q.questionId, turn: 0, answer: 'te vroeg' });
        assert.equal(early.kind === 'refused' && early.code, 'NOT_FOUND');
        await s.outbox.drainOnce();
        assert.equal((await s.service.answer(sanne, { questionId: q.questionId, turn: 0, answer: 'nu wel' })).kind, 'done');
    });

    it('the knowledge snippet is valid YAML with every field a knowledge item needs', async () => {
        const s = setup();
        const q = await asked(s, 'Wat als iemand "ja" zegt: en dan?\nTweede regel');
        await s.outbox.drainOnce();
        await s.service.answer(sanne, { questionId: q.questionId, turn: 0, answer: '- eerst bellen\n- dan melden' });
        const stored = (await s.store.get(q.questionId))?.question as CoordinatorQuestion;
        const parsed = YAML.parse(`items:\n${knowledgeSnippet(stored)}`) as { items: Record<string, unknown>[] };
        const item = parsed.items[0] as Record<string, unknown>;
        assert.deepEqual(Object.keys(item), ['id', 'titel', 'samenvatting', 'tekst', 'vragen', 'trefwoorden', 'bronnen', 'gecontroleerd']);
        assert.equal(item.titel, 'Wat als iemand "ja" zegt: en dan?');
        assert.equal(item.tekst, '- eerst bellen\n- dan melden');
        assert.equal(item.gecontroleerd, '2026-03-06');
    });

    it('recognises the typed commands, and leaves look-alikes to the knowledge search', () => {
        assert.deepEqual(recogniseIntent('vraag aan de aandachtfunctionaris'), { kind: 'askCoordinator', text: '', municipality: undefined });
        assert.deepEqual(recogniseIntent('Vraag aan AF: Mag ik dit, ja?'), { kind: 'askCoordinator', text: 'Mag ik dit, ja?', municipality: undefined });
        assert.deepEqual(recogniseIntent('vraag aan de AF van Voorst wat nu'), { kind: 'askCoordinator', text: 'wat nu', municipality: 'Voorst' });
        assert.equal(recogniseIntent('vraag aan afdeling burgerzaken').kind, 'question');
        assert.equal(recogniseIntent('wie is de AF in Zutphen').kind, 'question');
        assert.equal(recogniseIntent('kennisbank voorstellen').kind, 'knowledgeSuggestions');
    });
});
