/**
 * Aanvullen (issue 15, part 2): a reporter adds information to their own report. An addition is a line
 * of the report's case history (action 'aanvulling', by the reporter) committed with the report's eTag,
 * like a coordinator's change, and it queues its follow-ups in the same transaction: the channel card
 * with the new count, and a thread line with the text for the coordinators. The text itself lives in the
 * history row's `note` (blanked by retention like every note) and, until it is delivered, in the thread
 * row of the outbox (removed on delivery, and by the purge). It never goes into a log.
 *
 * Only the reporter may add: who asks comes from the Teams activity, and a report that is someone
 * else's, unknown or purged gets one and the same neutral answer, so nobody can probe references.
 */
import type { Logger } from '../domain/ports';
import type { FollowUp, QueuedFollowUps, StoredReport } from '../reports/ports';
import { REPORT_ID_PATTERN, type Report } from '../reports/reportModel';
import type { HistoryEntry } from './caseModel';
import { followUpKey, reporterTextLine } from './followUpText';
import { currentVersion } from './caseStateMachine';
import type { CaseHistory } from './ports';

/** As long as a report's description: an addition is more of the same. */
export const ADDITION_MAX_LENGTH = 2000;

/** A readable reference as the bot hands them out (MH-2026-0042); case is forgiven when typed. */
export const REFERENCE_PATTERN = /^MH-\d{4}-\d{4,6}$/i;

/** The id a form card carries so that a double click stores one addition (see ReportHandling.lastAdditionId). */
export const ADDITION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/**
 * How many addition ids a report remembers: enough that pressing an older form's Opslaan again, after
 * newer additions, still finds it stored (one id alone would store it twice). Ids hold no comma.
 */
const RECENT_ADDITION_IDS = 10;

function recentAdditionIds(report: Pick<Report, 'handling'>): string[] {
    return (report.handling?.lastAdditionId ?? '').split(',').filter(Boolean);
}

export type AdditionTextCheck = { ok: true; text: string } | { ok: false; reason: 'empty' | 'tooLong' | 'forged' };

/** Card data and typed text are input: only a string, trimmed, not empty, at most ADDITION_MAX_LENGTH. */
export function checkAdditionText(value: unknown): AdditionTextCheck {
    if (value === undefined || value === null) return { ok: false, reason: 'empty' };
    if (typeof value !== 'string') return { ok: false, reason: 'forged' };
    const text = value.trim();
    if (text === '') return { ok: false, reason: 'empty' };
    if (text.length > ADDITION_MAX_LENGTH) return { ok: false, reason: 'tooLong' };
    return { ok: true, text };
}

/** The person adding, as the Teams activity says. */
export interface AddingPerson {
    aadObjectId: string;
    tenantId: string;
    displayName?: string;
}

/** Whether this person is the report's reporter (same Entra id and tenant), and the report still has one. */
export function isReporterOf(report: Report, person: Pick<AddingPerson, 'aadObjectId' | 'tenantId'>): boolean {
    if (report.purgedAt || !report.reporter.aadObjectId || !person.aadObjectId) return false;
    return (
        report.reporter.aadObjectId.toLowerCase() === person.aadObjectId.toLowerCase() &&
        report.reporter.tenantId.toLowerCase() === person.tenantId.toLowerCase()
    );
}

/** Who an addition's history line names. */
export const REPORTER_ACTOR_NAME = 'de melder';

export interface AppliedAddition {
    next: Report;
    entry: HistoryEntry;
}

/** The report with one more addition, and its history line. The status does not change. */
export function applyAddition(report: Report, text: string, additionId: string, now: Date): AppliedAddition {
    const at = now.toISOString();
    const version = currentVersion(report) + 1;
    // Not the reporter's name or Entra id: retention keeps who-did-what in the history and the card's
    // "last change", and nothing that survives the purge may tie the report to its reporter. While the
    // report lives, report.reporter says who that is.
    const name = REPORTER_ACTOR_NAME;
    const handling = {
        ...(report.handling ?? { version: 0 }),
        version,
        lastChangeAt: at,
        lastChangeByName: name,
        lastChangeSummary: report.status === 'afgesloten' ? 'Aanvulling van de melder na het afsluiten' : 'Aanvulling van de melder',
        additions: (report.handling?.additions ?? 0) + 1,
        lastAdditionId: [additionId, ...recentAdditionIds(report)].slice(0, RECENT_ADDITION_IDS).join(','),
    };
    const entry: HistoryEntry = {
        version,
        at,
        action: 'aanvulling',
        actorAadObjectId: '',
        actorName: name,
        fromStatus: report.status,
        toStatus: report.status,
        note: text,
    };
    return { next: { ...report, handling }, entry };
}

/**
 * The thread line: the addition is content, so it goes to the coordinators' thread only (never to the
 * reporter's status messages). Markdown is escaped so the text reads as typed. A closed report asks the
 * coordinators whether to reopen it; the card's own Heropenen button does that.
 */
export function additionThreadLine(report: Report, text: string): string {
    return reporterTextLine(report, 'Aanvulling van de melder', 'deze aanvulling', text, `op ${report.reference}`);
}

export function followUpsOfAddition(next: Report, entry: HistoryEntry, text: string, at: Date): QueuedFollowUps {
    const key = followUpKey(entry);
    const items: FollowUp[] = [{ purpose: 'card' }, { purpose: 'thread', key, text: additionThreadLine(next, text), keepUntilPurge: true }];
    return { at, items };
}


export type AdditionOutcome =
    | { kind: 'added'; report: Report; reopenAsked: boolean }
    /** The same form was stored before (a double click): nothing new. */
    | { kind: 'duplicate'; report: Report }
    /** Unknown, purged, malformed or someone else's: one answer for all. */
    | { kind: 'notYours' };

/** Where the reports a reporter may see come from: their index ("Mijn meldingen") and the report rows. */
export interface ReporterReports {
    listReporterIndex(aadObjectId: string): Promise<string[]>;
}

export interface AdditionServiceDeps {
    store: CaseHistory;
    index: ReporterReports;
    logger: Logger;
    clock?: () => Date;
}

const ATTEMPTS = 5;

export class AdditionService {
    private readonly clock: () => Date;

    constructor(private readonly deps: AdditionServiceDeps) {
        this.clock = deps.clock ?? (() => new Date());
    }

    /** The person's own report with this reportId; undefined when it is not theirs (or unknown, or purged). */
    async ownReport(person: AddingPerson, reportId: unknown): Promise<Report | undefined> {
        if (typeof reportId !== 'string' || !REPORT_ID_PATTERN.test(reportId)) return undefined;
        const stored = await this.deps.store.get(reportId);
        return stored && isReporterOf(stored.report, person) ? stored.report : undefined;
    }

    /** The person's own report with this reference (MH-2026-0042), found through their own index only. */
    async ownReportByReference(person: AddingPerson, reference: string): Promise<Report | undefined> {
        if (!REFERENCE_PATTERN.test(reference) || !person.aadObjectId) return undefined;
        const wanted = reference.toUpperCase();
        const ids = await this.deps.index.listReporterIndex(person.aadObjectId);
        const reports = await Promise.all(ids.map((id) => this.deps.store.get(id)));
        return reports.find((s): s is StoredReport => s !== undefined && s.report.reference.toUpperCase() === wanted && isReporterOf(s.report, person))?.report;
    }

    /**
     * Stores the addition if the report is the person's own: history line, count and follow-ups in one
     * transaction guarded by the report's eTag. Additions commute with every other change, so a lost race
     * is retried on the fresh row. The text must have passed checkAdditionText.
     */
    async add(person: AddingPerson, reportId: string, text: string, additionId: string): Promise<AdditionOutcome> {
        if (!REPORT_ID_PATTERN.test(reportId) || !ADDITION_ID_PATTERN.test(additionId)) return { kind: 'notYours' };
        let stored = await this.deps.store.get(reportId);
        for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
            if (!stored || !isReporterOf(stored.report, person)) {
                this.deps.logger.info({ event: 'addition.refused', outcome: 'not_own' }, 'addition refused: not the reporter, unknown or purged');
                return { kind: 'notYours' };
            }
            if (recentAdditionIds(stored.report).includes(additionId)) return { kind: 'duplicate', report: stored.report };
            const { next, entry } = applyAddition(stored.report, text, additionId, this.clock());
            const committed = await this.deps.store.commit(next, stored.etag, entry, followUpsOfAddition(next, entry, text, this.clock()));
            if (committed) {
                // Ids and counts only: the text is content.
                this.deps.logger.info({ reportId, version: entry.version, status: next.status, event: 'addition.stored' }, 'addition stored');
                return { kind: 'added', report: committed.report, reopenAsked: next.status === 'afgesloten' };
            }
            stored = await this.deps.store.get(reportId);
        }
        this.deps.logger.warn({ reportId, event: 'addition.conflict', outcome: 'gave_up' }, 'addition lost the race too often');
        throw new AdditionConflictError();
    }
}

/** The report kept changing under the addition: nothing was stored; the reporter may try again. */
export class AdditionConflictError extends Error {
    readonly code = 'CONFLICT';
    constructor() {
        super('report kept changing');
        this.name = 'AdditionConflictError';
    }
}
