/**
 * A question a colleague puts to the aandachtfunctionaris of a municipality (issue 15, part 1), in the
 * domain's own terms. A question is a short conversation: the first question and, after each answer,
 * at most a few follow-ups, each a turn that a coordinator answers on the channel card.
 */
import type { Municipality } from '../domain/vocabulary';

/** A questionId: 32 hex characters (questionIdFor); anything else is not a question. */
export const QUESTION_ID_PATTERN = /^[0-9a-f]{32}$/;

/** Longest question, follow-up or answer. A Teams message can be far longer; a question to a colleague is not. */
export const QUESTION_TEXT_MAX_CHARS = 2000;

/** The first question plus follow-ups: enough for a real exchange, and it keeps the row far below the entity limit. */
export const MAX_TURNS = 5;

/** Working days after which an unanswered turn is recalled in the question's thread. */
export const RECALL_AFTER_WORKING_DAYS = 2;

export interface QuestionAsker {
    aadObjectId: string;
    tenantId: string;
    displayName: string;
}

export interface QuestionTurn {
    text: string;
    askedAt: string;
    answer?: string;
    answeredAt?: string;
    answeredById?: string;
    answeredByName?: string;
}

/** Where the question's card is in Teams, once the outbox posted it. */
export interface QuestionDelivery {
    conversationId?: string;
    activityId?: string;
    channelKind?: 'bound' | 'fallback';
    /** Set when the post was given up on (no channel, bot removed): the asker is told. */
    failed?: boolean;
}

/** A coordinator's "voorstel voor de kennisbank": the question and answer, for the admins to add by hand. */
export interface KnowledgeSuggestion {
    byId: string;
    byName: string;
    at: string;
}

export interface CoordinatorQuestion {
    questionId: string;
    municipality: Municipality;
    asker: QuestionAsker;
    turns: QuestionTurn[];
    /** Bumped by every change; the channel card carries it so a stale card is recognised. */
    version: number;
    delivery: QuestionDelivery;
    suggestion?: KnowledgeSuggestion;
    /** Retention blanked every text and the asker; the row stays only as "there was a question". */
    purgedAt?: string;
}

export interface StoredQuestion {
    question: CoordinatorQuestion;
    etag: string;
}

/** The turn a coordinator can answer now (the last one), or undefined when every turn is answered. */
export function openTurn(question: CoordinatorQuestion): number | undefined {
    const last = question.turns.length - 1;
    return last >= 0 && question.turns[last]?.answer === undefined ? last : undefined;
}

/** When the question last changed: its last answer or its last question. */
export function lastActivityAt(question: CoordinatorQuestion): string {
    const last = question.turns[question.turns.length - 1];
    return last?.answeredAt ?? last?.askedAt ?? '';
}

export type QuestionTextCheck = { ok: true; text: string } | { ok: false; reason: 'empty' | 'tooLong' };

/** Trims and bounds a typed text; never cuts it silently (a cut answer could say the opposite). */
export function checkQuestionText(value: unknown): QuestionTextCheck {
    const text = typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : '';
    if (text === '') return { ok: false, reason: 'empty' };
    if (text.length > QUESTION_TEXT_MAX_CHARS) return { ok: false, reason: 'tooLong' };
    return { ok: true, text };
}
