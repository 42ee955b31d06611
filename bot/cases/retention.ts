/**
 * Retention (AVG: opslagbeperking): RETENTION_DAYS after a report was closed, its personal and free-text
 * fields are removed; the codes that feed the statistics (municipality, forms, status, dates, indicators,
 * minor yes/no, acute danger) stay, so the numbers do not change. Reopened reports are not closed and
 * are left alone. Nothing that links the report to its reporter stays: name and Entra id, the reporter
 * index row, the submissionId (the reportId is a hash of tenant, reporter and submissionId, so with the
 * submissionId kept, hashing the known colleagues would find the reporter), and any follow-up row
 * addressed to them. Each run is written to the audit trail with its count.
 */
import type { Logger } from '../domain/ports';
import type { Report } from '../reports/reportModel';
import type { ReportArchive } from '../reports/ports';
import { SYSTEM_RETENTION_ACTOR, type AuditLog, type CaseHistory } from './ports';
import { followUpsOfPurge } from './caseFollowUps';

export const PURGED_TEXT = '';

export interface RetentionResult {
    purged: string[];
    /** Reports changed by someone else during the purge: the next run tries again. */
    skipped: number;
}

/** The report as it is kept after the retention period. */
export function purgedForm(report: Report, now: Date): Report {
    const {
        location: _location,
        workContextOther: _workContextOther,
        otherIndicator: _otherIndicator,
        informedOther: _informedOther,
        estimatedAge: _estimatedAge,
        ...rest
    } = report;
    return {
        ...rest,
        description: PURGED_TEXT,
        submissionId: '',
        reporter: { aadObjectId: '', tenantId: report.reporter.tenantId },
        purgedAt: now.toISOString(),
    };
}

export class RetentionPurger {
    constructor(
        private readonly deps: {
            reports: ReportArchive;
            cases: CaseHistory;
            audit: AuditLog;
            retentionDays: number;
            logger: Logger;
            clock?: () => Date;
            /** Told about each purged report, so its queued card update goes out now. */
            onPurged?: (report: Report) => void;
        },
    ) {}

    async run(): Promise<RetentionResult> {
        const now = (this.deps.clock ?? (() => new Date()))();
        const cutoff = new Date(now.getTime() - this.deps.retentionDays * 24 * 3600 * 1000).toISOString();
        // Only the reports that are due (an index by closing date): the pass does not grow with history.
        const due = await this.deps.reports.listDueForRetention(cutoff);
        const result: RetentionResult = { purged: [], skipped: 0 };
        for (const { report, etag } of due) {
            const closedAt = report.handling?.closedAt;
            if (report.purgedAt || !closedAt || closedAt > cutoff) continue;
            const purged = purgedForm(report, now);
            // The reporter's index row goes first: once the purge has blanked the reporter, nothing could find
            // that row again, so a failure after the purge would link the colleague to the report for good.
            // (A report changed meanwhile and skipped below only leaves "Mijn meldingen" early.)
            if (report.reporter.aadObjectId) await this.deps.reports.removeFromReporterIndex(report.reporter.aadObjectId, report.reportId);
            const stored = await this.deps.cases.purge(purged, etag, followUpsOfPurge(now));
            if (!stored) {
                result.skipped++;
                continue;
            }
            result.purged.push(report.reportId);
            this.deps.logger.info({ reportId: report.reportId, event: 'retention.purged' }, 'personal and free-text fields removed');
            this.deps.onPurged?.(stored.report);
        }
        // By count: a row per purged report would keep a list of which reports existed, for nothing.
        if (result.purged.length > 0) {
            await this.deps.audit.record({ event: 'purge', actor: SYSTEM_RETENTION_ACTOR, detail: `${result.purged.length} meldingen na ${this.deps.retentionDays} dagen` });
        }
        return result;
    }
}

/** Runs the purge on a schedule inside the bot (first run shortly after start). Same shape as app's BackgroundJob. */
export function retentionJob(purger: RetentionPurger, logger: Logger, intervalMs: number, firstRunAfterMs = 60_000) {
    let timer: NodeJS.Timeout | undefined;
    let first: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
        running = running
            .then(() => purger.run())
            .then((r) => logger.info({ job: 'retention', purged: r.purged.length, skipped: r.skipped }, 'retention run finished'))
            .catch((err: unknown) => logger.warn({ job: 'retention', outcome: 'failed', code: (err as { code?: unknown }).code }, 'retention run failed; next run tries again'));
    };
    return {
        name: 'retention',
        start() {
            first = setTimeout(tick, firstRunAfterMs);
            first.unref();
            timer = setInterval(tick, intervalMs);
            timer.unref();
        },
        async stop() {
            if (first) clearTimeout(first);
            if (timer) clearInterval(timer);
            await running;
        },
    };
}
