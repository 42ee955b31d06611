import type { Municipality } from '../../bot/domain/vocabulary';
import type { Participant, StoredParticipant } from '../../bot/learning/learningModel';
import { LEARNING_GIVE_UP_AFTER_MS, type CountKind, type CountRow, type LearningOutboxRow, type LearningRowChanges, type LearningStore, type QuizRun } from '../../bot/learning/ports';

/**
 * The learning store in memory, with eTags that change on every write like the Tables one, for unit
 * tests of the learning domain. `failNext` makes the next call of a method throw, to test what a
 * storage failure leaves behind.
 */
export class MemoryLearningStore implements LearningStore {
    private version = 0;
    private readonly profiles = new Map<string, { p: Participant; etag: string }>();
    private readonly rows = new Map<string, LearningOutboxRow>();
    private readonly quizzes = new Map<string, { quiz: QuizRun; etag: string }>();
    readonly countRows = new Map<string, CountRow>();
    private failing = new Map<string, number>();

    failNext(method: keyof LearningStore, times = 1): void {
        this.failing.set(method, times);
    }

    private check(method: keyof LearningStore): void {
        const left = this.failing.get(method) ?? 0;
        if (left > 0) {
            this.failing.set(method, left - 1);
            throw Object.assign(new Error('storage down'), { code: 'STORAGE_UNAVAILABLE' });
        }
    }

    private etag(): string {
        return `e${++this.version}`;
    }

    async getParticipant(id: string): Promise<StoredParticipant | undefined> {
        this.check('getParticipant');
        const found = this.profiles.get(id);
        return found && { participant: structuredClone(found.p), etag: found.etag };
    }

    async createParticipant(p: Participant): Promise<StoredParticipant | 'exists'> {
        this.check('createParticipant');
        if (this.profiles.has(p.aadObjectId)) return 'exists';
        const etag = this.etag();
        this.profiles.set(p.aadObjectId, { p: structuredClone(p), etag });
        return { participant: p, etag };
    }

    async replaceParticipant(p: Participant, etag: string): Promise<StoredParticipant | undefined> {
        this.check('replaceParticipant');
        if (this.profiles.get(p.aadObjectId)?.etag !== etag) return undefined;
        const next = this.etag();
        this.profiles.set(p.aadObjectId, { p: structuredClone(p), etag: next });
        return { participant: p, etag: next };
    }

    async listParticipants(): Promise<StoredParticipant[]> {
        this.check('listParticipants');
        return [...this.profiles.values()].map((v) => ({ participant: structuredClone(v.p), etag: v.etag }));
    }

    async queueWeekly(p: Participant, etag: string, row: { week: string; caseId: string }, at: Date): Promise<boolean> {
        this.check('queueWeekly');
        const key = `${p.aadObjectId}|ob_${row.week}`;
        if (this.profiles.get(p.aadObjectId)?.etag !== etag || this.rows.has(key)) return false;
        this.profiles.set(p.aadObjectId, { p: structuredClone(p), etag: this.etag() });
        this.rows.set(key, {
            aadObjectId: p.aadObjectId,
            rowKey: `ob_${row.week}`,
            week: row.week,
            caseId: row.caseId,
            state: 'pending',
            attempts: 0,
            nextAttemptAt: '',
            giveUpAt: new Date(at.getTime() + LEARNING_GIVE_UP_AFTER_MS).toISOString(),
            etag: this.etag(),
        });
        return true;
    }

    async listPending(): Promise<LearningOutboxRow[]> {
        this.check('listPending');
        return [...this.rows.values()].map((r) => ({ ...r }));
    }

    async updateRow(row: LearningOutboxRow, changes: LearningRowChanges): Promise<LearningOutboxRow | undefined> {
        this.check('updateRow');
        const key = `${row.aadObjectId}|${row.rowKey}`;
        if (this.rows.get(key)?.etag !== row.etag) return undefined;
        const next = { ...row, ...changes, etag: this.etag() };
        this.rows.set(key, next);
        return { ...next };
    }

    async completeRow(row: LearningOutboxRow): Promise<boolean> {
        this.check('completeRow');
        const key = `${row.aadObjectId}|${row.rowKey}`;
        const current = this.rows.get(key);
        if (!current) return true;
        if (current.etag !== row.etag) return false;
        this.rows.delete(key);
        return true;
    }

    async getQuiz(id: string): Promise<{ quiz: QuizRun; etag: string } | undefined> {
        this.check('getQuiz');
        const q = this.quizzes.get(id);
        return q && { quiz: structuredClone(q.quiz), etag: q.etag };
    }

    async putQuiz(id: string, quiz: QuizRun, etag?: string): Promise<string | undefined> {
        this.check('putQuiz');
        if (etag !== undefined && this.quizzes.get(id)?.etag !== etag) return undefined;
        const next = this.etag();
        this.quizzes.set(id, { quiz: structuredClone(quiz), etag: next });
        return next;
    }

    async deleteQuiz(id: string, etag: string): Promise<boolean> {
        this.check('deleteQuiz');
        if (this.quizzes.get(id)?.etag !== etag) return false;
        this.quizzes.delete(id);
        return true;
    }

    async count(month: string, kind: CountKind, municipality: Municipality, key: string): Promise<void> {
        this.check('count');
        this.countRows.set(`${month}|${kind}_${municipality}_${key}`, { month, kind, municipality });
    }

    async counts(months: readonly string[]): Promise<CountRow[]> {
        this.check('counts');
        return [...this.countRows.values()].filter((c) => months.includes(c.month));
    }

    async purge(id: string): Promise<number> {
        this.check('purge');
        let n = 0;
        if (this.profiles.delete(id)) n++;
        if (this.quizzes.delete(id)) n++;
        for (const key of [...this.rows.keys()]) if (key.startsWith(`${id}|`) && this.rows.delete(key)) n++;
        return n;
    }

    async staleQuizzes(before: Date): Promise<{ aadObjectId: string; etag: string }[]> {
        this.check('staleQuizzes');
        return [...this.quizzes.entries()].filter(([, q]) => Date.parse(q.quiz.startedAt) < before.getTime()).map(([aadObjectId, q]) => ({ aadObjectId, etag: q.etag }));
    }
}
