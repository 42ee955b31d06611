/**
 * Vraag aan melder (issue 15, part 3): a coordinator asks the reporter something on the channel card and
 * the reporter answers in the 1:1 chat.
 *
 * - The question is a coordinator's case command ('vraagMelder', bot/cases/caseStateMachine.ts) committed
 *   with the report's eTag. It queues, in the same transaction: the channel card (which shows the question
 *   is open), a thread line with the question, and a 1:1 row for the reporter that the outbox renders as a
 *   card with the question and an answer field at send time (bot/channels/teamsFollowUpSender.ts). The
 *   reporter gets the question and nothing else: no notes, no partner, no coordinator's name.
 * - The answer is a history line by the reporter ('antwoordMelder'), checked on the server: the activity's
 *   Entra id and tenant must be the report's reporter, and the answer must name the open question.
 * - One open question at a time; a new question replaces an open one, and an answer to the replaced
 *   question is refused.
 * - The texts live in the history rows' `note` (blanked by retention) and, until delivered, in outbox
 *   rows (removed on delivery and by the purge). The report row keeps only the question's version and
 *   state. No text ever goes into a log.
 */
import type { Logger } from '../domain/ports';
import { escapeMarkdown } from '../domain/invisibleText';
import type { FollowUp, QueuedFollowUps } from '../reports/ports';
import { REPORT_ID_PATTERN, type Report } from '../reports/reportModel';
import type { HistoryEntry } from './caseModel';
import { followUpKey, reporterTextLine } from './followUpText';
import { currentVersion } from './caseStateMachine';
import type { CaseHistory } from './ports';
import { ADDITION_MAX_LENGTH, REPORTER_ACTOR_NAME, checkAdditionText, isReporterOf, type AddingPerson, type AdditionTextCheck } from './reportAdditions';

/** An answer may be as long as an addition: it is more of the same kind of information. */
export const ANSWER_MAX_LENGTH = ADDITION_MAX_LENGTH;

export function checkAnswerText(value: unknown): AdditionTextCheck {
    return checkAdditionText(value);
}

/** Card data carries the question's version as a number (or digits); anything else is forged. */
export function questionVersionOf(value: unknown): number | undefined {
    const n = typeof value === 'string' && /^\d{1,7}$/.test(value) ? Number(value) : value;
    return typeof n === 'number' && Number.isInteger(n) && n > 0 && n <= 1_000_000 ? n : undefined;
}

const key = followUpKey;

/**
 * The follow-ups of a question (`next` is the report after it): the card, the question in the thread for
 * the coordinators, and the 1:1 card for the reporter (its text is the question only).
 */
export function followUpsOfReporterQuestion(next: Report, entry: HistoryEntry, at: Date): QueuedFollowUps {
    const question = entry.note ?? '';
    const summary = next.handling?.lastChangeSummary ?? 'Vraag aan de melder gesteld';
    const thread = `**${escapeMarkdown(summary)}** (${next.reference}):\n\n${escapeMarkdown(question)}\n\nDe melder krijgt alleen deze vraag in de 1-op-1-chat; het antwoord komt in deze thread.`;
    const items: FollowUp[] = [{ purpose: 'card' }, { purpose: 'thread', key: key(entry), text: thread, keepUntilPurge: true }];
    if (next.reporter.aadObjectId) items.push({ purpose: 'person', key: key(entry), recipient: next.reporter.aadObjectId, text: question, questionVersion: entry.version, keepUntilPurge: true });
    return { at, items };
}

/** Whether the reporter's 1:1 question card (queued at `questionVersion`) still asks what is open now. */
export function questionStillOpen(report: Report, questionVersion: number): boolean {
    return !report.purgedAt && report.handling?.questionVersion === questionVersion && report.handling.questionState === 'open';
}

export interface AppliedAnswer {
    next: Report;
    entry: HistoryEntry;
}

/** The report with the question answered, and the answer's history line. The status does not change. */
export function applyReporterAnswer(report: Report, text: string, now: Date): AppliedAnswer {
    const at = now.toISOString();
    const version = currentVersion(report) + 1;
    // As with additions: nothing that survives the purge may name the reporter.
    const name = REPORTER_ACTOR_NAME;
    const handling = {
        ...(report.handling ?? { version: 0 }),
        version,
        lastChangeAt: at,
        lastChangeByName: name,
        lastChangeSummary: 'Antwoord van de melder op de vraag',
        questionState: 'beantwoord' as const,
    };
    const entry: HistoryEntry = {
        version,
        at,
        action: 'antwoordMelder',
        actorAadObjectId: '',
        actorName: name,
        fromStatus: report.status,
        toStatus: report.status,
        note: text,
    };
    return { next: { ...report, handling }, entry };
}

/** The answer in the thread, for the coordinators; danger first, as with additions. */
export function answerThreadLine(report: Report, text: string): string {
    return reporterTextLine(report, 'Antwoord van de melder', 'dit antwoord', text, `op de vraag over ${report.reference}`);
}

export function followUpsOfReporterAnswer(next: Report, entry: HistoryEntry, text: string, at: Date): QueuedFollowUps {
    return { at, items: [{ purpose: 'card' }, { purpose: 'thread', key: key(entry), text: answerThreadLine(next, text), keepUntilPurge: true }] };
}

export type AnswerOutcome =
    | { kind: 'answered'; report: Report }
    /** This question was answered before (also a double click): nothing new. */
    | { kind: 'alreadyAnswered'; report: Report }
    /** A newer question replaced this one: the reporter should answer that. */
    | { kind: 'replaced'; report: Report }
    /** The reporter's own report, but no question with this version was ever asked: forged card data. */
    | { kind: 'noSuchQuestion' }
    /** Unknown, purged, malformed or someone else's: one answer for all, so nobody can probe reports. */
    | { kind: 'notYours' };

/** Which outcome an answer to `questionVersion` gets, for the reporter's own report. undefined: it may be stored. */
export function refusalOfAnswer(report: Report, questionVersion: number): Exclude<AnswerOutcome, { kind: 'answered' | 'notYours' }> | undefined {
    const asked = report.handling?.questionVersion;
    if (asked === undefined || questionVersion > asked) return { kind: 'noSuchQuestion' };
    if (questionVersion < asked) return { kind: 'replaced', report };
    if (report.handling?.questionState !== 'open') return { kind: 'alreadyAnswered', report };
    return undefined;
}

export interface ReporterAnswerServiceDeps {
    store: CaseHistory;
    logger: Logger;
    clock?: () => Date;
}

const ATTEMPTS = 5;

export class ReporterAnswerService {
    private readonly clock: () => Date;

    constructor(private readonly deps: ReporterAnswerServiceDeps) {
        this.clock = deps.clock ?? (() => new Date());
    }

    /**
     * Stores the answer if the report is the person's own and the question is the open one: history line,
     * question state and follow-ups in one transaction guarded by the report's eTag. Answers commute with
     * coordinators' changes, so a lost race is retried on the fresh row (where the checks run again). The
     * text must have passed checkAnswerText.
     */
    async answer(person: Pick<AddingPerson, 'aadObjectId' | 'tenantId'>, reportId: string, questionVersion: number, text: string): Promise<AnswerOutcome> {
        const log = this.deps.logger;
        if (!REPORT_ID_PATTERN.test(reportId)) return { kind: 'notYours' };
        let stored = await this.deps.store.get(reportId);
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (!stored || !isReporterOf(stored.report, person)) {
                log.info({ event: 'reporterAnswer.refused', outcome: 'not_own' }, 'answer refused: not the reporter, unknown or purged');
                return { kind: 'notYours' };
            }
            const refusal = refusalOfAnswer(stored.report, questionVersion);
            if (refusal) {
                log.info({ reportId, event: 'reporterAnswer.refused', outcome: refusal.kind }, 'answer refused');
                return refusal;
            }
            const { next, entry } = applyReporterAnswer(stored.report, text, this.clock());
            const committed = await this.deps.store.commit(next, stored.etag, entry, followUpsOfReporterAnswer(next, entry, text, this.clock()));
            if (committed) {
                log.info({ reportId, version: entry.version, questionVersion, event: 'reporterAnswer.stored' }, 'answer stored');
                return { kind: 'answered', report: committed.report };
            }
            stored = await this.deps.store.get(reportId);
        }
        log.warn({ reportId, event: 'reporterAnswer.conflict', outcome: 'gave_up' }, 'answer lost the race too often');
        throw new ReporterAnswerConflictError();
    }
}

/** The report kept changing under the answer: nothing was stored; the reporter may try again. */
export class ReporterAnswerConflictError extends Error {
    readonly code = 'CONFLICT';
    constructor() {
        super('report kept changing');
        this.name = 'ReporterAnswerConflictError';
    }
}
