/**
 * Questions to the aandachtfunctionaris: asking, answering, follow-ups and "voorstel voor de kennisbank".
 * Every rule is checked here, on the server, against the stored question and the organisation file:
 * only coordinators of the question's municipality answer or suggest, only the asker asks a follow-up,
 * and every text is bounded. Who acts comes from the activity (the caller), never from card data.
 * Every message that follows a change is an outbox row written in the change's own transaction.
 */
import { createHash } from 'node:crypto';
import type { Clock, Logger } from '../domain/ports';
import { isMunicipality, type Municipality } from '../domain/vocabulary';
import { addWorkingDays } from './workingDays';
import {
    MAX_TURNS,
    QUESTION_ID_PATTERN,
    RECALL_AFTER_WORKING_DAYS,
    checkQuestionText,
    lastActivityAt,
    openTurn,
    type CoordinatorQuestion,
    type QuestionAsker,
    type StoredQuestion,
} from './questionModel';
import type { NewQuestionRow, QuestionChannels, QuestionRoster, QuestionStore } from './ports';

/** A form id: made by the bot when it shows the form; it makes a double click land on the same question. */
const FORM_ID_PATTERN = /^[A-Za-z0-9-]{8,64}$/;

export type QuestionRefusal =
    | 'EMPTY'
    | 'TOO_LONG'
    | 'NO_MUNICIPALITY'
    | 'NO_COORDINATORS'
    | 'NO_CHANNEL'
    | 'FORGED'
    | 'NOT_FOUND'
    | 'PURGED'
    | 'NOT_ALLOWED'
    | 'ALREADY_ANSWERED'
    | 'NOT_YET_ANSWERED'
    | 'TOO_MANY_TURNS'
    | 'NOT_ANSWERED'
    | 'ALREADY_SUGGESTED'
    | 'CONFLICT';

export type QuestionOutcome =
    | { kind: 'done'; question: CoordinatorQuestion; channelKind?: 'bound' | 'fallback' }
    | { kind: 'refused'; code: QuestionRefusal; question?: CoordinatorQuestion; municipality?: Municipality };

/** Who acts, from the activity. */
export interface QuestionActor {
    aadObjectId: string;
    tenantId: string;
    displayName: string;
    conversationId: string;
}

export interface QuestionServiceDeps {
    store: QuestionStore;
    roster: QuestionRoster;
    channels: QuestionChannels;
    allowedTenantIds: readonly string[];
    /** Whether the acting conversation is the channel the card was posted in (Teams ids: the edge knows). */
    sameChannel: (stored: string, acting: string) => boolean;
    logger: Logger;
    clock: Clock;
}

export function questionIdFor(asker: Pick<QuestionAsker, 'tenantId' | 'aadObjectId'>, formId: string): string {
    return createHash('sha256').update(`vraag\n${asker.tenantId}\n${asker.aadObjectId.toLowerCase()}\n${formId}`).digest('hex').slice(0, 32);
}

const refused = (code: QuestionRefusal, question?: CoordinatorQuestion, municipality?: Municipality): QuestionOutcome => ({
    kind: 'refused',
    code,
    ...(question && { question }),
    ...(municipality && { municipality }),
});

function recallRow(turn: number, at: Date): NewQuestionRow {
    return { purpose: 'thread', line: 'recall', turn, dueAt: addWorkingDays(at, RECALL_AFTER_WORKING_DAYS).toISOString() };
}

export class QuestionService {
    constructor(private readonly deps: QuestionServiceDeps) {}

    private get log(): Logger {
        return this.deps.logger;
    }

    /** Can this municipality get questions at all: coordinators to answer, a channel to post in. */
    async canAsk(municipality: Municipality): Promise<QuestionRefusal | undefined> {
        if (this.deps.roster.coordinatorsOf(municipality).length === 0) return 'NO_COORDINATORS';
        if (!(await this.deps.channels.targetFor(municipality))) return 'NO_CHANNEL';
        return undefined;
    }

    async ask(asker: QuestionAsker, input: { municipality: unknown; text: unknown; formId: unknown }): Promise<QuestionOutcome> {
        if (typeof input.formId !== 'string' || !FORM_ID_PATTERN.test(input.formId)) return this.refuse('ask', 'FORGED');
        if (input.municipality === undefined || input.municipality === '') return this.refuse('ask', 'NO_MUNICIPALITY');
        if (!isMunicipality(input.municipality)) return this.refuse('ask', 'FORGED');
        const municipality = input.municipality;
        const text = checkQuestionText(input.text);
        if (!text.ok) return this.refuse('ask', text.reason === 'empty' ? 'EMPTY' : 'TOO_LONG', undefined, municipality);
        if (this.deps.roster.coordinatorsOf(municipality).length === 0) return this.refuse('ask', 'NO_COORDINATORS', undefined, municipality);
        const target = await this.deps.channels.targetFor(municipality);
        if (!target) return this.refuse('ask', 'NO_CHANNEL', undefined, municipality);
        const now = this.deps.clock();
        const question: CoordinatorQuestion = {
            questionId: questionIdFor(asker, input.formId),
            municipality,
            asker: { ...asker, aadObjectId: asker.aadObjectId.toLowerCase() },
            turns: [{ text: text.text, askedAt: now.toISOString() }],
            version: 1,
            delivery: {},
        };
        const created = await this.deps.store.create(question, [{ purpose: 'post' }, recallRow(0, now)], now);
        if (created === 'exists') {
            // A double click or a Teams retry: the question was sent the first time.
            const stored = await this.deps.store.get(question.questionId);
            this.log.info({ event: 'question.asked', questionId: question.questionId, outcome: 'repeat' }, 'question already stored');
            return stored ? { kind: 'done', question: stored.question, channelKind: target.kind } : refused('CONFLICT');
        }
        this.log.info({ event: 'question.asked', questionId: question.questionId, municipality, channelKind: target.kind, outcome: 'stored' }, 'question stored');
        return { kind: 'done', question: created.question, channelKind: target.kind };
    }

    /** A coordinator's answer on the channel card. `data` is the card's data: validated like any input. */
    async answer(actor: QuestionActor, data: Record<string, unknown>): Promise<QuestionOutcome> {
        const found = await this.forCoordinator('answer', actor, data);
        if ('kind' in found) return found;
        const { stored, turn } = found;
        const q = stored.question;
        const open = openTurn(q);
        if (turn === undefined || open !== turn) {
            const t = turn === undefined ? undefined : q.turns[turn];
            return this.refuse('answer', t?.answer !== undefined ? 'ALREADY_ANSWERED' : 'NOT_FOUND', q);
        }
        const text = checkQuestionText(data.answer);
        if (!text.ok) return this.refuse('answer', text.reason === 'empty' ? 'EMPTY' : 'TOO_LONG', q);
        const now = this.deps.clock();
        const turns = q.turns.map((t, i) =>
            i === turn ? { ...t, answer: text.text, answeredAt: now.toISOString(), answeredById: actor.aadObjectId.toLowerCase(), answeredByName: actor.displayName } : t,
        );
        const next: CoordinatorQuestion = { ...q, turns, version: q.version + 1 };
        const rows: NewQuestionRow[] = [{ purpose: 'card' }, { purpose: 'answer', turn }, { purpose: 'thread', line: 'answered', turn }];
        const written = await this.deps.store.replace(next, stored.etag, rows, now);
        if (!written) return this.afterConflict('answer', q.questionId, turn);
        this.log.info({ event: 'question.answered', questionId: q.questionId, turn, outcome: 'applied' }, 'question answered');
        return { kind: 'done', question: written.question };
    }

    /** "Voorstel voor de kennisbank" on an answered card. */
    async suggest(actor: QuestionActor, data: Record<string, unknown>): Promise<QuestionOutcome> {
        const found = await this.forCoordinator('suggest', actor, data);
        if ('kind' in found) return found;
        const q = found.stored.question;
        if (!q.turns.some((t) => t.answer !== undefined)) return this.refuse('suggest', 'NOT_ANSWERED', q);
        if (q.suggestion) return this.refuse('suggest', 'ALREADY_SUGGESTED', q);
        const now = this.deps.clock();
        const next: CoordinatorQuestion = { ...q, version: q.version + 1, suggestion: { byId: actor.aadObjectId.toLowerCase(), byName: actor.displayName, at: now.toISOString() } };
        const written = await this.deps.store.replace(next, found.stored.etag, [{ purpose: 'card' }], now);
        if (!written) return this.refuse('suggest', 'CONFLICT', (await this.deps.store.get(q.questionId))?.question);
        this.log.info({ event: 'question.suggested', questionId: q.questionId, outcome: 'applied' }, 'question suggested for the knowledge base');
        return { kind: 'done', question: written.question };
    }

    /** The asker's follow-up from the answer in the 1:1 chat: a new turn in the same thread. */
    async followUp(asker: QuestionAsker, data: Record<string, unknown>): Promise<QuestionOutcome> {
        const stored = await this.load(data.questionId);
        if (!stored) return this.refuse('followUp', typeof data.questionId === 'string' && QUESTION_ID_PATTERN.test(data.questionId) ? 'NOT_FOUND' : 'FORGED');
        const q = stored.question;
        if (q.purgedAt) return this.refuse('followUp', 'PURGED', q);
        if (q.asker.aadObjectId !== asker.aadObjectId.toLowerCase() || q.asker.tenantId !== asker.tenantId) return this.refuse('followUp', 'NOT_ALLOWED');
        if (openTurn(q) !== undefined) return this.refuse('followUp', 'NOT_YET_ANSWERED', q);
        if (q.turns.length >= MAX_TURNS) return this.refuse('followUp', 'TOO_MANY_TURNS', q);
        const text = checkQuestionText(data.followUp);
        if (!text.ok) return this.refuse('followUp', text.reason === 'empty' ? 'EMPTY' : 'TOO_LONG', q);
        const now = this.deps.clock();
        const turn = q.turns.length;
        const next: CoordinatorQuestion = { ...q, version: q.version + 1, turns: [...q.turns, { text: text.text, askedAt: now.toISOString() }] };
        const rows: NewQuestionRow[] = [{ purpose: 'card' }, { purpose: 'thread', line: 'followUp', turn }, recallRow(turn, now)];
        const written = await this.deps.store.replace(next, stored.etag, rows, now);
        if (!written) return this.refuse('followUp', 'CONFLICT', q);
        this.log.info({ event: 'question.followUp', questionId: q.questionId, turn, outcome: 'stored' }, 'follow-up stored');
        return { kind: 'done', question: written.question };
    }

    /** The questions coordinators proposed for the knowledge base, for an admin; undefined for anyone else. */
    async suggestions(aadObjectId: string | undefined): Promise<CoordinatorQuestion[] | undefined> {
        if (!this.deps.roster.isAdmin(aadObjectId)) return undefined;
        const all = await this.deps.store.list();
        return all
            .map((s) => s.question)
            .filter((q) => q.suggestion && !q.purgedAt)
            .sort((a, b) => (a.suggestion?.at ?? '').localeCompare(b.suggestion?.at ?? ''));
    }

    async get(questionId: unknown): Promise<StoredQuestion | undefined> {
        return this.load(questionId);
    }

    private async load(questionId: unknown): Promise<StoredQuestion | undefined> {
        if (typeof questionId !== 'string' || !QUESTION_ID_PATTERN.test(questionId)) return undefined;
        return this.deps.store.get(questionId);
    }

    /** The checks every coordinator action shares: the question, the tenant, the role, the channel. */
    private async forCoordinator(what: string, actor: QuestionActor, data: Record<string, unknown>): Promise<{ stored: StoredQuestion; turn: number | undefined } | QuestionOutcome> {
        if (typeof data.questionId !== 'string' || !QUESTION_ID_PATTERN.test(data.questionId)) return this.refuse(what, 'FORGED');
        const turn = data.turn === undefined ? undefined : Number.isInteger(data.turn) && (data.turn as number) >= 0 && (data.turn as number) < MAX_TURNS ? (data.turn as number) : -1;
        if (turn === -1) return this.refuse(what, 'FORGED');
        const stored = await this.deps.store.get(data.questionId);
        if (!stored) return this.refuse(what, 'NOT_FOUND');
        const q = stored.question;
        if (!this.deps.allowedTenantIds.includes(actor.tenantId) || actor.tenantId !== q.asker.tenantId) return this.refuse(what, 'NOT_ALLOWED', q);
        if (!this.deps.roster.isCoordinator(actor.aadObjectId, q.municipality)) return this.refuse(what, 'NOT_ALLOWED', q);
        // Only on its own card: before the card is posted there is nothing to act on, and a card copied into
        // another channel is not this question's card.
        if (!q.delivery.conversationId || !this.deps.sameChannel(q.delivery.conversationId, actor.conversationId)) return this.refuse(what, 'NOT_FOUND');
        if (q.purgedAt) return this.refuse(what, 'PURGED', q);
        return { stored, turn };
    }

    private async afterConflict(what: string, questionId: string, turn: number): Promise<QuestionOutcome> {
        const fresh = (await this.deps.store.get(questionId))?.question;
        const answered = fresh?.turns[turn]?.answer !== undefined;
        return this.refuse(what, answered ? 'ALREADY_ANSWERED' : 'CONFLICT', fresh);
    }

    private refuse(what: string, code: QuestionRefusal, question?: CoordinatorQuestion, municipality?: Municipality): QuestionOutcome {
        this.log.info({ event: `question.${what}`, questionId: question?.questionId, code, outcome: 'refused' }, 'question action refused');
        return refused(code, question, municipality);
    }
}

/** Retention for questions: the same RETENTION_DAYS as reports, counted from the question's last change. */
export class QuestionRetention {
    constructor(
        private readonly deps: { store: QuestionStore; retentionDays: number; clock: Clock; logger: Logger },
    ) {}

    /**
     * Blanks every text and the asker of questions whose last question or answer is older than the
     * retention, and queues the channel card in its purged form (the card showed the text). An open
     * question that old is purged too: nobody answers a question from a year ago.
     */
    async run(): Promise<{ purged: string[]; kept: number; skipped: number }> {
        const now = this.deps.clock();
        const cutoff = now.getTime() - this.deps.retentionDays * 24 * 3600 * 1000;
        const result = { purged: [] as string[], kept: 0, skipped: 0 };
        for (const stored of await this.deps.store.list()) {
            const q = stored.question;
            if (q.purgedAt) continue;
            const last = Date.parse(lastActivityAt(q));
            if (!(last < cutoff)) {
                result.kept++;
                continue;
            }
            const written = await this.deps.store.purge(purged(q, now), stored.etag, now);
            if (written) result.purged.push(q.questionId);
            else result.skipped++;
        }
        this.deps.logger.info({ event: 'question.retention', purged: result.purged.length, kept: result.kept, skipped: result.skipped }, 'question retention finished');
        return result;
    }
}

/** The purged form: no text, no names, no ids of people; municipality and times stay (they are no content). */
export function purged(q: CoordinatorQuestion, now: Date): CoordinatorQuestion {
    const { suggestion: _dropped, ...rest } = q;
    return {
        ...rest,
        asker: { aadObjectId: '', tenantId: q.asker.tenantId, displayName: '' },
        turns: q.turns.map((t) => ({ text: '', askedAt: t.askedAt, ...(t.answeredAt && { answer: '', answeredAt: t.answeredAt }) })),
        version: q.version + 1,
        purgedAt: now.toISOString(),
    };
}
