/**
 * Reports that did not reach a coordinators' channel, for the admins: the list ("onbezorgd"), sending
 * one again, and sending a municipality's again when an admin binds its channel ("koppel"). A re-queued
 * report starts a fresh 72 hours on its own channel; the outbox worker does the sending.
 */
import type { Logger } from '../domain/ports';
import type { Municipality } from '../domain/vocabulary';
import { ACUTE_ESCALATION_MS, GIVE_UP_AFTER_MS, type ReportArchive, type ReportOutbox } from './ports';
import { isReportError } from './reportErrors';
import type { Report } from './reportModel';

export type RequeueOutcome = 'requeued' | 'not_found' | 'not_undelivered';

export interface UndeliveredReportsDeps {
    store: ReportOutbox & Pick<ReportArchive, 'listUndelivered'>;
    /** Sends what was just queued for this report now (the outbox worker). */
    delivery: { deliverQueued(reportId: string): void };
    logger: Logger;
    clock?: () => Date;
}

export class UndeliveredReports {
    private readonly clock: () => Date;

    constructor(private readonly deps: UndeliveredReportsDeps) {
        this.clock = deps.clock ?? (() => new Date());
    }

    /** Oldest first: the one waiting longest is the first to resend. Acute ones before the rest. */
    async list(): Promise<Report[]> {
        const reports = await this.deps.store.listUndelivered();
        const acute = (r: Report) => (r.acuteDanger || r.dangerInText ? 0 : 1);
        return reports.sort((a, b) => acute(a) - acute(b) || a.submittedAt.localeCompare(b.submittedAt));
    }

    async requeue(reportId: string): Promise<RequeueOutcome> {
        const [row, stored] = await Promise.all([this.deps.store.getOutboxRow(reportId), this.deps.store.get(reportId)]);
        if (!row || !stored) return 'not_found';
        // Only a row the worker gave up on: a pending one may be in flight under a lease, which a requeue would clear.
        if (row.state !== 'failed' || stored.report.delivery.state !== 'niet_bezorgd') return 'not_undelivered';
        const now = this.clock();
        let requeued = false;
        try {
            await this.deps.store.updateReport(
                reportId,
                (report) => {
                    requeued = report.delivery.state === 'niet_bezorgd' && !report.delivery.activityId;
                    if (!requeued) return undefined;
                    const { failureReason: _reason, ...delivery } = report.delivery;
                    return { ...report, delivery: { ...delivery, state: 'wachtrij' } };
                },
                {
                    row,
                    changes: {
                        state: 'pending',
                        attempts: 0,
                        nextAttemptAt: now.toISOString(),
                        giveUpAt: new Date(now.getTime() + GIVE_UP_AFTER_MS).toISOString(),
                        route: 'own',
                        lastStatus: '',
                        leaseOwner: '',
                        leaseUntil: '',
                        escalateAt: row.acute ? new Date(now.getTime() + ACUTE_ESCALATION_MS).toISOString() : '',
                    },
                },
                stored,
            );
        } catch (err) {
            if (isReportError(err, 'NOT_FOUND')) return 'not_found';
            // Someone changed the row meanwhile (another admin, the worker): their change stands.
            if (isReportError(err, 'CONFLICT')) return 'not_undelivered';
            throw err;
        }
        if (!requeued) return 'not_undelivered';
        this.deps.logger.info({ reportId, event: 'outbox.requeued' }, 'undelivered report queued again');
        this.deps.delivery.deliverQueued(reportId);
        return 'requeued';
    }

    /** After a binding: every undelivered report of the municipality (all of them for the reserve channel). */
    async requeueFor(target: Municipality | 'reserve'): Promise<number> {
        const reports = (await this.deps.store.listUndelivered()).filter((r) => target === 'reserve' || r.municipality === target);
        let count = 0;
        for (const report of reports) if ((await this.requeue(report.reportId)) === 'requeued') count++;
        return count;
    }
}
