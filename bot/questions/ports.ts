/**
 * What the questions domain needs from the world. bot/app.ts hands in the Tables store
 * (bot/storage/tables/tableQuestionStore.ts) and the Teams sender (bot/channels/teamsQuestionSender.ts);
 * unit tests hand in memory ones.
 *
 * Questions have their own small outbox, in their own table, beside the reports' one: the report worker
 * reads a report for every row it sends and removes rows whose report does not exist, so a question row
 * in its scan would be dropped unsent. The rows follow the same rules (written in the transaction of the
 * change that causes them, claimed with an eTag lease, removed with an eTag once sent).
 */
import type { Municipality } from '../domain/vocabulary';
import type { SentMessage } from '../reports/ports';
import type { CoordinatorQuestion, StoredQuestion } from './questionModel';

/**
 * What a question's outbox row delivers. `post`: the question card as a new thread in the municipality's
 * channel. `card`: the card updated in place (one row per question; a newer change re-queues it).
 * `answer`: the answer of a turn to the asker 1:1. `thread`: a line in the question's thread. `alert`: an
 * admin hears 1:1 that a question reached no channel (no content: municipality, date, reason). `redact`:
 * after retention, overwrites an answer or follow-up already in Teams (see QuestionOutboxRow.sentActivityId).
 */
export type QuestionRowPurpose = 'post' | 'card' | 'answer' | 'thread' | 'undelivered' | 'alert' | 'redact';

/**
 * Which line a thread row sends; the text is made from the question when it is sent (questionTexts.ts),
 * so no free text waits in the outbox and a purged question sends nothing. `recall` is the reminder
 * when a turn is still open after 2 working days: due then, moot once the turn is answered.
 */
export type QuestionThreadLine = 'followUp' | 'answered' | 'recall';

export interface QuestionOutboxRow {
    questionId: string;
    rowKey: string;
    purpose: QuestionRowPurpose;
    /** The turn an answer or thread line belongs to. */
    turn?: number;
    line?: QuestionThreadLine;
    /** alert: the admin's Entra object id, and the status the post failed with. */
    recipient?: string;
    causeStatus?: string;
    state: 'pending' | 'failed' | 'done';
    attempts: number;
    /** ISO time before which the row is not tried ('' = at once). For a recall: its due time. */
    nextAttemptAt: string;
    /** ISO time after which transient failures are final. */
    giveUpAt: string;
    leaseOwner?: string;
    leaseUntil?: string;
    lastStatus?: string;
    /**
     * An answer or a follow-up line (they show what someone typed) stays, once sent, as a 'done' record of
     * where it landed; retention turns it into a `redact` row that overwrites the message in Teams.
     */
    sentConversationId?: string;
    sentActivityId?: string;
    etag: string;
}

export type QuestionRowChanges = Partial<Pick<QuestionOutboxRow, 'state' | 'attempts' | 'nextAttemptAt' | 'leaseOwner' | 'leaseUntil' | 'lastStatus'>>;

/** A row to write with a change (the store adds state, attempts and eTag). */
export interface NewQuestionRow {
    purpose: QuestionRowPurpose;
    turn?: number;
    line?: QuestionThreadLine;
    recipient?: string;
    causeStatus?: string;
    /** ISO due time; absent: at once. */
    dueAt?: string;
}

export const QUESTION_GIVE_UP_AFTER_MS = 72 * 3600 * 1000;

/** Row keys: one post and one card row per question, the others one per turn (so a repeat cannot send twice). */
export function questionRowKey(row: NewQuestionRow): string {
    switch (row.purpose) {
        case 'post':
            return 'ob_post';
        case 'card':
            return 'ob_card';
        case 'answer':
            return `ob_answer_${String(row.turn ?? 0).padStart(2, '0')}`;
        case 'undelivered':
            return 'ob_undelivered';
        case 'alert':
            return `ob_alert_${(row.recipient ?? '').toLowerCase()}`;
        case 'thread':
            return `ob_thread_${String(row.turn ?? 0).padStart(2, '0')}_${row.line ?? 'followUp'}`;
        case 'redact':
            // A redact row is a kept record turned over by the purge, under its own key; never a new row.
            throw new Error('a redact row is never queued as a new row');
    }
}

/** The rows whose message shows what someone typed: the answer card, and a follow-up line in the thread. */
export function keptUntilPurge(row: Pick<QuestionOutboxRow, 'purpose' | 'line'>): boolean {
    return row.purpose === 'answer' || (row.purpose === 'thread' && row.line === 'followUp');
}

export interface QuestionStore {
    /** undefined for an unknown or malformed id. */
    get(questionId: string): Promise<StoredQuestion | undefined>;
    /** Stores the question and its first rows in one transaction; 'exists' when this questionId was stored before. */
    create(question: CoordinatorQuestion, rows: readonly NewQuestionRow[], at: Date): Promise<StoredQuestion | 'exists'>;
    /**
     * Replaces the question if nobody changed it since `etag`, and writes `rows` in the same transaction
     * (the card row is upserted, so it coalesces; others are created). undefined when someone was first.
     */
    replace(question: CoordinatorQuestion, etag: string, rows: readonly NewQuestionRow[], at: Date): Promise<StoredQuestion | undefined>;
    /** Every question (a scan: questions are few), for the admins' list and for retention. */
    list(): Promise<StoredQuestion[]>;
    /** Pending rows, of every question or of one (one partition). */
    listPending(questionId?: string): Promise<QuestionOutboxRow[]>;
    getRow(questionId: string, rowKey: string): Promise<QuestionOutboxRow | undefined>;
    /** Changes a row only if nobody did since `row.etag`; undefined when someone did (or it is gone). */
    updateRow(row: QuestionOutboxRow, changes: QuestionRowChanges): Promise<QuestionOutboxRow | undefined>;
    /**
     * Removes a sent row if unchanged since `row.etag`; false when it was queued again meanwhile. With
     * `kept`, the row stays as the 'done' record of where the message landed.
     */
    completeRow(row: QuestionOutboxRow, kept?: SentMessage): Promise<boolean>;
    /**
     * Retention: replaces the question with its purged form (if unchanged since `etag`), queues its card
     * and turns every kept record into a redact row, in one transaction; undefined when someone was first.
     */
    purge(question: CoordinatorQuestion, etag: string, at: Date): Promise<StoredQuestion | undefined>;
    /** Records where the post landed and completes the post row, in one transaction; false when the lease was lost. */
    recordPosted(stored: StoredQuestion, row: QuestionOutboxRow, delivery: Required<Pick<CoordinatorQuestion['delivery'], 'conversationId' | 'activityId' | 'channelKind'>>): Promise<boolean>;
}

export interface QuestionPost {
    conversationId: string;
    activityId: string;
    kind: 'bound' | 'fallback';
}

/** The Teams side: throws DeliveryError (bot/reports/ports.ts) on failure. */
export interface QuestionSender {
    post(question: CoordinatorQuestion): Promise<QuestionPost>;
    updateCard(question: CoordinatorQuestion): Promise<'sent' | 'moot'>;
    threadLine(question: CoordinatorQuestion, text: string): Promise<'moot' | SentMessage>;
    /** The answer of `turn` to the asker, 1:1; 'moot' when the asker has no known chat with the bot. */
    answerToAsker(question: CoordinatorQuestion, turn: number): Promise<'moot' | SentMessage>;
    /** Overwrites a message already sent (after retention) with a line that its text was removed. */
    redact(conversationId: string, activityId: string): Promise<'sent' | 'moot'>;
    /** Tells the asker 1:1 that the question did not reach any coordinators' channel, and where to go instead. */
    undeliveredToAsker(question: CoordinatorQuestion): Promise<'sent' | 'moot'>;
    /** Tells an admin 1:1 that a question reached no channel; 'moot' when they have no chat with the bot. */
    alertAdmin(question: CoordinatorQuestion, recipient: string, causeStatus: string | undefined): Promise<'sent' | 'moot'>;
}

/** Who may answer, and whether a municipality can get questions at all. */
export interface QuestionRoster {
    coordinatorsOf(municipality: Municipality): readonly { aadObjectId: string; name: string }[];
    isCoordinator(aadObjectId: string | undefined, municipality: Municipality): boolean;
    isAdmin(aadObjectId: string | undefined): boolean;
}

export interface QuestionChannels {
    /** The channel a question of this municipality goes to (its own, else the fallback), or undefined. */
    targetFor(municipality: Municipality): Promise<{ kind: 'bound' | 'fallback' } | undefined>;
}
