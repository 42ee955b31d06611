/**
 * Builds the reports module from its collaborators, so the composition root wires it in a few lines:
 *
 *   const reporting = createReporting({ tables, channels, sender, coordinators, logger });
 *   reporting.worker.start();            // on shutdown: await reporting.worker.stop()
 *   new ReportDialog(reporting.service, preferencesAccessor, logger)
 */
import { renderReportChannelCard } from '../../cards/reportChannelCard';
import type { AdaptiveCardJson } from '../../cards/renderCard';
import type { Report } from './reportModel';
import type { Logger } from '../logger';
import type { TableClientFactory } from '../storage/tableClientFactory';
import { OutboxWorker, type OutboxWorkerOptions } from './outboxWorker';
import type { ChannelDirectory, CoordinatorDirectory, ReportChannelSender, SubmissionRateLimit } from './ports';
import { ReferenceAllocator } from './referenceAllocator';
import { TableReferenceCounter } from '../storage/tables/tableReferenceCounter';
import { StoredReportService, type ReportService } from './reportService';
import { TableReportStore } from '../storage/tables/tableReportStore';
import { TableSubmissionLimiter } from '../storage/tables/tableSubmissionLimiter';

export interface ReportingDeps {
    tables: TableClientFactory;
    channels: ChannelDirectory;
    sender: ReportChannelSender;
    coordinators: CoordinatorDirectory;
    logger: Logger;
    clock?: () => Date;
    worker?: OutboxWorkerOptions;
    /** Reports per colleague per window; without it there is no limit. */
    rateLimit?: SubmissionRateLimit;
    /** The channel card (default: without coordinator choices); case handling passes one with them. */
    renderChannelCard?: (report: Report) => AdaptiveCardJson;
}

export interface Reporting {
    service: ReportService;
    worker: OutboxWorker;
    store: TableReportStore;
}

export function createReporting(deps: ReportingDeps): Reporting {
    const store = new TableReportStore(deps.tables);
    const clock = deps.clock ?? (() => new Date());
    const worker = new OutboxWorker(
        { store, sender: deps.sender, renderCard: deps.renderChannelCard ?? ((report) => renderReportChannelCard(report)), logger: deps.logger.child({ component: 'outboxWorker' }) },
        { clock, ...deps.worker },
    );
    const service = new StoredReportService({
        store,
        references: new ReferenceAllocator(new TableReferenceCounter(deps.tables), { clock }),
        channels: deps.channels,
        coordinators: deps.coordinators,
        logger: deps.logger.child({ component: 'reportService' }),
        clock,
        delivery: worker,
        ...(deps.rateLimit && deps.rateLimit.maxPerWindow > 0 && { limiter: new TableSubmissionLimiter(deps.tables, deps.rateLimit, clock) }),
    });
    return { service, worker, store };
}
