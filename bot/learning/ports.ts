/**
 * What learning (issue 18) needs from storage. bot/storage/tables/tableLearningStore.ts implements it on
 * Azure Tables; unit tests use the memory version in test/support/memoryLearningStore.ts.
 *
 * A participant's profile, their weekly outbox rows and a quiz in progress live in one partition, so
 * queueing a week's case and noting it as seen is one transaction, and retention removes the partition.
 * Counts for the overview live apart, one row per counted thing, keyed by a random learner id, never by
 * the person: they stay when a participant's learning data is removed.
 */
import type { Municipality } from '../domain/vocabulary';
import type { Participant, StoredParticipant } from './learningModel';

export interface LearningOutboxRow {
    aadObjectId: string;
    rowKey: string;
    week: string;
    caseId: string;
    state: 'pending';
    attempts: number;
    nextAttemptAt: string;
    giveUpAt: string;
    leaseOwner?: string;
    leaseUntil?: string;
    etag: string;
}

export type LearningRowChanges = Partial<Pick<LearningOutboxRow, 'attempts' | 'nextAttemptAt' | 'leaseOwner' | 'leaseUntil'>>;

/** A quiz in progress: which questions, how far, how many right so far. Removed at the end. */
export interface QuizRun {
    runId: string;
    questionIds: string[];
    step: number;
    correct: number;
    /** The answer given per question so far (option index), for the result card. */
    answers: number[];
    startedAt: string;
}

export type CountKind = 'deelnemer' | 'casus' | 'quiz';

export interface CountRow {
    month: string;
    kind: CountKind;
    municipality: Municipality;
}

export interface LearningStore {
    getParticipant(aadObjectId: string): Promise<StoredParticipant | undefined>;
    /** 'exists' when someone stored this participant first. */
    createParticipant(participant: Participant): Promise<StoredParticipant | 'exists'>;
    /** undefined when the row changed since `etag`. */
    replaceParticipant(participant: Participant, etag: string): Promise<StoredParticipant | undefined>;
    listParticipants(): Promise<StoredParticipant[]>;
    /** Writes the participant and the week's outbox row in one transaction; false when the row changed or the week's row exists. */
    queueWeekly(participant: Participant, etag: string, row: { week: string; caseId: string }, at: Date): Promise<boolean>;
    listPending(): Promise<LearningOutboxRow[]>;
    updateRow(row: LearningOutboxRow, changes: LearningRowChanges): Promise<LearningOutboxRow | undefined>;
    /** Removes a row if unchanged since its eTag; true also when it is already gone. */
    completeRow(row: LearningOutboxRow): Promise<boolean>;
    getQuiz(aadObjectId: string): Promise<{ quiz: QuizRun; etag: string } | undefined>;
    /** Creates (no etag: replacing any older run) or replaces with the etag; undefined on a conflict. */
    putQuiz(aadObjectId: string, quiz: QuizRun, etag?: string): Promise<string | undefined>;
    deleteQuiz(aadObjectId: string, etag: string): Promise<boolean>;
    /** Counts one thing once: the same key twice is one row. */
    count(month: string, kind: CountKind, municipality: Municipality, key: string): Promise<void>;
    counts(months: readonly string[]): Promise<CountRow[]>;
    /** Removes everything in a participant's partition; how many rows. */
    purge(aadObjectId: string): Promise<number>;
    /** Quiz runs started before `before` (abandoned), for clean-up. */
    staleQuizzes(before: Date): Promise<{ aadObjectId: string; etag: string }[]>;
}

export const LEARNING_GIVE_UP_AFTER_MS = 72 * 3600 * 1000;
