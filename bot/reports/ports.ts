/**
 * What the reports domain needs from the world, in its own terms. The composition root (bot/app.ts)
 * hands in implementations: Azure Tables ones from bot/storage/tables/, the Teams ones from
 * bot/channels/, in-memory ones in tests. The domain never sees botbuilder or @azure/data-tables.
 */
import type { Municipality } from '../domain/vocabulary';
import type { Report, ReporterIdentity, ReportStatus } from './reportModel';

/** A rendered channel card: the domain passes it from renderer to sender without looking inside. */
export type ChannelCard = object;

/** A stored report with the version tag (eTag) a conditional write must name. */
export interface StoredReport {
    report: Report;
    etag: string;
}

export type OutboxState = 'pending' | 'done' | 'failed';

/** The pending notification of one report (its post in the coordinators' channel). */
export interface OutboxRow {
    reportId: string;
    municipality: Municipality;
    state: OutboxState;
    attempts: number;
    /** ISO time before which the row is not tried again. */
    nextAttemptAt: string;
    leaseOwner?: string;
    /** ISO time until which the lease owner may send. */
    leaseUntil?: string;
    lastStatus?: string;
    etag: string;
}

export type OutboxChanges = Partial<Omit<OutboxRow, 'etag' | 'reportId'>>;

/** The outbox row a new report starts with: pending, no attempts, leased to the storing instance when it posts at once. */
export function newOutboxRow(report: Pick<Report, 'reportId' | 'municipality'>, firstAttemptAt: string, lease: OutboxLease | undefined, etag: string): OutboxRow {
    return {
        reportId: report.reportId,
        municipality: report.municipality,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: firstAttemptAt,
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
    /** Every row still waiting for delivery. */
    listPendingOutbox(): Promise<OutboxRow[]>;
    /** Changes the row only if nobody did since `row.etag`; undefined when someone did (or it is gone). */
    updateOutbox(row: OutboxRow, changes: OutboxChanges): Promise<OutboxRow | undefined>;
    /**
     * Applies `change` to the report and, atomically, `outbox.changes` to its row (guarded by the row's
     * eTag). A concurrent change of the report is retried on the fresh row; `known` saves the first read.
     */
    updateReport(
        reportId: string,
        change: (report: Report) => Report | undefined,
        outbox?: { row: OutboxRow; changes: OutboxChanges },
        known?: StoredReport,
    ): Promise<Report>;
}

/** What statistics and retention read and remove. */
export interface ReportArchive {
    /** Every report, or those with this status (a scan: fine at municipal volumes). */
    listReports(query?: { status?: ReportStatus }): Promise<StoredReport[]>;
    /** Drops the report from the colleague's "Mijn meldingen" (retention). */
    removeFromReporterIndex(aadObjectId: string, reportId: string): Promise<void>;
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
}

export interface ReportChannelSender {
    /**
     * Posts the card as a new thread in the municipality's channel (or the fallback channel).
     * Throws DeliveryError on failure; any other error counts as a transient network failure.
     */
    postNewThread(municipality: Municipality, card: ChannelCard): Promise<ChannelPost>;
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

    constructor(message: string, options: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
        super(message, options.cause === undefined ? undefined : { cause: options.cause });
        this.name = 'DeliveryError';
        if (options.status !== undefined) this.status = options.status;
        if (options.retryAfterMs !== undefined) this.retryAfterMs = options.retryAfterMs;
    }
}

export function isDeliveryError(err: unknown): err is DeliveryError {
    return err instanceof DeliveryError || (typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'DELIVERY_FAILED');
}
