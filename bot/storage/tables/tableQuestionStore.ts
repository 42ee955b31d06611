/**
 * Questions to the aandachtfunctionaris and their outbox rows in Azure Tables.
 *
 * Layout (own table, `questions`): partition `q_<questionId>` holds row `question` and the question's
 * outbox rows (`ob_post`, `ob_card`, `ob_answer_<turn>`, `ob_thread_<turn>_<line>`, see
 * bot/questions/ports.ts). A change and the rows it causes are one transaction; every update names the
 * row's eTag. Reading checks each stored value (zod): a damaged row raises DAMAGED_DATA, never a default.
 */
import { odata, type TableClient, type TransactionAction } from '@azure/data-tables';
import { z } from 'zod';
import type { Logger } from '../../domain/ports';
import { MUNICIPALITIES } from '../../domain/vocabulary';
import { QUESTION_ID_PATTERN, type CoordinatorQuestion, type StoredQuestion } from '../../questions/questionModel';
import {
    QUESTION_GIVE_UP_AFTER_MS,
    questionRowKey,
    type NewQuestionRow,
    type QuestionOutboxRow,
    type QuestionRowChanges,
    type QuestionStore,
} from '../../questions/ports';
import { ReportError } from '../../reports/reportErrors';
import type { SentMessage } from '../../reports/ports';
import { ifFound, statusOf } from '../storageErrors';
import type { TableClientFactory } from '../tableClientFactory';
import { MAX_ENTITY_BYTES, MAX_PROPERTY_BYTES } from './reportRows';
import { storageError } from './tableErrors';

export const QUESTIONS_TABLE = 'questions';
const QUESTION_ROW = 'question';
export const questionPartitionKey = (questionId: string) => `q_${questionId}`;

type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

const turnSchema = z.object({
    text: z.string(),
    askedAt: z.string(),
    answer: z.string().optional(),
    answeredAt: z.string().optional(),
    answeredById: z.string().optional(),
    answeredByName: z.string().optional(),
});

const questionEntity = z.object({
    questionId: z.string().regex(QUESTION_ID_PATTERN),
    municipality: z.enum(MUNICIPALITIES),
    askerId: z.string().optional(),
    askerTenantId: z.string(),
    askerName: z.string().optional(),
    turns: z.string().transform((s, ctx) => {
        try {
            return z.array(turnSchema).min(1).parse(JSON.parse(s));
        } catch {
            ctx.addIssue({ code: 'custom', message: 'turns' });
            return z.NEVER;
        }
    }),
    version: z.number().int(),
    conversationId: z.string().optional(),
    activityId: z.string().optional(),
    channelKind: z.enum(['bound', 'fallback']).optional(),
    deliveryFailed: z.boolean().optional(),
    suggestedById: z.string().optional(),
    suggestedByName: z.string().optional(),
    suggestedAt: z.string().optional(),
    purgedAt: z.string().optional(),
});

const rowEntity = z.object({
    purpose: z.enum(['post', 'card', 'answer', 'thread', 'undelivered', 'alert', 'redact']),
    turn: z.number().int().optional(),
    line: z.enum(['followUp', 'answered', 'recall']).optional(),
    recipient: z.string().max(128).optional(),
    causeStatus: z.string().max(16).optional(),
    state: z.enum(['pending', 'failed', 'done']),
    attempts: z.number().int(),
    // '' (due at once) reads as absent after present().
    nextAttemptAt: z.string().default(''),
    giveUpAt: z.string(),
    leaseOwner: z.string().optional(),
    leaseUntil: z.string().optional(),
    lastStatus: z.string().optional(),
    sentConversationId: z.string().optional(),
    sentActivityId: z.string().optional(),
});

/** Empty strings are how a cleared optional column looks after a Merge; read them as absent. */
function present(entity: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(entity).filter(([, v]) => v !== '' && v !== null));
}

function damaged(what: string, partitionKey: unknown): ReportError {
    return new ReportError('DAMAGED_DATA', `damaged ${what} row ${typeof partitionKey === 'string' ? partitionKey : '?'}`);
}

export function questionToEntity(q: CoordinatorQuestion): Entity {
    const entity: Entity = {
        partitionKey: questionPartitionKey(q.questionId),
        rowKey: QUESTION_ROW,
        kind: 'question',
        schemaVersion: 1,
        questionId: q.questionId,
        municipality: q.municipality,
        askerId: q.asker.aadObjectId,
        askerTenantId: q.asker.tenantId,
        askerName: q.asker.displayName,
        turns: JSON.stringify(q.turns),
        version: q.version,
        conversationId: q.delivery.conversationId,
        activityId: q.delivery.activityId,
        channelKind: q.delivery.channelKind,
        deliveryFailed: q.delivery.failed === true ? true : undefined,
        suggestedById: q.suggestion?.byId,
        suggestedByName: q.suggestion?.byName,
        suggestedAt: q.suggestion?.at,
        purgedAt: q.purgedAt,
    };
    for (const key of Object.keys(entity)) if (entity[key] === undefined) delete entity[key];
    // The texts are bounded (QUESTION_TEXT_MAX_CHARS, MAX_TURNS); this guards the bound itself.
    const turnsBytes = Buffer.byteLength(String(entity.turns), 'utf16le');
    if (turnsBytes > MAX_PROPERTY_BYTES || Buffer.byteLength(JSON.stringify(entity), 'utf16le') > MAX_ENTITY_BYTES) {
        throw new ReportError('TOO_LARGE', 'question row too large');
    }
    return entity;
}

export function questionFromEntity(entity: Record<string, unknown>): CoordinatorQuestion {
    const parsed = questionEntity.safeParse(present(entity));
    if (!parsed.success) throw damaged('question', entity.partitionKey);
    const e = parsed.data;
    return {
        questionId: e.questionId,
        municipality: e.municipality,
        asker: { aadObjectId: e.askerId ?? '', tenantId: e.askerTenantId, displayName: e.askerName ?? '' },
        turns: e.turns,
        version: e.version,
        delivery: {
            ...(e.conversationId && { conversationId: e.conversationId }),
            ...(e.activityId && { activityId: e.activityId }),
            ...(e.channelKind && { channelKind: e.channelKind }),
            ...(e.deliveryFailed === true && { failed: true }),
        },
        ...(e.suggestedAt && { suggestion: { byId: e.suggestedById ?? '', byName: e.suggestedByName ?? '', at: e.suggestedAt } }),
        ...(e.purgedAt && { purgedAt: e.purgedAt }),
    };
}

function rowFromEntity(entity: Record<string, unknown>, etag: string): QuestionOutboxRow {
    const parsed = rowEntity.safeParse(present(entity));
    const partitionKey = String(entity.partitionKey ?? '');
    if (!parsed.success || !partitionKey.startsWith('q_')) throw damaged('question outbox', entity.partitionKey);
    return { ...parsed.data, questionId: partitionKey.slice(2), rowKey: String(entity.rowKey), etag };
}

function newRowEntity(questionId: string, row: NewQuestionRow, at: Date): Entity {
    const entity: Entity = {
        partitionKey: questionPartitionKey(questionId),
        rowKey: questionRowKey(row),
        kind: 'outbox',
        purpose: row.purpose,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: row.dueAt ?? '',
        giveUpAt: new Date(Math.max(at.getTime(), Date.parse(row.dueAt ?? '') || 0) + QUESTION_GIVE_UP_AFTER_MS).toISOString(),
        createdAt: at.toISOString(),
    };
    if (row.turn !== undefined) entity.turn = row.turn;
    if (row.line !== undefined) entity.line = row.line;
    if (row.recipient !== undefined) entity.recipient = row.recipient.toLowerCase();
    if (row.causeStatus !== undefined) entity.causeStatus = row.causeStatus;
    return entity;
}

/**
 * The transaction actions of new rows: the card row is upserted (Merge), so a card update queued while one
 * is being sent coalesces with it and keeps its lease; the others are new per turn and created.
 */
function rowActions(questionId: string, rows: readonly NewQuestionRow[], at: Date): TransactionAction[] {
    return rows.map((row) => {
        const entity = newRowEntity(questionId, row, at);
        return row.purpose === 'card' ? (['upsert', entity, 'Merge'] as TransactionAction) : (['create', entity] as TransactionAction);
    });
}

export class TableQuestionStore implements QuestionStore {
    constructor(
        private readonly tables: TableClientFactory,
        private readonly logger?: Logger,
    ) {}

    private async table(): Promise<TableClient> {
        try {
            return await this.tables.table(QUESTIONS_TABLE);
        } catch (err) {
            throw storageError('open questions table', err);
        }
    }

    private read<T>(what: string, partitionKey: unknown, map: () => T): T {
        try {
            return map();
        } catch (err) {
            if (err instanceof ReportError && err.code === 'DAMAGED_DATA') {
                this.logger?.error({ code: err.code, row: typeof partitionKey === 'string' ? partitionKey : undefined, what, event: 'storage.damagedRow' }, 'damaged question row');
            }
            throw err;
        }
    }

    async get(questionId: string): Promise<StoredQuestion | undefined> {
        if (!QUESTION_ID_PATTERN.test(questionId)) return undefined;
        const table = await this.table();
        try {
            const row = await ifFound(table.getEntity<Record<string, unknown>>(questionPartitionKey(questionId), QUESTION_ROW));
            return row && { question: this.read('question', row.partitionKey, () => questionFromEntity(row)), etag: row.etag };
        } catch (err) {
            throw storageError('read question', err);
        }
    }

    async create(question: CoordinatorQuestion, rows: readonly NewQuestionRow[], at: Date): Promise<StoredQuestion | 'exists'> {
        const entity = questionToEntity(question);
        const table = await this.table();
        try {
            const res = await table.submitTransaction([['create', entity], ...rowActions(question.questionId, rows, at)]);
            return { question, etag: res.getResponseForEntity(QUESTION_ROW)?.etag ?? '' };
        } catch (err) {
            if (statusOf(err) === 409) return 'exists';
            throw storageError('store question', err);
        }
    }

    async replace(question: CoordinatorQuestion, etag: string, rows: readonly NewQuestionRow[], at: Date): Promise<StoredQuestion | undefined> {
        const entity = questionToEntity(question);
        const table = await this.table();
        try {
            const res = await table.submitTransaction([['update', entity, 'Replace', { etag }], ...rowActions(question.questionId, rows, at)]);
            return { question, etag: res.getResponseForEntity(QUESTION_ROW)?.etag ?? '' };
        } catch (err) {
            // 412: someone changed the question first; 409: that turn's row exists (the same change, twice).
            if (statusOf(err) === 412 || statusOf(err) === 409) return undefined;
            throw storageError('update question', err);
        }
    }

    async list(): Promise<StoredQuestion[]> {
        const table = await this.table();
        const out: StoredQuestion[] = [];
        try {
            for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`kind eq 'question'` } })) {
                out.push({ question: this.read('question', row.partitionKey, () => questionFromEntity(row)), etag: row.etag });
            }
        } catch (err) {
            throw storageError('list questions', err);
        }
        return out;
    }

    async listPending(questionId?: string): Promise<QuestionOutboxRow[]> {
        if (questionId !== undefined && !QUESTION_ID_PATTERN.test(questionId)) return [];
        const table = await this.table();
        const pending = odata`kind eq 'outbox' and state eq 'pending'`;
        const filter = questionId === undefined ? pending : `${odata`PartitionKey eq ${questionPartitionKey(questionId)}`} and ${pending}`;
        const rows: QuestionOutboxRow[] = [];
        try {
            for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter } })) {
                // One damaged row must not stop the others: it is logged and stays where it is.
                try {
                    rows.push(this.read('question outbox', row.partitionKey, () => rowFromEntity(row, row.etag)));
                } catch (err) {
                    if (!(err instanceof ReportError && err.code === 'DAMAGED_DATA')) throw err;
                }
            }
        } catch (err) {
            throw storageError('scan question outbox', err);
        }
        return rows;
    }

    async getRow(questionId: string, rowKey: string): Promise<QuestionOutboxRow | undefined> {
        if (!QUESTION_ID_PATTERN.test(questionId)) return undefined;
        const table = await this.table();
        try {
            const row = await ifFound(table.getEntity<Record<string, unknown>>(questionPartitionKey(questionId), rowKey));
            return row && this.read('question outbox', row.partitionKey, () => rowFromEntity(row, row.etag));
        } catch (err) {
            throw storageError('read question outbox', err);
        }
    }

    async updateRow(row: QuestionOutboxRow, changes: QuestionRowChanges): Promise<QuestionOutboxRow | undefined> {
        const table = await this.table();
        const entity: Entity = { partitionKey: questionPartitionKey(row.questionId), rowKey: row.rowKey };
        for (const [key, value] of Object.entries(changes)) entity[key] = value ?? '';
        try {
            const res = await table.updateEntity(entity, 'Merge', { etag: row.etag });
            return { ...row, ...changes, etag: res.etag ?? row.etag };
        } catch (err) {
            if (statusOf(err) === 412 || statusOf(err) === 404) return undefined;
            throw storageError('update question outbox', err);
        }
    }

    async completeRow(row: QuestionOutboxRow, kept?: SentMessage): Promise<boolean> {
        const table = await this.table();
        const partitionKey = questionPartitionKey(row.questionId);
        try {
            if (kept) {
                const record = { partitionKey, rowKey: row.rowKey, state: 'done', leaseOwner: '', leaseUntil: '', sentConversationId: kept.conversationId, sentActivityId: kept.activityId };
                await table.updateEntity(record, 'Merge', { etag: row.etag });
            } else {
                await table.deleteEntity(partitionKey, row.rowKey, { etag: row.etag });
            }
            return true;
        } catch (err) {
            if (statusOf(err) === 404) return true;
            if (statusOf(err) === 412) return false;
            throw storageError('complete question row', err);
        }
    }

    async purge(question: CoordinatorQuestion, etag: string, at: Date): Promise<StoredQuestion | undefined> {
        const table = await this.table();
        const partitionKey = questionPartitionKey(question.questionId);
        const records: string[] = [];
        try {
            const filter = odata`PartitionKey eq ${partitionKey} and kind eq 'outbox' and state eq 'done'`;
            for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter, select: ['RowKey', 'sentConversationId', 'sentActivityId'] } })) {
                if (row.sentConversationId && row.sentActivityId) records.push(String(row.rowKey));
            }
        } catch (err) {
            throw storageError('read question records', err);
        }
        const giveUpAt = new Date(at.getTime() + QUESTION_GIVE_UP_AFTER_MS).toISOString();
        // Questions have at most a few turns, so the question, its card and its records fit one batch.
        const redacts = records.map(
            (rowKey): TransactionAction => ['update', { partitionKey, rowKey, purpose: 'redact', state: 'pending', attempts: 0, nextAttemptAt: '', giveUpAt, leaseOwner: '', leaseUntil: '' }, 'Merge'],
        );
        try {
            const res = await table.submitTransaction([['update', questionToEntity(question), 'Replace', { etag }], ...rowActions(question.questionId, [{ purpose: 'card' }], at), ...redacts]);
            return { question, etag: res.getResponseForEntity(QUESTION_ROW)?.etag ?? '' };
        } catch (err) {
            if (statusOf(err) === 412 || statusOf(err) === 409) return undefined;
            throw storageError('purge question', err);
        }
    }

    async recordPosted(stored: StoredQuestion, row: QuestionOutboxRow, delivery: { conversationId: string; activityId: string; channelKind: 'bound' | 'fallback' }): Promise<boolean> {
        const table = await this.table();
        let current: StoredQuestion | undefined = stored;
        for (let attempt = 1; attempt <= 4 && current; attempt++) {
            const next: CoordinatorQuestion = { ...current.question, delivery: { ...current.question.delivery, ...delivery } };
            try {
                await table.submitTransaction([
                    ['update', questionToEntity(next), 'Replace', { etag: current.etag }],
                    // Kept as 'done' rather than deleted: a delete in a transaction cannot name an eTag, and the
                    // eTag is what tells a worker that lost its lease not to record someone else's post.
                    ['update', { partitionKey: questionPartitionKey(row.questionId), rowKey: row.rowKey, state: 'done', leaseOwner: '', leaseUntil: '' }, 'Merge', { etag: row.etag }],
                ]);
                return true;
            } catch (err) {
                if (statusOf(err) !== 412) throw storageError('record question post', err);
                // Either the question changed meanwhile (read it again) or our lease on the row was lost (stop).
                const fresh = await this.getRow(row.questionId, row.rowKey);
                if (!fresh || fresh.etag !== row.etag) return false;
                current = await this.get(row.questionId);
            }
        }
        return false;
    }
}
