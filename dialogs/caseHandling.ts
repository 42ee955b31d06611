/**
 * Builds case handling from its collaborators, so the composition root wires it in a few lines:
 *
 *   const cases = createCaseHandling({ tables, reports: reporting.store, organisation, messenger, registry,
 *                                      channelTarget: (id) => routing.targetOf(id), allowedTenantIds, ... });
 *   features.adaptiveCardActions = cases.handler.handle; features.overview = cases.overview;
 *   jobs.push(...cases.jobs);
 */
import { renderReportChannelCard } from '../cards/reportChannelCard';
import type { AdaptiveCardJson } from '../cards/renderCard';
import { TableAuditLog } from '../bot/storage/tables/tableAuditLog';
import { CaseService, type CoordinatorRoster } from '../bot/cases/caseService';
import { TableCaseHistory } from '../bot/storage/tables/tableCaseHistory';
import { RetentionPurger, retentionJob } from '../bot/cases/retention';
import type { ChannelRegistry, ConversationTarget } from '../bot/channels/channelRegistry';
import type { ProactiveMessenger } from '../bot/channels/proactiveMessenger';
import type { Logger } from '../bot/logger';
import type { Report } from '../bot/reports/reportModel';
import type { TableReportStore } from '../bot/storage/tables/tableReportStore';
import { channelOf } from '../bot/channels/conversationIds';
import type { TableClientFactory } from '../bot/storage/tableClientFactory';
import { CaseActionHandler } from './caseActionHandler';
import { CaseNotifications } from './caseNotifications';
import { OverviewResponder } from './overviewResponder';

export interface CaseHandlingDeps {
    tables: TableClientFactory;
    reports: TableReportStore;
    organisation: CoordinatorRoster;
    messenger: ProactiveMessenger;
    registry: ChannelRegistry;
    channelTarget: (conversationId: string) => Promise<ConversationTarget | undefined>;
    allowedTenantIds: readonly string[];
    retentionDays: number;
    retentionIntervalHours: number;
    logger: Logger;
    clock?: () => Date;
    /** Pause between retries of card updates and messages (tests make it short). */
    notificationRetryMs?: number;
}

export interface CaseHandling {
    service: CaseService;
    handler: CaseActionHandler;
    overview: OverviewResponder;
    notifications: CaseNotifications;
    purger: RetentionPurger;
    audit: TableAuditLog;
    /** Retention on a schedule, and waiting for card updates in flight on shutdown. */
    jobs: { name: string; start(): void; stop(): Promise<void> }[];
}

/** The channel card with the coordinators of the report's municipality as "Toewijzen aan" choices. */
export function channelCardRenderer(organisation: CoordinatorRoster): (report: Report, notice?: string) => AdaptiveCardJson {
    return (report, notice) => renderReportChannelCard(report, { coordinators: organisation.coordinatorsOf(report.municipality), ...(notice && { notice }) });
}

export function createCaseHandling(deps: CaseHandlingDeps): CaseHandling {
    const logger = deps.logger.child({ component: 'cases' });
    const clock = deps.clock ?? (() => new Date());
    const store = new TableCaseHistory(deps.reports, deps.tables);
    const audit = new TableAuditLog(deps.tables, clock);
    const renderCard = channelCardRenderer(deps.organisation);
    const service = new CaseService({ store, reports: deps.reports, roster: deps.organisation, audit, allowedTenantIds: deps.allowedTenantIds, logger, clock, sameChannel: (a, b) => channelOf(a) === channelOf(b) });
    const notifications = new CaseNotifications({
        messenger: deps.messenger,
        registry: deps.registry,
        channelTarget: deps.channelTarget,
        reports: deps.reports,
        renderCard: (report) => renderCard(report),
        logger,
        ...(deps.notificationRetryMs !== undefined && { retryDelayMs: deps.notificationRetryMs }),
    });
    const handler = new CaseActionHandler({ service, notifications, renderCard, logger });
    const overview = new OverviewResponder(service, logger, clock);
    const purger = new RetentionPurger({
        reports: deps.reports,
        cases: store,
        audit,
        retentionDays: deps.retentionDays,
        logger,
        clock,
        // The channel card still shows the text: replace it with the purged form.
        onPurged: (report) => notifications.refreshCard(report.reportId, report),
    });
    const jobs = [
        retentionJob(purger, logger, deps.retentionIntervalHours * 3600 * 1000),
        { name: 'case-notifications', start: () => undefined, stop: () => notifications.idle() },
    ];
    return { service, handler, overview, notifications, purger, audit, jobs };
}
