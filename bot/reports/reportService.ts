/**
 * The reports use cases: submit, list one's own, read. Delivery is the outbox worker's.
 * A report is stored (with its outbox notification) before anyone is told it arrived.
 */
import { ignoreMetric, type Logger, type RecordMetric } from '../domain/ports';
import type { Municipality } from '../domain/vocabulary';
import { createHash } from 'node:crypto';
import type { ChannelDirectory, CoordinatorContact, CoordinatorDirectory, CreatedReport, OutboxLease, ReportRepository, SubmissionLimiter } from './ports';
import type { ReferenceAllocator } from './referenceAllocator';
import { ReportError, ReportRateLimitedError, isReportError } from './reportErrors';
import { signalsDangerInText, type ChannelKind, type Report, type ReportDraft, type ReporterIdentity, type ReportListItem } from './reportModel';
import { todayInAmsterdam, validateReportDraft } from './reportValidation';

export interface SubmitResult {
    report: Report;
    /** False when this submissionId was stored before (double click, Teams retry): same report, same reference. */
    created: boolean;
    coordinator?: CoordinatorContact;
}

export interface ReportService {
    submit(draft: ReportDraft, reporter: ReporterIdentity, submissionId: string): Promise<SubmitResult>;
    /** The report stored earlier for this submission, if any (for a late second click on Versturen). */
    findSubmission(reporter: ReporterIdentity, submissionId: string): Promise<SubmitResult | undefined>;
    /** Only the caller's own reports, newest first. */
    listByReporter(aadObjectId: string): Promise<ReportListItem[]>;
    get(reportId: string): Promise<Report | undefined>;
}

export interface ReportServiceDeps {
    store: ReportRepository;
    references: ReferenceAllocator;
    channels: ChannelDirectory;
    coordinators: CoordinatorDirectory;
    logger: Logger;
    clock?: () => Date;
    /** Delivers a new report from this instance at once, instead of at the outbox worker's next poll. */
    delivery?: ImmediateDelivery;
    /** Caps stored reports per colleague; checked before anything is written. */
    limiter?: SubmissionLimiter;
    recordMetric?: RecordMetric;
}

/** The outbox worker's side of a submit: a lease for the new outbox row, then the rows as stored. */
export interface ImmediateDelivery {
    leaseForNew(): OutboxLease;
    deliverNow(created: CreatedReport): void;
}

/**
 * The same (tenant, reporter, submissionId) always gives the same reportId, so a double click or a Teams
 * retry lands on the same row and its create fails instead of making a second report.
 */
export function reportIdFor(reporter: ReporterIdentity, submissionId: string): string {
    return createHash('sha256').update(`${reporter.tenantId}\n${reporter.aadObjectId}\n${submissionId}`).digest('hex').slice(0, 32);
}

/** A submissionId is chosen by the bot, but it travels through the card, so it is checked like input. */
export const SUBMISSION_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
const MAX_LISTED = 50;

export class StoredReportService implements ReportService {
    private readonly clock: () => Date;

    constructor(private readonly deps: ReportServiceDeps) {
        this.clock = deps.clock ?? (() => new Date());
    }

    async submit(draft: ReportDraft, reporter: ReporterIdentity, submissionId: string): Promise<SubmitResult> {
        if (!SUBMISSION_ID_PATTERN.test(submissionId)) throw new ReportError('INVALID_REPORT', 'malformed submissionId');
        if (!reporter.aadObjectId || !reporter.tenantId) throw new ReportError('INVALID_REPORT', 'reporter identity missing');
        const now = this.clock();
        const checked = validateReportDraft(draft, todayInAmsterdam(now));
        if (!checked.ok) throw new ReportError('INVALID_REPORT', `draft invalid: ${Object.keys(checked.errors).join(',')}`);

        // No read-before-write: a repeated submissionId maps to the same reportId, and the transaction's
        // create then fails with 409 (a duplicate costs one unused reference number, nothing more).
        const reportId = reportIdFor(reporter, submissionId);
        const limiter = this.deps.limiter;
        if (limiter) {
            const decision = await limiter.acquire(reporter, reportId);
            if (!decision.allowed) {
                // A repeat of a report stored earlier is that same report, not a new one to refuse.
                const earlier = await this.deps.store.get(reportId);
                if (earlier) return this.result(earlier.report, false);
                this.deps.logger.info({ reportId, event: 'report.rateLimited' }, 'report refused: rate limit');
                throw new ReportRateLimitedError(decision.retryAfterMs, limiter.limit.maxPerWindow, limiter.limit.windowMs);
            }
            try {
                return await this.store(checked.value, reporter, submissionId, reportId, now);
            } catch (err) {
                // Give the slot back only when nothing can have been written; after a storage failure the
                // report may exist, and a retry with the same submissionId reuses this slot anyway.
                if (isReportError(err, 'TOO_LARGE') || isReportError(err, 'REFERENCE_CONTENTION')) await limiter.release(reporter, reportId);
                throw err;
            }
        }
        return this.store(checked.value, reporter, submissionId, reportId, now);
    }

    /** Stores a validated draft with its outbox row; `created` is false when this reportId existed. */
    private async store(draft: ReportDraft, reporter: ReporterIdentity, submissionId: string, reportId: string, now: Date): Promise<SubmitResult> {
        // Independent round trips run together; the index row may precede the report (see ReportStore).
        const [channelKind, allocated] = await Promise.all([
            this.channelKindFor(draft.municipality),
            this.deps.references.next(),
            this.deps.store.addToReporterIndex(reporter, reportId),
        ]);
        const report: Report = {
            ...draft,
            ...(signalsDangerInText(draft) && { dangerInText: true }),
            reportId,
            reference: allocated.reference,
            submissionId,
            submittedAt: now.toISOString(),
            reporter: { aadObjectId: reporter.aadObjectId, tenantId: reporter.tenantId, ...(reporter.displayName && { displayName: reporter.displayName }) },
            status: 'nieuw',
            channelKind,
            delivery: { state: 'wachtrij', attempts: 0 },
        };
        const outcome = await this.deps.store.createWithOutbox(report, report.submittedAt, this.deps.delivery?.leaseForNew());
        if (outcome === 'exists') {
            // A concurrent duplicate won the race; its reference stands (ours is left unused).
            const winner = await this.deps.store.get(reportId);
            if (!winner) throw new ReportError('STORAGE_UNAVAILABLE', 'report vanished after conflict');
            this.deps.logger.info({ reportId, event: 'report.duplicate' }, 'duplicate submission resolved to the stored report');
            return this.result(winner.report, false);
        }
        this.deps.logger.info({ reportId, reference: report.reference, channelKind, event: 'report.stored' }, 'report stored');
        (this.deps.recordMetric ?? ignoreMetric)('reports.stored', 1, { municipality: report.municipality, acute: report.acuteDanger || report.dangerInText === true });
        this.deps.delivery?.deliverNow(outcome);
        return this.result(report, true);
    }

    async findSubmission(reporter: ReporterIdentity, submissionId: string): Promise<SubmitResult | undefined> {
        if (!SUBMISSION_ID_PATTERN.test(submissionId)) return undefined;
        const stored = await this.deps.store.get(reportIdFor(reporter, submissionId));
        return stored ? this.result(stored.report, false) : undefined;
    }

    async listByReporter(aadObjectId: string): Promise<ReportListItem[]> {
        if (!aadObjectId) return [];
        const ids = await this.deps.store.listReporterIndex(aadObjectId);
        const reports = await Promise.all(ids.map((id) => this.deps.store.get(id)));
        return reports
            .filter((r): r is NonNullable<typeof r> => r !== undefined && r.report.reporter.aadObjectId === aadObjectId)
            .map(({ report }) => ({
                reportId: report.reportId,
                reference: report.reference,
                submittedAt: report.submittedAt,
                municipality: report.municipality,
                status: report.status,
                deliveryState: report.delivery.state,
                ...(report.delivery.alertedAt && { alertedAt: report.delivery.alertedAt }),
            }))
            .sort((a, b) => b.submittedAt.localeCompare(a.submittedAt))
            .slice(0, MAX_LISTED);
    }

    async get(reportId: string): Promise<Report | undefined> {
        return (await this.deps.store.get(reportId))?.report;
    }

    private async channelKindFor(municipality: Municipality): Promise<ChannelKind> {
        try {
            return (await this.deps.channels.targetFor(municipality))?.kind ?? 'none';
        } catch (err) {
            // Not knowing the channel must not block storing the report; the worker finds out on delivery.
            this.deps.logger.warn({ err: { message: (err as Error).message }, event: 'report.channelLookupFailed' }, 'channel lookup failed');
            return 'none';
        }
    }

    private result(report: Report, created: boolean): SubmitResult {
        const coordinator = this.deps.coordinators.contactFor(report.municipality);
        return { report, created, ...(coordinator && { coordinator }) };
    }
}
