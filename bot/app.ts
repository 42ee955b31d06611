import type { AddressInfo } from 'node:net';
import { ConversationState } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import type restify from 'restify';
import { createAdapter, type SignaalAdapter } from './adapter';
import { ChannelRegistry } from './channels/channelRegistry';
import type { Config } from './config';
import type { Logger } from './logger';
import { OrganisationDirectory } from './organisation/organisationDirectory';
import { createServer } from './server';
import { invokeShapeGuardMiddleware } from './guards/invokeShapeGuard';
import { ActivityDeduplicator } from './storage/activityDedupe';
import { TableBotStorage } from './storage/tableBotStorage';
import type { TableClientFactory } from './storage/tableClientFactory';
import { SignaalBot, type BotFeatures } from './teamsBot';
import { loadKnowledgeBase } from './knowledge/knowledgeBase';
import { KnowledgeResponder } from '../dialogs/knowledgeResponder';
import { RouteWizardDialog } from '../dialogs/routeWizardDialog';
import { ReportDialog } from '../dialogs/reportDialog';
import { MyReportsResponder } from '../dialogs/myReportsResponder';
import { ProactiveMessenger, isMicrosoftServiceUrl } from './channels/proactiveMessenger';
import { ReportChannelRouting } from './channels/reportChannelRouting';
import { createReporting, type Reporting } from './reports/reporting';
import type { OutboxWorkerOptions } from './reports/outboxWorker';
import { channelCardRenderer, createCaseHandling, type CaseHandling } from '../dialogs/caseHandling';

/** Something that runs beside the HTTP server (outbox delivery, clean-up) and must stop cleanly. */
export interface BackgroundJob {
    name: string;
    start(): void;
    stop(): Promise<void>;
}

export interface App {
    readonly server: restify.Server;
    readonly adapter: SignaalAdapter;
    readonly bot: SignaalBot;
    readonly registry: ChannelRegistry;
    readonly organisation: OrganisationDirectory;
    readonly reporting: Reporting;
    readonly cases: CaseHandling;
    listen(): Promise<string>;
    close(): Promise<void>;
}

const DEDUPE_KEEP_MS = 24 * 60 * 60 * 1000;

/**
 * The composition root: builds every part once, from the validated config and the storage it is
 * given, and passes collaborators through constructors. Nothing here runs at import time.
 */
export interface AppOptions {
    /** Outbox worker tuning, for tests that need fast retries. */
    outbox?: OutboxWorkerOptions;
    /** Case handling tuning for tests (clock, retry pause). */
    cases?: { clock?: () => Date; notificationRetryMs?: number };
}

export function buildApp(config: Config, tables: TableClientFactory, logger: Logger, options: AppOptions = {}): App {
    const storage = new TableBotStorage(tables);
    const conversationState = new ConversationState(storage);
    const dedupe = new ActivityDeduplicator(tables);
    const registry = new ChannelRegistry(tables);
    const organisation = config.organisationFile ? OrganisationDirectory.fromFile(config.organisationFile) : OrganisationDirectory.empty();
    const adapter = createAdapter({
        auth: config.auth,
        allowedTenantIds: config.allowedTenantIds,
        dedupe,
        conversationState,
        logger,
    });
    adapter.use(invokeShapeGuardMiddleware(logger));

    const messenger = new ProactiveMessenger(adapter, {
        botAppId: config.auth.kind === 'none' ? '' : config.auth.appId,
        // Locally the Playground or a test connector runs on loopback; in production only Microsoft's hosts.
        isTrustedServiceUrl: config.mode === 'local' ? () => true : isMicrosoftServiceUrl,
    });
    const routing = new ReportChannelRouting(registry, organisation, messenger, config.allowedTenantIds[0]);
    const reporting = createReporting({
        tables,
        channels: routing,
        sender: routing,
        coordinators: organisation,
        logger,
        worker: options.outbox,
        rateLimit: { maxPerWindow: config.reportRateLimitPerHour, windowMs: 60 * 60 * 1000 },
        renderChannelCard: channelCardRenderer(organisation),
    });
    const cases = createCaseHandling({
        tables,
        reports: reporting.store,
        organisation,
        messenger,
        registry,
        channelTarget: (conversationId) => routing.targetOf(conversationId),
        allowedTenantIds: config.allowedTenantIds,
        retentionDays: config.retentionDays,
        retentionIntervalHours: config.retentionIntervalHours,
        logger,
        ...options.cases,
    });
    // Reports start only in the personal chat, which Teams keeps one per colleague: its conversation
    // state is the colleague's, and the last municipality rides along with the state read every turn
    // anyway instead of costing a user-state read and write of its own.
    const reportDialog = new ReportDialog(reporting.service, conversationState.createProperty('reporterPreferences'), logger);

    const knowledge = loadKnowledgeBase(config.knowledgeDir);
    const dialogs: Dialog[] = [new RouteWizardDialog(knowledge), reportDialog];
    const features: BotFeatures = {
        knowledge: new KnowledgeResponder(knowledge, logger),
        myReports: new MyReportsResponder(reporting.service, logger),
        overview: cases.overview,
        adaptiveCardActions: cases.handler.handle,
        // Overview buttons, else a report card clicked after its dialog ended (a second Versturen, an old card).
        cardActions: async (context, action, value) =>
            (await cases.overview.handleCardAction(context, action, value)) || reportDialog.handleOrphanAction(context),
    };
    const jobs: BackgroundJob[] = [
        dedupePurgeJob(dedupe, logger),
        { name: 'outbox', start: () => reporting.worker.start(), stop: () => reporting.worker.stop() },
        ...cases.jobs,
    ];

    const bot = new SignaalBot({ conversationState, dialogs, registry, organisation, logger, features });
    const server = createServer({ adapter, bot, logger, checkReady: () => tables.ping() });

    return {
        server,
        adapter,
        bot,
        registry,
        organisation,
        reporting,
        cases,
        async listen(): Promise<string> {
            await new Promise<void>((resolve) => server.listen(config.port, config.host, () => resolve()));
            for (const job of jobs) job.start();
            const address = server.address() as AddressInfo;
            return `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${address.port}`;
        },
        async close(): Promise<void> {
            await Promise.all(jobs.map((job) => job.stop()));
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}

function dedupePurgeJob(dedupe: ActivityDeduplicator, logger: Logger): BackgroundJob {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    return {
        name: 'dedupe-purge',
        start() {
            timer = setInterval(() => {
                running = dedupe
                    .purgeOlderThan(DEDUPE_KEEP_MS)
                    .then((removed) => logger.debug({ removed }, 'dedupe claims purged'))
                    .catch(() => logger.warn({ job: 'dedupe-purge', outcome: 'failed' }, 'purge failed; next hour tries again'));
            }, 60 * 60 * 1000);
            timer.unref();
        },
        async stop() {
            if (timer) clearInterval(timer);
            await running;
        },
    };
}
