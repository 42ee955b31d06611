/**
 * What the reports domain needs from the world, in its own terms. The composition root (bot/app.ts)
 * hands in implementations: Azure Tables ones from bot/storage/tables/, the Teams ones from
 * bot/channels/, in-memory ones in tests. The domain never sees botbuilder or @azure/data-tables.
 */
import type { ExploitationForm, Municipality } from '../domain/vocabulary';
import type { Report, ReporterIdentity, ReportStatus } from './reportModel';

/** A rendered channel card: the domain passes it from renderer to sender without looking inside. */
export type ChannelCard = object;

/** A stored report with the version tag (eTag) a conditional write must name. */
export interface StoredReport {
    report: Report;
    etag: string;
}

export type OutboxState = 'pending' | 'done' | 'failed';

/**
 * What an outbox row delivers. `post`: the report's card as a new thread in the coordinators' channel
 * (one per report, row `outbox`). The rest are follow-ups, written in the same transaction as the
 * change that causes them: `card` puts the report's latest card over its channel post (one row per
 * report, so card updates coalesce and the newest state always wins), `thread` replies in the
 * report's thread, `person` sends a 1:1 message to a colleague (the reporter, an admin), `reminder`
 * reminds the coordinators in the thread of a report nobody picked up (due at a set time, repeated),
 * `redact` overwrites, after the retention purge, a message already in Teams that showed what someone
 * typed (see OutboxRow.keepUntilPurge).
 */
export type OutboxPurpose = 'post' | 'card' | 'thread' | 'person' | 'reminder' | 'redact';

/** Which channel a post goes to: the municipality's own (or, without one, the fallback), or the fallback. */
export type PostRoute = 'own' | 'fallback';

/** One pending delivery in a report's partition. */
export interface OutboxRow {
    reportId: string;
    /** 'outbox' for the post; 'fu_...' for follow-ups (see followUpRowKey). */
    rowKey: string;
    purpose: OutboxPurpose;
    municipality: Municipality;
    state: OutboxState;
    attempts: number;
    /** ISO time before which the row is not tried again. */
    nextAttemptAt: string;
    /** ISO time after which transient failures count as final (72 hours after it was queued). */
    giveUpAt: string;
    leaseOwner?: string;
    /** ISO time until which the lease owner may send. */
    leaseUntil?: string;
    lastStatus?: string;
    /** Post: delivered before other rows; escalated to the fallback channel and the admins when late. */
    acute?: boolean;
    /** Post: where the next attempt goes (absent: own). */
    route?: PostRoute;
    /** Post, acute: ISO time from which a report still not delivered is escalated. */
    escalateAt?: string;
    /**
     * thread and person: the text to send. Person rows carry no report content (status lines and alerts),
     * except a coordinator's question to the reporter; a thread row may carry a reporter's addition or
     * answer, or that question, for the coordinators (bot/cases/reportAdditions.ts, reporterQuestions.ts),
     * which is why rows go once delivered and waiting ones go with the retention purge.
     */
    text?: string;
    /** person: the Entra object id of the colleague. */
    recipient?: string;
    /**
     * person: set for a coordinator's question to the reporter (bot/cases/reporterQuestions.ts): `text` is
     * the question, and the sender renders it as a card with an answer field naming this version. A
     * question replaced or answered before it went out is not sent.
     */
    questionVersion?: number;
    /** Post: Teams accepted it but recording failed; the next attempt records this instead of posting again. */
    postedConversationId?: string;
    postedActivityId?: string;
    postedKind?: ChannelTargetKind;
    /** reminder: how many went out already. */
    remindersSent?: number;
    /**
     * thread and person: the message shows what someone typed (an addition, an answer, a question), so
     * once sent the row stays as a record of where it landed (state 'done', no text, no recipient) and
     * the retention purge turns it into a `redact` row that overwrites the message in Teams.
     */
    keepUntilPurge?: boolean;
    /** A kept record and a redact row: where the message landed. */
    sentConversationId?: string;
    sentActivityId?: string;
    etag: string;
}

export type OutboxChanges = Partial<Omit<OutboxRow, 'etag' | 'reportId' | 'rowKey' | 'purpose' | 'municipality'>>;

export const POST_ROW_KEY = 'outbox';
/** How long transient failures are retried before a delivery counts as failed. */
export const GIVE_UP_AFTER_MS = 72 * 3600 * 1000;
/** An acute report not in its channel after this long also goes to the fallback channel and the admins. */
export const ACUTE_ESCALATION_MS = 5 * 60 * 1000;

/** A follow-up to queue with a change: the store writes it in the change's own transaction. */
export type FollowUp =
    | { purpose: 'card' }
    | { purpose: 'thread'; key: string; text: string; keepUntilPurge?: boolean }
    /** With questionVersion: the reporter's question card (see OutboxRow.questionVersion). */
    | { purpose: 'person'; key: string; recipient: string; text: string; questionVersion?: number; keepUntilPurge?: boolean }
    | { purpose: 'reminder'; dueAt: Date };

/** Follow-ups to write with a change, due from `at` (the caller's clock). */
export interface QueuedFollowUps {
    at: Date;
    items: readonly FollowUp[];
}

/** Row keys of follow-ups: one card row per report; thread and person rows per cause (`key`). */
export function followUpRowKey(followUp: FollowUp): string {
    switch (followUp.purpose) {
        case 'card':
            return 'fu_card';
        case 'reminder':
            return 'fu_reminder';
        case 'thread':
            return `fu_${followUp.key}_thread`;
        case 'person':
            return `fu_${followUp.key}_p_${followUp.recipient.toLowerCase()}`;
    }
}

/**
 * The pending row a follow-up becomes, due at once: nextAttemptAt is empty rather than the queuing
 * clock's now, so another instance whose clock runs a little behind does not wait for it.
 */
export function newFollowUpRow(report: Pick<Report, 'reportId' | 'municipality'>, followUp: FollowUp, now: Date, etag: string): OutboxRow {
    return {
        reportId: report.reportId,
        rowKey: followUpRowKey(followUp),
        purpose: followUp.purpose,
        municipality: report.municipality,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: followUp.purpose === 'reminder' ? followUp.dueAt.toISOString() : '',
        giveUpAt: new Date((followUp.purpose === 'reminder' ? followUp.dueAt : now).getTime() + GIVE_UP_AFTER_MS).toISOString(),
        ...((followUp.purpose === 'thread' || followUp.purpose === 'person') && { text: followUp.text }),
        ...(followUp.purpose === 'person' && { recipient: followUp.recipient.toLowerCase() }),
        ...(followUp.purpose === 'person' && followUp.questionVersion !== undefined && { questionVersion: followUp.questionVersion }),
        ...((followUp.purpose === 'thread' || followUp.purpose === 'person') && followUp.keepUntilPurge === true && { keepUntilPurge: true }),
        etag,
    };
}

/**
 * What stays of a delivered follow-up that showed someone's text: where it landed, no text and no
 * recipient column, so the retention purge can overwrite it in Teams (see OutboxRow.keepUntilPurge). The
 * row key of a 1:1 row still names its recipient (followUpRowKey) until the redact has gone out.
 */
export function sentRecordOf(row: OutboxRow, sent: SentMessage): OutboxRow {
    return {
        reportId: row.reportId,
        rowKey: row.rowKey,
        purpose: row.purpose,
        municipality: row.municipality,
        state: 'done',
        attempts: row.attempts,
        nextAttemptAt: '',
        giveUpAt: row.giveUpAt,
        keepUntilPurge: true,
        sentConversationId: sent.conversationId,
        sentActivityId: sent.activityId,
        etag: row.etag,
    };
}

/** A kept record (sentRecordOf) with everything a redact needs. */
export function isSentRecord(record: Pick<OutboxRow, 'state' | 'keepUntilPurge' | 'sentConversationId' | 'sentActivityId'> | Record<string, unknown>): boolean {
    const row: Record<string, unknown> = { ...record };
    return row.state === 'done' && row.keepUntilPurge === true && typeof row.sentConversationId === 'string' && row.sentConversationId !== '' && typeof row.sentActivityId === 'string' && row.sentActivityId !== '';
}

/** What the retention purge changes on a kept record: it becomes a pending redact row, due at once. */
export function redactRowChanges(at: Date): Pick<OutboxRow, 'purpose' | 'state' | 'attempts' | 'nextAttemptAt' | 'giveUpAt' | 'leaseOwner' | 'leaseUntil'> {
    return { purpose: 'redact', state: 'pending', attempts: 0, nextAttemptAt: '', giveUpAt: new Date(at.getTime() + GIVE_UP_AFTER_MS).toISOString(), leaseOwner: '', leaseUntil: '' };
}

/** The outbox row a new report starts with: pending, no attempts, leased to the storing instance when it posts at once. */
export function newOutboxRow(
    report: Pick<Report, 'reportId' | 'municipality' | 'acuteDanger'> & { dangerInText?: boolean },
    firstAttemptAt: string,
    lease: OutboxLease | undefined,
    etag: string,
): OutboxRow {
    const queued = Date.parse(firstAttemptAt);
    const acute = report.acuteDanger || report.dangerInText === true;
    return {
        reportId: report.reportId,
        rowKey: POST_ROW_KEY,
        purpose: 'post',
        municipality: report.municipality,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: firstAttemptAt,
        giveUpAt: new Date(queued + GIVE_UP_AFTER_MS).toISOString(),
        ...(acute && { acute: true, escalateAt: new Date(queued + ACUTE_ESCALATION_MS).toISOString() }),
        ...(lease && { leaseOwner: lease.owner, leaseUntil: lease.until }),
        etag,
    };
}

/** Who may deliver a new outbox row first, and until when (see OutboxWorker.leaseForNew). */
export interface OutboxLease {
    owner: string;
    until: string;
}

/** A report as just stored, with both rows' eTags, so its first delivery needs no read back. */
export interface CreatedReport {
    stored: StoredReport;
    outbox: OutboxRow;
}

/** What submitting and "Mijn meldingen" need (StoredReportService). */
export interface ReportRepository {
    /** undefined for an unknown or malformed id. */
    get(reportId: string): Promise<StoredReport | undefined>;
    /** Writes the reporter's index row; repeating it is harmless. */
    addToReporterIndex(reporter: ReporterIdentity, reportId: string): Promise<void>;
    /** Stores report and outbox row atomically; 'exists' when this reportId was stored before. */
    createWithOutbox(report: Report, firstAttemptAt: string, lease?: OutboxLease): Promise<CreatedReport | 'exists'>;
    listReporterIndex(aadObjectId: string): Promise<string[]>;
}

/** What the outbox worker needs. */
export interface ReportOutbox {
    get(reportId: string): Promise<StoredReport | undefined>;
    /**
     * Every row still waiting for delivery, posts and follow-ups; with a reportId only that report's (one
     * partition). `full` reads every partition instead of only those known to have pending work: the
     * safety net for rows written before that was kept, run now and then. `dueBy` (epoch ms) lets the
     * store leave out rows it knows are not due by then (a reminder, due hours later, need not be read on
     * every pass); without it every waiting row is listed.
     */
    listPendingOutbox(reportId?: string, options?: { full?: boolean; dueBy?: number }): Promise<OutboxRow[]>;
    /** One row of the report's outbox (default: its post row), whatever its state; undefined when there is none. */
    getOutboxRow(reportId: string, rowKey?: string): Promise<OutboxRow | undefined>;
    /** Changes the row only if nobody did since `row.etag`; undefined when someone did (or it is gone). */
    updateOutbox(row: OutboxRow, changes: OutboxChanges): Promise<OutboxRow | undefined>;
    /**
     * Removes a delivered follow-up if nobody changed it since `row.etag`; false when someone did (deliver
     * again). With `kept`, the row stays as the record of where the message landed (sentRecordOf).
     */
    completeFollowUp(row: OutboxRow, kept?: SentMessage): Promise<boolean>;
    /**
     * Applies `change` to the report and, atomically, `outbox.changes` to its row (guarded by the row's
     * eTag) and the new `followUps`. A concurrent change of the report is retried on the fresh row;
     * `known` saves the first read.
     */
    updateReport(
        reportId: string,
        change: (report: Report) => Report | undefined,
        outbox?: { row: OutboxRow; changes: OutboxChanges },
        known?: StoredReport,
        followUps?: QueuedFollowUps,
    ): Promise<Report>;
}

/**
 * How many reports of one month (Dutch time), municipality, set of forms and status there are: what
 * the statistics need, without reading a report (tableReportIndexes.ts keeps these per month).
 */
export interface StatisticsCell {
    month: string;
    municipality: Municipality;
    forms: ExploitationForm[];
    status: ReportStatus;
    count: number;
}

/** What statistics and retention read and remove. */
export interface ReportArchive {
    /** Every report, or those with this status (a scan: for the migration and the weekly digest, not per request). */
    listReports(query?: { status?: ReportStatus }): Promise<StoredReport[]>;
    /** The statistics' counts, from the maintained aggregate (not a scan of the reports). */
    statisticsCells(): Promise<StatisticsCell[]>;
    /** The oldest `limit` open reports of these municipalities (not purged), and how many are open in all. */
    listOpenReports(municipalities: readonly Municipality[], limit: number): Promise<{ reports: Report[]; total: number }>;
    /** Closed, not yet purged reports closed at or before `cutoffIso`: only those (an index by closing date). */
    listDueForRetention(cutoffIso: string): Promise<StoredReport[]>;
    /** The report with this reference (any case), if there is one. */
    findByReference(reference: string): Promise<Report | undefined>;
    /** Drops the report from the colleague's "Mijn meldingen" (retention). */
    removeFromReporterIndex(aadObjectId: string, reportId: string): Promise<void>;
    /** Reports whose post was given up on ('niet_bezorgd'), for the admins. */
    listUndelivered(): Promise<Report[]>;
}

/**
 * A counter per year that hands out blocks of numbers; two instances can never get the same block.
 * Throws ReportError STORAGE_UNAVAILABLE or REFERENCE_CONTENTION.
 */
export interface ReferenceCounter {
    /** Advances the year's counter by `count`; returns the first number of the reserved block. */
    reserve(year: number, count: number): Promise<number>;
}

export interface SubmissionRateLimit {
    /** Reports one colleague may store per window; 0 switches the limit off. */
    maxPerWindow: number;
    windowMs: number;
}

export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/** The rate-limit store: at most N stored reports per colleague per window, across instances. */
export interface SubmissionLimiter {
    readonly limit: SubmissionRateLimit;
    /** Takes a slot for this report, or says when the oldest slot frees up. Throws ReportError on storage failure. */
    acquire(reporter: ReporterIdentity, reportId: string): Promise<RateDecision>;
    /** Gives the slot back (the report was not stored after all). Best effort: never throws. */
    release(reporter: ReporterIdentity, reportId: string): Promise<void>;
}

export type ChannelTargetKind = 'bound' | 'fallback';

export interface ChannelDirectory {
    /**
     * Where a report for this municipality would be posted: its own bound channel, the configured
     * fallback channel, or undefined when neither exists. Asked at submit time so the confirmation
     * can say honestly where the report went.
     */
    targetFor(municipality: Municipality): Promise<{ kind: ChannelTargetKind } | undefined>;
}

export interface ChannelPost {
    conversationId: string;
    activityId: string;
    /** Whether the card went to the municipality's own channel or to the fallback channel. */
    kind: ChannelTargetKind;
}

export interface ReportChannelSender {
    /**
     * Posts the card as a new thread: route 'own' is the municipality's channel (the fallback channel
     * when it has none), 'fallback' the fallback channel. Throws DeliveryError on failure (with `via`,
     * the kind of channel that failed); any other error counts as a transient network failure.
     */
    postNewThread(municipality: Municipality, card: ChannelCard, route?: PostRoute, options?: PostOptions): Promise<ChannelPost>;
}

/** urgent: a report of possible acute danger, which may use the rate-limit reserve (bot/channels/teamsPacer.ts). */
export interface PostOptions {
    urgent?: boolean;
}

/** Where a message landed in Teams, so it can be overwritten later. */
export interface SentMessage {
    conversationId: string;
    activityId: string;
}

/** What a follow-up send did: 'moot' when there was nothing (left) to send it to. */
export type FollowUpResult = 'sent' | 'moot' | SentMessage;

/** The text that replaces a message whose content retention removed. */
export const REDACTED_MESSAGE_TEXT = 'Deze tekst is na de bewaartermijn verwijderd.';

/** Sends the follow-ups (card, thread, person and redact rows) to Teams. */
export interface FollowUpSender {
    /**
     * Sends one follow-up of `report`; 'moot' when there is nothing (left) to send it to, such as a card
     * update for a report not yet posted or a colleague without a known 1:1 chat; where a new message
     * landed, for thread and person rows. Throws DeliveryError.
     */
    send(row: OutboxRow, report: Report): Promise<FollowUpResult>;
}

/** Who hears of reports that did not reach their channel: the admins of the organisation file. */
export interface DeliveryAlertees {
    adminIds(): readonly string[];
}

export interface CoordinatorContact {
    name: string;
    email?: string;
}

export interface CoordinatorDirectory {
    /** The aandachtfunctionaris of the municipality, from the organisation file. */
    contactFor(municipality: Municipality): CoordinatorContact | undefined;
}

/** A failed channel post. `status` is the HTTP status from the Bot Connector; absent for network errors. */
export class DeliveryError extends Error {
    readonly code = 'DELIVERY_FAILED';
    readonly status?: number;
    readonly retryAfterMs?: number;
    /** For channel posts: the kind of channel that failed. */
    readonly via?: ChannelTargetKind;

    constructor(message: string, options: { status?: number; retryAfterMs?: number; via?: ChannelTargetKind; cause?: unknown } = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'DeliveryError';
        if (options.status !== undefined) this.status = options.status;
        if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
        if (options.via !== undefined) this.via = options.via;
    }
}

export function isDeliveryError(err: unknown): err is DeliveryError {
    return err instanceof DeliveryError || (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'DELIVERY_FAILED');
}
