/**
 * Learning (issue 18) in Azure Tables, table `learning`:
 * - partition `p_<aadObjectId>`: row `profile` (role, municipality, opted in or out, the case ids seen
 *   and answered), rows `ob_<week>` (that week's case to send, the outbox of learning) and row `quiz`
 *   (a quiz in progress, removed at its end). Queueing a week is one transaction with the profile.
 * - partition `m_<YYYY-MM>`: one row per counted thing (`<kind>_<municipality>_<key>`, the key a random
 *   learner or quiz id), so a count written twice is one row and counting needs no read-modify-write.
 * Every update names the row's eTag; reading checks each value (zod), a damaged row is an error.
 */
import { odata, type TableClient } from '@azure/data-tables';
import { z } from 'zod';
import { MUNICIPALITIES, type Municipality } from '../../domain/vocabulary';
import { LEARNING_ROLES } from '../../learning/learningContent';
import type { Participant, StoredParticipant } from '../../learning/learningModel';
import { LEARNING_GIVE_UP_AFTER_MS, type CountKind, type CountRow, type LearningOutboxRow, type LearningRowChanges, type LearningStore, type QuizRun } from '../../learning/ports';
import { ReportError } from '../../reports/reportErrors';
import { ifFound, statusOf } from '../storageErrors';
import type { TableClientFactory } from '../tableClientFactory';
import { storageError } from './tableErrors';

export const LEARNING_TABLE = 'learning';
const PROFILE = 'profile';
const QUIZ = 'quiz';
/** Entra object ids are GUIDs; anything else never becomes a key. */
const AAD_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const KEY = /^[A-Za-z0-9-]{1,80}$/;
const partitionOf = (aadObjectId: string) => `p_${aadObjectId.toLowerCase()}`;

const jsonIds = z.string().transform((s, ctx) => {
    try {
        return z.array(z.string()).max(1000).parse(JSON.parse(s));
    } catch {
        ctx.addIssue({ code: 'custom', message: 'ids' });
        return z.NEVER;
    }
});
const jsonNumbers = z.string().transform((s, ctx) => {
    try {
        return z.array(z.number().int()).max(20).parse(JSON.parse(s));
    } catch {
        ctx.addIssue({ code: 'custom', message: 'numbers' });
        return z.NEVER;
    }
});

const profileEntity = z.object({
    aadObjectId: z.string().regex(AAD_ID),
    tenantId: z.string(),
    learnerId: z.string().regex(KEY),
    municipality: z.enum(MUNICIPALITIES).optional(),
    role: z.enum(LEARNING_ROLES).optional(),
    optedIn: z.boolean(),
    optedInAt: z.string().optional(),
    optedOutAt: z.string().optional(),
    seen: jsonIds,
    answered: jsonIds,
    lastWeek: z.string().optional(),
});
const rowEntity = z.object({
    week: z.string(),
    caseId: z.string(),
    attempts: z.number().int(),
    nextAttemptAt: z.string().default(''),
    giveUpAt: z.string(),
    leaseOwner: z.string().optional(),
    leaseUntil: z.string().optional(),
});
const quizEntity = z.object({
    runId: z.string().regex(KEY),
    questionIds: jsonIds,
    step: z.number().int().min(0),
    correct: z.number().int().min(0),
    answers: jsonNumbers,
    startedAt: z.string(),
});

type Entity = Record<string, unknown> & { partitionKey: string; rowKey: string };

function present(entity: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(entity).filter(([, v]) => v !== '' && v !== null));
}

function damaged(what: string): ReportError {
    return new ReportError('DAMAGED_DATA', `damaged learning ${what} row`);
}

function profileToEntity(p: Participant): Entity {
    const entity: Entity = {
        partitionKey: partitionOf(p.aadObjectId),
        rowKey: PROFILE,
        kind: 'profile',
        aadObjectId: p.aadObjectId,
        tenantId: p.tenantId,
        learnerId: p.learnerId,
        municipality: p.municipality ?? '',
        role: p.role ?? '',
        optedIn: p.optedIn,
        optedInAt: p.optedInAt ?? '',
        optedOutAt: p.optedOutAt ?? '',
        seen: JSON.stringify(p.seen),
        answered: JSON.stringify(p.answered),
        lastWeek: p.lastWeek ?? '',
    };
    return entity;
}

function profileFromEntity(entity: Record<string, unknown>): Participant {
    const parsed = profileEntity.safeParse(present(entity));
    if (!parsed.success) throw damaged('profile');
    const e = parsed.data;
    return {
        aadObjectId: e.aadObjectId,
        tenantId: e.tenantId,
        learnerId: e.learnerId,
        optedIn: e.optedIn,
        seen: e.seen,
        answered: e.answered,
        ...(e.municipality && { municipality: e.municipality }),
        ...(e.role && { role: e.role }),
        ...(e.optedInAt && { optedInAt: e.optedInAt }),
        ...(e.optedOutAt && { optedOutAt: e.optedOutAt }),
        ...(e.lastWeek && { lastWeek: e.lastWeek }),
    };
}

export class TableLearningStore implements LearningStore {
    constructor(private readonly tables: TableClientFactory) {}

    private async table(): Promise<TableClient> {
        try {
            return await this.tables.table(LEARNING_TABLE);
        } catch (err) {
            throw storageError('open learning table', err);
        }
    }

    async getParticipant(aadObjectId: string): Promise<StoredParticipant | undefined> {
        if (!AAD_ID.test(aadObjectId)) return undefined;
        const table = await this.table();
        try {
            const row = await ifFound(table.getEntity<Record<string, unknown>>(partitionOf(aadObjectId), PROFILE));
            return row && { participant: profileFromEntity(row), etag: row.etag };
        } catch (err) {
            throw storageError('read participant', err);
        }
    }

    async createParticipant(participant: Participant): Promise<StoredParticipant | 'exists'> {
        const table = await this.table();
        try {
            const res = await table.createEntity(profileToEntity(participant));
            return { participant, etag: res.etag ?? '' };
        } catch (err) {
            if (statusOf(err) === 409) return 'exists';
            throw storageError('create participant', err);
        }
    }

    async replaceParticipant(participant: Participant, etag: string): Promise<StoredParticipant | undefined> {
        const table = await this.table();
        try {
            const res = await table.updateEntity(profileToEntity(participant), 'Replace', { etag });
            return { participant, etag: res.etag ?? '' };
        } catch (err) {
            if (statusOf(err) === 412 || statusOf(err) === 404) return undefined;
            throw storageError('update participant', err);
        }
    }

    async listParticipants(): Promise<StoredParticipant[]> {
        const table = await this.table();
        const out: StoredParticipant[] = [];
        try {
            for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`RowKey eq ${PROFILE}` } })) {
                out.push({ participant: profileFromEntity(row), etag: row.etag });
            }
        } catch (err) {
            throw storageError('list participants', err);
        }
        return out;
    }

    async queueWeekly(participant: Participant, etag: string, row: { week: string; caseId: string }, at: Date): Promise<boolean> {
        const table = await this.table();
        const outbox: Entity = {
            partitionKey: partitionOf(participant.aadObjectId),
            rowKey: `ob_${row.week}`,
            kind: 'outbox',
            state: 'pending',
            week: row.week,
            caseId: row.caseId,
            attempts: 0,
            nextAttemptAt: '',
            giveUpAt: new Date(at.getTime() + LEARNING_GIVE_UP_AFTER_MS).toISOString(),
        };
        try {
            await table.submitTransaction([
                ['update', profileToEntity(participant), 'Replace', { etag }],
                ['create', outbox],
            ]);
            return true;
        } catch (err) {
            if (statusOf(err) === 412 || statusOf(err) === 409 || statusOf(err) === 404) return false;
            throw storageError('queue weekly case', err);
        }
    }

    async listPending(): Promise<LearningOutboxRow[]> {
        const table = await this.table();
        const rows: LearningOutboxRow[] = [];
        try {
            for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`kind eq 'outbox' and state eq 'pending'` } })) {
                const parsed = rowEntity.safeParse(present(row));
                const pk = String(row.partitionKey ?? '');
                // A damaged row is left where it is; it never stops the others.
                if (!parsed.success || !pk.startsWith('p_')) continue;
                rows.push({ ...parsed.data, state: 'pending', aadObjectId: pk.slice(2), rowKey: String(row.rowKey), etag: row.etag });
            }
        } catch (err) {
            throw storageError('scan learning outbox', err);
        }
        return rows;
    }

    async updateRow(row: LearningOutboxRow, changes: LearningRowChanges): Promise<LearningOutboxRow | undefined> {
        const table = await this.table();
        const entity: Entity = { partitionKey: partitionOf(row.aadObjectId), rowKey: row.rowKey };
        for (const [key, value] of Object.entries(changes)) entity[key] = value ?? '';
        try {
            const res = await table.updateEntity(entity, 'Merge', { etag: row.etag });
            return { ...row, ...changes, etag: res.etag ?? row.etag };
        } catch (err) {
            if (statusOf(err) === 412 || statusOf(err) === 404) return undefined;
            throw storageError('update learning outbox', err);
        }
    }

    async completeRow(row: LearningOutboxRow): Promise<boolean> {
        const table = await this.table();
        try {
            await table.deleteEntity(partitionOf(row.aadObjectId), row.rowKey, { etag: row.etag });
            return true;
        } catch (err) {
            if (statusOf(err) === 404) return true;
            if (statusOf(err) === 412) return false;
            throw storageError('complete learning row', err);
        }
    }

    async getQuiz(aadObjectId: string): Promise<{ quiz: QuizRun; etag: string } | undefined> {
        if (!AAD_ID.test(aadObjectId)) return undefined;
        const table = await this.table();
        try {
            const row = await ifFound(table.getEntity<Record<string, unknown>>(partitionOf(aadObjectId), QUIZ));
            if (!row) return undefined;
            const parsed = quizEntity.safeParse(present(row));
            if (!parsed.success) throw damaged('quiz');
            return { quiz: parsed.data, etag: row.etag };
        } catch (err) {
            throw storageError('read quiz', err);
        }
    }

    async putQuiz(aadObjectId: string, quiz: QuizRun, etag?: string): Promise<string | undefined> {
        if (!AAD_ID.test(aadObjectId)) return undefined;
        const table = await this.table();
        const entity: Entity = {
            partitionKey: partitionOf(aadObjectId),
            rowKey: QUIZ,
            kind: 'quiz',
            runId: quiz.runId,
            questionIds: JSON.stringify(quiz.questionIds),
            step: quiz.step,
            correct: quiz.correct,
            answers: JSON.stringify(quiz.answers),
            startedAt: quiz.startedAt,
        };
        try {
            const res = etag === undefined ? await table.upsertEntity(entity, 'Replace') : await table.updateEntity(entity, 'Replace', { etag });
            return res.etag ?? '';
        } catch (err) {
            if (statusOf(err) === 412 || statusOf(err) === 404) return undefined;
            throw storageError('store quiz', err);
        }
    }

    async deleteQuiz(aadObjectId: string, etag: string): Promise<boolean> {
        const table = await this.table();
        try {
            await table.deleteEntity(partitionOf(aadObjectId), QUIZ, { etag });
            return true;
        } catch (err) {
            if (statusOf(err) === 412 || statusOf(err) === 404) return false;
            throw storageError('delete quiz', err);
        }
    }

    async count(month: string, kind: CountKind, municipality: Municipality, key: string): Promise<void> {
        if (!/^\d{4}-\d{2}$/.test(month) || !KEY.test(key)) throw new Error('bad count key');
        const table = await this.table();
        try {
            await table.upsertEntity({ partitionKey: `m_${month}`, rowKey: `${kind}_${municipality}_${key}`, kind: 'count', month, countKind: kind, municipality }, 'Replace');
        } catch (err) {
            throw storageError('count learning', err);
        }
    }

    async counts(months: readonly string[]): Promise<CountRow[]> {
        const table = await this.table();
        const out: CountRow[] = [];
        try {
            for (const month of months) {
                for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${`m_${month}`}` } })) {
                    const kind = row.countKind;
                    const municipality = row.municipality;
                    if ((kind === 'deelnemer' || kind === 'casus' || kind === 'quiz') && (MUNICIPALITIES as readonly unknown[]).includes(municipality)) {
                        out.push({ month, kind, municipality: municipality as Municipality });
                    }
                }
            }
        } catch (err) {
            throw storageError('read learning counts', err);
        }
        return out;
    }

    async purge(aadObjectId: string): Promise<number> {
        if (!AAD_ID.test(aadObjectId)) return 0;
        const table = await this.table();
        let removed = 0;
        try {
            const keys: string[] = [];
            for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${partitionOf(aadObjectId)}`, select: ['RowKey'] } })) {
                keys.push(String(row.rowKey));
            }
            // The profile last: a purge cut short leaves a profile, and the next run finishes it.
            keys.sort((a, b) => Number(a === PROFILE) - Number(b === PROFILE));
            for (const key of keys) {
                await ifFound(table.deleteEntity(partitionOf(aadObjectId), key));
                removed++;
            }
        } catch (err) {
            throw storageError('purge learning data', err);
        }
        return removed;
    }

    async staleQuizzes(before: Date): Promise<{ aadObjectId: string; etag: string }[]> {
        const table = await this.table();
        const out: { aadObjectId: string; etag: string }[] = [];
        try {
            for await (const row of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`RowKey eq ${QUIZ} and startedAt lt ${before.toISOString()}` } })) {
                out.push({ aadObjectId: String(row.partitionKey).slice(2), etag: row.etag });
            }
        } catch (err) {
            throw storageError('list stale quizzes', err);
        }
        return out;
    }
}
