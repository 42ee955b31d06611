import type { AddressInfo } from 'node:net';
import { ConversationState, type StatePropertyAccessor } from 'botbuilder';
import type { Dialog } from 'botbuilder-dialogs';
import type restify from 'restify';
import { createAdapter, type SignaalAdapter } from './http/adapter';
import { ChannelRegistry } from './channels/channelRegistry';
import type { Config } from './config';
import type { Logger } from './logger';
import { OrganisationDirectory } from './organisation/organisationDirectory';
import { createServer } from './http/server';
import { invokeShapeGuardMiddleware } from './guards/invokeShapeGuard';
import { ActivityDeduplicator } from './storage/activityDedupe';
import { TableBotStorage } from './storage/tableBotStorage';
import { BOT_TABLES } from './botTables';
import type { TableClientFactory } from './storage/tableClientFactory';
import { SignaalBot, type BotFeatures } from './teams/teamsBot';
import { loadKnowledgeBase } from './knowledge/knowledgeBase';
import { KnowledgeResponder } from '../dialogs/knowledgeResponder';
import { RouteWizardDialog } from '../dialogs/routeWizardDialog';
import { ReportDialog } from '../dialogs/reportDialog';
import { MyReportsResponder } from './teams/handlers/myReportsResponder';
import { ProactiveMessenger } from './channels/proactiveMessenger';
import { trustedServiceUrl } from './guards/teamsDoor';
import { ReportChannelRouting } from './channels/reportChannelRouting';
import { ChannelBinding } from './channels/channelBinding';
import { channelOf } from './teams/identity';
import type { ConversationTarget } from './channels/channelRegistry';
import { OutboxWorker, type OutboxWorkerOptions } from './reports/outboxWorker';
import type { ChannelDirectory, CoordinatorDirectory, DeliveryAlertees, FollowUpSender, ReportChannelSender, SubmissionRateLimit } from './reports/ports';
import { ReferenceAllocator } from './reports/referenceAllocator';
import type { Report } from './reports/reportModel';
import { StoredReportService, type ReportService } from './reports/reportService';
import { CaseService } from './cases/caseService';
import type { CoordinatorRoster } from './cases/ports';
import { RetentionPurger, retentionJob } from './cases/retention';
import { TableAuditLog } from './storage/tables/tableAuditLog';
import { TableCaseHistory } from './storage/tables/tableCaseHistory';
import { TableReferenceCounter } from './storage/tables/tableReferenceCounter';
import { TableReportStore } from './storage/tables/tableReportStore';
import { TableSubmissionLimiter } from './storage/tables/tableSubmissionLimiter';
import { renderReportChannelCard, type ChannelCardView } from '../cards/reportChannelCard';
import { CoordinatorTeamsIds } from './channels/coordinatorTeamsIds';
import { renderReporterQuestionCard } from '../cards/reporterQuestionCard';
import type { AdaptiveCardJson } from '../cards/renderCard';
import { CaseActionHandler } from './teams/handlers/caseActionHandler';
import { TeamsFollowUpSender } from './channels/teamsFollowUpSender';
import { TeamsPacer } from './channels/teamsPacer';
import { OverviewResponder, isLoopbackUrl } from './teams/handlers/overviewResponder';
import { UndeliveredResponder } from './teams/handlers/undeliveredResponder';
import { UndeliveredReports } from './reports/undeliveredReports';
import type { ReminderPolicy } from './reports/reminderPolicy';
import { WeeklyDigest } from './reports/weeklyDigest';
import { noTelemetry, type TelemetryPort } from './telemetry/telemetryPort';
import type { RecordMetric } from './domain/ports';
import { TableScheduledRuns } from './storage/tables/tableScheduledRuns';
import { ReportIndexMaintenance } from './storage/tables/reportIndexMaintenance';
import { renderDigestCard } from '../cards/digestCard';
import { randomUUID } from 'node:crypto';
import { QuestionOutbox } from './questions/questionOutbox';
import { openTurn } from './questions/questionModel';
import { QuestionRetention, QuestionService } from './questions/questionService';
import { TableQuestionStore } from './storage/tables/tableQuestionStore';
import { TeamsQuestionSender } from './channels/teamsQuestionSender';
import { QuestionHandler, type LastQuestion } from './teams/handlers/questionHandler';
import { AdditionService } from './cases/reportAdditions';
import { AdditionResponder } from './teams/handlers/additionResponder';
import { ReporterAnswerResponder } from './teams/handlers/reporterAnswerResponder';
import { ReporterAnswerService } from './cases/reporterQuestions';
import { CoordinatorToolsResponder } from './teams/handlers/coordinatorToolsResponder';
import { statisticsScopeOf } from './cases/statisticsScope';
import { TeamsLearningSender } from './channels/teamsLearningSender';
import type { KnowledgeContent } from './knowledge/knowledgeTypes';
import { loadLearningContent, type LearningContent } from './learning/learningContent';
import { learningFigures, recentMonths } from './learning/learningFigures';
import type { WeeklySchedule } from './learning/learningModel';
import { LearningRetention } from './learning/learningRetention';
import { LearningService } from './learning/learningService';
import { LearningOutbox } from './learning/learningOutbox';
import { WeeklyCases } from './learning/weeklyCases';
import { TableLearningStore } from './storage/tables/tableLearningStore';
import { LearningResponder } from './teams/handlers/learningResponder';

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
    readonly questions: QuestionHandling;
    /** Learning (issue 18): weekly cases (runDue every 5 minutes), their outbox, the quiz, retention (tests call them). */
    readonly learning: Learning;
    /** Conversation state on Tables; its purgeExpired() runs hourly (tests call it). */
    readonly botStorage: TableBotStorage;
    /** The Monday digest; its runDue() runs every 5 minutes (tests call it). */
    readonly digest: WeeklyDigest;
    listen(): Promise<string>;
    /** Resolves when the report-index job's run at start (migration of an old store, repair) is over. */
    indexesSettled(): Promise<void>;
    close(): Promise<void>;
}

const DEDUPE_KEEP_MS = 24 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The composition root, the only one of the service (CLIs have their own small ones in bot/cli/): builds
 * every part once, from the validated config and the storage it is given, and passes collaborators
 * through constructors. Nothing here runs at import time. Ports (bot/reports/ports.ts,
 * bot/cases/ports.ts) get their Tables implementations here and nowhere else.
 */
export interface AppOptions {
    /** Outbox worker tuning, for tests that need fast retries. */
    outbox?: OutboxWorkerOptions;
    /** Case handling tuning for tests (clock). */
    cases?: { clock?: () => Date };
    /** One clock for every part (reports, outbox, cases, state expiry), for tests that move time for the whole bot. */
    clock?: () => Date;
    /** Learning tuning for tests: `manualDelivery` leaves sending weekly cases to drainOnce() calls (no background passes). */
    learning?: { manualDelivery?: boolean };
    /** Metrics and exceptions (bot/telemetry/startTelemetry.ts); without it nothing is recorded. */
    telemetry?: TelemetryPort;
    /** Start-up breakdown (bot/startupPhases.ts): marks the slow parts of building, for `npm run bench:startup`. */
    phases?: { mark(phase: string): void };
}

export function buildApp(config: Config, tables: TableClientFactory, logger: Logger, options: AppOptions = {}): App {
    const stateClock = options.clock ?? options.cases?.clock;
    const telemetry = options.telemetry ?? noTelemetry;
    const storage = new TableBotStorage(tables, { maxAgeMs: config.conversationStateDays * DAY_MS, ...(stateClock && { clock: stateClock }) });
    const conversationState = new ConversationState(storage);
    const dedupe = new ActivityDeduplicator(tables);
    const registry = new ChannelRegistry(tables);
    const organisation = config.organisationFile ? OrganisationDirectory.fromFile(config.organisationFile) : OrganisationDirectory.empty();
    options.phases?.mark('organisationLoaded');
    // One check for both directions: what may come in is where the bot may send to.
    const isTrustedServiceUrl = trustedServiceUrl(config.mode);
    const adapter = createAdapter({
        auth: config.auth,
        allowedTenantIds: config.allowedTenantIds,
        isTrustedServiceUrl,
        dedupe,
        conversationState,
        logger,
        recordException: (error) => telemetry.recordException(error),
    });
    adapter.use(invokeShapeGuardMiddleware(logger));

    const messenger = new ProactiveMessenger(adapter, {
        botAppId: config.auth.kind === 'none' ? '' : config.auth.appId,
        // Locally the Playground or a test connector runs on loopback; in production only Teams' hosts.
        isTrustedServiceUrl,
        pacer: new TeamsPacer(),
    });
    const routing = new ReportChannelRouting(registry, organisation, messenger, config.allowedTenantIds[0]);
    const teamsIds = new CoordinatorTeamsIds(registry, organisation, logger.child({ component: 'teamsIds' }));
    const renderChannelCard = channelCardRenderer(organisation, teamsIds);
    const reporting = createReporting({
        tables,
        channels: routing,
        sender: routing,
        followUps: new TeamsFollowUpSender({
            messenger,
            registry,
            channelTarget: (conversationId) => routing.targetOf(conversationId),
            renderCard: (report) => renderChannelCard(report),
            renderReporterQuestion: (report, question, questionVersion) => renderReporterQuestionCard(report, question, questionVersion),
            coordinatorsOf: (municipality) => organisation.coordinatorsOf(municipality),
            mentionIdOf: (aadObjectId) => teamsIds.teamsIdOf(aadObjectId) ?? aadObjectId,
            logger: logger.child({ component: 'followUps' }),
        }),
        alertees: organisation,
        reminders: { acuteAfterMs: config.reminderAcuteMinutes * 60_000, workingDays: config.reminderWorkingDays, maxReminders: 3 },
        coordinators: organisation,
        logger,
        worker: options.outbox,
        ...(options.clock && { clock: options.clock }),
        rateLimit: { maxPerWindow: config.reportRateLimitPerHour, windowMs: 60 * 60 * 1000 },
        renderChannelCard,
        recordMetric: telemetry.recordMetric,
    });
    const cases = createCaseHandling({
        tables,
        reports: reporting.store,
        followUps: reporting.worker,
        organisation,
        allowedTenantIds: config.allowedTenantIds,
        retentionDays: config.retentionDays,
        retentionIntervalHours: config.retentionIntervalHours,
        hasPersonalChat: async (aadObjectId) => (await registry.personalChat(aadObjectId)) !== undefined,
        teamsIds,
        logger,
        // Locally the Playground or a test hosts the upload on loopback; in production only Microsoft's hosts.
        // Locally the upload goes to the fake connector or the Playground on this machine, nowhere else.
        ...(config.mode === 'local' && { trustedUploadUrl: isLoopbackUrl }),
        ...options.cases,
        ...(options.clock && { clock: options.clock }),
        recordMetric: telemetry.recordMetric,
    });
    // Reports start only in the personal chat, which Teams keeps one per colleague: its conversation
    // state is the colleague's, and the last municipality rides along with the state read every turn
    // anyway instead of costing a user-state read and write of its own.
    const undelivered = new UndeliveredReports({ store: reporting.store, delivery: reporting.worker, logger: logger.child({ component: 'undelivered' }) });
    const questions = createQuestionHandling({
        tables,
        routing,
        messenger,
        registry,
        organisation,
        lastQuestion: conversationState.createProperty<LastQuestion | undefined>('lastQuestion'),
        allowedTenantIds: config.allowedTenantIds,
        retentionDays: config.retentionDays,
        retentionIntervalHours: config.retentionIntervalHours,
        logger,
        ...(options.clock && { clock: options.clock }),
        ...(options.outbox && { outbox: options.outbox }),
    });
    options.phases?.mark('storesBuilt');
    const knowledge = loadKnowledgeBase(config.knowledgeDir);
    const knowledgeResponder = new KnowledgeResponder(knowledge, logger, organisation);
    options.phases?.mark('knowledgeLoaded');
    const learning = createLearning({
        tables,
        knowledge: knowledge.content,
        knowledgeDir: config.knowledgeDir,
        messenger,
        registry,
        organisation,
        schedule: config.learningWeekly,
        retentionDays: config.learningRetentionDays,
        retentionIntervalHours: config.retentionIntervalHours,
        logger,
        ...(options.clock && { clock: options.clock }),
        ...(options.outbox && { outbox: options.outbox }),
        ...(options.learning?.manualDelivery && { manualDelivery: true }),
    });
    options.phases?.mark('learningLoaded');
    const reportDialog = new ReportDialog(reporting.service, conversationState.createProperty('reporterPreferences'), logger, {
        dangerCardFor: (text) => knowledgeResponder.dangerCardFor(text),
    });
    const dialogs: Dialog[] = [new RouteWizardDialog(knowledge), reportDialog];
    const features: BotFeatures = {
        knowledge: knowledgeResponder,
        myReports: new MyReportsResponder(reporting.service, logger),
        // The Ambitie 3 figures are their own card, just above the overview card (same scope rules,
        // bot/learning/learningFigures.ts), so the overview stays the last card of the answer and its code untouched.
        overview: {
            show: async (context) => {
                await learning.responder.showFigures(context);
                await cases.overview.show(context);
            },
            handleCardAction: (context, action, value) => cases.overview.handleCardAction(context, action, value),
        },
        caseActions: cases.handler.handle,
        // A report card clicked after its dialog ended (a second Versturen, an old card).
        reportOrphans: (context) => reportDialog.handleOrphanAction(context),
        channelBinding: new ChannelBinding(registry, organisation, logger, (target) => undelivered.requeueFor(target)),
        undelivered: new UndeliveredResponder(undelivered, (id) => organisation.isAdmin(id), logger),
        questions: questions.handler,
        questionActions: questions.handler.execute,
        learning: learning.responder,
        learningActions: (context, value) => learning.responder.execute(context, value),
        fileConsent: (context, answer) => cases.overview.fileConsent(context, answer),
        additions: new AdditionResponder(cases.additions, reporting.worker, logger.child({ component: 'additions' })),
        reporterAnswers: new ReporterAnswerResponder(cases.reporterAnswers, reporting.worker, logger.child({ component: 'reporterAnswers' })),
        coordinatorTools: new CoordinatorToolsResponder({
            reports: reporting.store,
            roster: organisation,
            additions: cases.additions,
            channel: (channelId) => registry.channel(channelId),
            renderChannelCard: (report) => renderChannelCard(report),
            logger: logger.child({ component: 'coordinatorTools' }),
        }),
    };
    const digest = new WeeklyDigest({
        runs: new TableScheduledRuns(tables, options.clock),
        reports: reporting.store,
        channels: routing,
        sender: routing,
        renderDigest: (text) => renderDigestCard(text),
        waitingQuestions: async (municipality) =>
            (await questions.store.list()).filter((s) => s.question.municipality === municipality && !s.question.purgedAt && openTurn(s.question) !== undefined).length,
        instanceId: randomUUID(),
        logger: logger.child({ component: 'digest' }),
        ...(options.clock && { clock: options.clock }),
    });
    const indexJob = new ReportIndexMaintenance(reporting.store, new TableScheduledRuns(tables, options.clock), randomUUID(), logger.child({ component: 'reportIndexes' }), options.clock).job();
    const jobs: BackgroundJob[] = [
        intervalJob('weekly-digest', logger, 5 * 60 * 1000, async () => ({ posted: await digest.runDue() })),
        // Another instance may have learned a coordinator's Teams id; cards refresh for them after this.
        intervalJob('teams-ids', logger, 5 * 60 * 1000, async () => ({ known: await teamsIds.load() })),
        hourlyJob('dedupe-purge', logger, async () => ({ removed: await dedupe.purgeOlderThan(DEDUPE_KEEP_MS) })),
        hourlyJob('state-expiry', logger, async () => ({ removed: await storage.purgeExpired(), rateSlots: (await reporting.limiter?.purgeExpired()) ?? 0 })),
        { name: 'outbox', start: () => reporting.worker.start(), stop: () => reporting.worker.stop() },
        indexJob,
        ...cases.jobs,
        ...questions.jobs,
        ...learning.jobs,
    ];

    const bot = new SignaalBot({ conversationState, dialogs, registry, logger, features, teamsIds });
    const server = createServer({ adapter, bot, logger, checkReady: () => tables.ping() });

    return {
        server,
        adapter,
        bot,
        registry,
        organisation,
        reporting,
        cases,
        questions,
        learning,
        botStorage: storage,
        digest,
        indexesSettled: () => indexJob.firstRun(),
        async listen(): Promise<string> {
            // Ready means a turn can store its state: the tables exist before the server answers /readyz.
            // Storage that is down at start does not stop the start (/readyz says so; tables come on first use).
            const tablesOpened = tables.prepare(BOT_TABLES).catch((err: unknown) => {
                logger.warn({ event: 'tables.prepareFailed', code: (err as { code?: unknown }).code }, 'could not open the tables at start; they open on first use');
            });
            await Promise.all([teamsIds.load(), tablesOpened]);
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

/** A small job that runs every hour and logs its counts; a failure waits for the next hour. */
function hourlyJob(name: string, logger: Logger, run: () => Promise<Record<string, number>>): BackgroundJob {
    return intervalJob(name, logger, 60 * 60 * 1000, run);
}

/** A small job on an interval that logs its counts; a failure waits for the next turn. */
function intervalJob(name: string, logger: Logger, intervalMs: number, run: () => Promise<Record<string, number>>): BackgroundJob {
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    const tick = () => {
        running = running
            .then(run)
            .then((counts) => logger.info({ job: name, ...counts }, 'job finished'))
            .catch((err: unknown) => logger.warn({ job: name, outcome: 'failed', code: (err as { code?: unknown }).code }, 'job failed; next hour tries again'));
    };
    return {
        name,
        start() {
            timer = setInterval(tick, intervalMs);
            timer.unref();
        },
        async stop() {
            if (timer) clearInterval(timer);
            await running;
        },
    };
}

export interface ReportingDeps {
    tables: TableClientFactory;
    channels: ChannelDirectory;
    sender: ReportChannelSender;
    /** Card updates, thread lines and 1:1 messages from the outbox (without: those rows wait). */
    followUps?: FollowUpSender;
    alertees?: DeliveryAlertees;
    reminders?: ReminderPolicy;
    coordinators: CoordinatorDirectory;
    logger: Logger;
    clock?: () => Date;
    worker?: OutboxWorkerOptions;
    /** Reports per colleague per window; without it there is no limit. */
    rateLimit?: SubmissionRateLimit;
    /** The channel card (default: without coordinator choices); the bot passes one with them. */
    renderChannelCard?: (report: Report) => AdaptiveCardJson;
    recordMetric?: RecordMetric;
}

export interface Reporting {
    service: ReportService;
    worker: OutboxWorker;
    store: TableReportStore;
    /** Absent when the limit is off. */
    limiter?: TableSubmissionLimiter;
}

/** The reports module on Azure Tables: service, outbox worker and the store they share. */
export function createReporting(deps: ReportingDeps): Reporting {
    const store = new TableReportStore(deps.tables, deps.logger.child({ component: 'reportStore' }));
    const clock = deps.clock ?? (() => new Date());
    const worker = new OutboxWorker(
        {
            store,
            sender: deps.sender,
            renderCard: deps.renderChannelCard ?? ((report) => renderReportChannelCard(report)),
            ...(deps.followUps && { followUps: deps.followUps }),
            ...(deps.alertees && { alertees: deps.alertees }),
            ...(deps.reminders && { reminders: deps.reminders }),
            logger: deps.logger.child({ component: 'outboxWorker' }),
            ...(deps.recordMetric && { recordMetric: deps.recordMetric }),
        },
        { clock, ...deps.worker },
    );
    const limiter = deps.rateLimit && deps.rateLimit.maxPerWindow > 0 ? new TableSubmissionLimiter(deps.tables, deps.rateLimit, clock) : undefined;
    const service = new StoredReportService({
        store,
        references: new ReferenceAllocator(new TableReferenceCounter(deps.tables), { clock }),
        channels: deps.channels,
        coordinators: deps.coordinators,
        logger: deps.logger.child({ component: 'reportService' }),
        clock,
        delivery: worker,
        ...(limiter && { limiter }),
        ...(deps.recordMetric && { recordMetric: deps.recordMetric }),
    });
    return { service, worker, store, ...(limiter && { limiter }) };
}

export interface CaseHandlingDeps {
    tables: TableClientFactory;
    reports: TableReportStore;
    /** The outbox worker: sends the follow-ups a change queued, now. */
    followUps: { deliverQueued(reportId: string): void };
    organisation: CoordinatorRoster;
    allowedTenantIds: readonly string[];
    retentionDays: number;
    retentionIntervalHours: number;
    logger: Logger;
    clock?: () => Date;
    /** Where the CSV file may be uploaded (default: Microsoft's file hosts only). */
    trustedUploadUrl?: (url: string) => boolean;
    /** Whether the bot knows a colleague's 1:1 chat (a question to the reporter needs one). */
    hasPersonalChat?: (aadObjectId: string) => Promise<boolean>;
    recordMetric?: RecordMetric;
    /** The coordinators' Teams ids, for the refresh on the cards the case actions answer with. */
    teamsIds?: Pick<CoordinatorTeamsIds, 'of'>;
}

export interface CaseHandling {
    service: CaseService;
    handler: CaseActionHandler;
    overview: OverviewResponder;
    purger: RetentionPurger;
    audit: TableAuditLog;
    /** Aanvullen: additions by reporters, in the case history. */
    additions: AdditionService;
    /** Reporters' answers to coordinators' questions, in the case history. */
    reporterAnswers: ReporterAnswerService;
    /** Retention on a schedule. */
    jobs: BackgroundJob[];
}

/**
 * The channel card with the coordinators of the report's municipality as "Toewijzen aan" choices and, when
 * known, their Teams ids for the refresh. Without a view: the shared read-only card everyone sees.
 */
export function channelCardRenderer(
    organisation: CoordinatorRoster,
    teamsIds?: Pick<CoordinatorTeamsIds, 'of'>,
): (report: Report, options?: { notice?: string; view?: ChannelCardView }) => AdaptiveCardJson {
    return (report, options = {}) =>
        renderReportChannelCard(report, {
            coordinators: organisation.coordinatorsOf(report.municipality),
            coordinatorTeamsIds: teamsIds?.of(report.municipality) ?? [],
            ...(options.notice && { notice: options.notice }),
            ...(options.view && { view: options.view }),
        });
}

/** Case handling on Azure Tables: the service, the Teams side of it, and retention. */
export function createCaseHandling(deps: CaseHandlingDeps): CaseHandling {
    const logger = deps.logger.child({ component: 'cases' });
    const clock = deps.clock ?? (() => new Date());
    const store = new TableCaseHistory(deps.reports, deps.tables);
    const audit = new TableAuditLog(deps.tables, clock);
    const renderCard = channelCardRenderer(deps.organisation, deps.teamsIds);
    const service = new CaseService({
        store,
        reports: deps.reports,
        roster: deps.organisation,
        audit,
        allowedTenantIds: deps.allowedTenantIds,
        logger,
        clock,
        sameChannel: (stored, acting) => channelOf(stored) === channelOf(acting),
        ...(deps.hasPersonalChat && { hasPersonalChat: deps.hasPersonalChat }),
        ...(deps.recordMetric && { recordMetric: deps.recordMetric }),
    });
    const handler = new CaseActionHandler({ service, followUps: deps.followUps, renderCard, logger });
    const overview = new OverviewResponder(service, logger, clock, deps.trustedUploadUrl);
    const purger = new RetentionPurger({
        reports: deps.reports,
        cases: store,
        audit,
        retentionDays: deps.retentionDays,
        logger,
        clock,
        // The channel card still shows the text: the purge queued its purged form; send it now.
        onPurged: (report) => deps.followUps.deliverQueued(report.reportId),
    });
    const jobs: BackgroundJob[] = [retentionJob(purger, logger, deps.retentionIntervalHours * 3600 * 1000)];
    const additions = new AdditionService({ store, index: deps.reports, logger, clock });
    const reporterAnswers = new ReporterAnswerService({ store, logger, clock });
    return { service, handler, overview, purger, audit, additions, reporterAnswers, jobs };
}

export interface QuestionHandlingDeps {
    tables: TableClientFactory;
    routing: ReportChannelRouting;
    messenger: ProactiveMessenger;
    registry: ChannelRegistry;
    organisation: OrganisationDirectory;
    lastQuestion: StatePropertyAccessor<LastQuestion | undefined>;
    allowedTenantIds: readonly string[];
    retentionDays: number;
    retentionIntervalHours: number;
    logger: Logger;
    clock?: () => Date;
    /** The report outbox's tuning (tests make it fast); the question outbox follows it. */
    outbox?: OutboxWorkerOptions;
}

export interface QuestionHandling {
    service: QuestionService;
    store: TableQuestionStore;
    delivery: QuestionOutbox;
    handler: QuestionHandler;
    retention: QuestionRetention;
    jobs: BackgroundJob[];
}

/** Questions to the aandachtfunctionaris (issue 15) on Azure Tables, with their own outbox and retention. */
export function createQuestionHandling(deps: QuestionHandlingDeps): QuestionHandling {
    const logger = deps.logger.child({ component: 'questions' });
    const clock = deps.clock ?? (() => new Date());
    const store = new TableQuestionStore(deps.tables, logger);
    const delivery = new QuestionOutbox(
        {
            store,
            sender: new TeamsQuestionSender({ routing: deps.routing, messenger: deps.messenger, registry: deps.registry, logger, contactFor: (m) => deps.organisation.contactFor(m) }),
            logger: logger.child({ component: 'questionOutbox' }),
            admins: () => deps.organisation.adminIds(),
        },
        {
            clock,
            ...(deps.outbox?.baseDelayMs !== undefined && { baseDelayMs: deps.outbox.baseDelayMs }),
            ...(deps.outbox?.maxDelayMs !== undefined && { maxDelayMs: deps.outbox.maxDelayMs }),
            ...(deps.outbox?.pollIntervalMs !== undefined && { pollIntervalMs: deps.outbox.pollIntervalMs }),
        },
    );
    const allowed = deps.allowedTenantIds.map((t) => t.toLowerCase());
    const service = new QuestionService({
        store,
        roster: deps.organisation,
        channels: deps.routing,
        allowedTenantIds: allowed,
        sameChannel: (stored, acting) => channelOf(stored) === channelOf(acting),
        logger,
        clock,
    });
    const handler = new QuestionHandler({ service, outbox: delivery, roster: deps.organisation, lastQuestion: deps.lastQuestion, logger });
    const retention = new QuestionRetention({ store, retentionDays: deps.retentionDays, clock, logger });
    const intervalMs = deps.retentionIntervalHours * 3600 * 1000;
    let timer: NodeJS.Timeout | undefined;
    let running: Promise<unknown> = Promise.resolve();
    const retentionRun: BackgroundJob = {
        name: 'question-retention',
        start() {
            timer = setInterval(() => {
                running = running
                    .then(() => retention.run())
                    .then((r) => (r.purged.length > 0 ? delivery.drainOnce() : undefined))
                    .catch((err: unknown) => logger.warn({ job: 'question-retention', outcome: 'failed', code: (err as { code?: unknown }).code }, 'question retention failed; next run tries again'));
            }, intervalMs);
            timer.unref();
        },
        async stop() {
            if (timer) clearInterval(timer);
            await running;
        },
    };
    const jobs: BackgroundJob[] = [{ name: 'question-outbox', start: () => delivery.start(), stop: () => delivery.stop() }, retentionRun];
    return { service, store, delivery, handler, retention, jobs };
}

export interface LearningDeps {
    tables: TableClientFactory;
    knowledge: KnowledgeContent;
    knowledgeDir: string;
    messenger: ProactiveMessenger;
    registry: ChannelRegistry;
    organisation: OrganisationDirectory;
    schedule: WeeklySchedule;
    retentionDays: number;
    retentionIntervalHours: number;
    logger: Logger;
    clock?: () => Date;
    outbox?: OutboxWorkerOptions;
    /** Tests: no background sending; they call outbox.drainOnce(). */
    manualDelivery?: boolean;
}

export interface Learning {
    content: LearningContent;
    store: TableLearningStore;
    service: LearningService;
    weekly: WeeklyCases;
    outbox: LearningOutbox;
    retention: LearningRetention;
    responder: LearningResponder;
    jobs: BackgroundJob[];
}

/** Learning (issue 18) on Azure Tables and Teams: content checked at start, service, weekly schedule, its outbox, retention, the responder. */
export function createLearning(deps: LearningDeps): Learning {
    const logger = deps.logger.child({ component: 'learning' });
    const clock = deps.clock ?? (() => new Date());
    // Checked at start with the knowledge content it points into: a broken file stops the bot with the list of problems.
    const content = loadLearningContent(deps.knowledgeDir, deps.knowledge);
    const store = new TableLearningStore(deps.tables);
    const service = new LearningService({ store, content, logger, clock });
    const outbox = new LearningOutbox(
        { store, sender: new TeamsLearningSender({ registry: deps.registry, messenger: deps.messenger }), content, logger: logger.child({ component: 'learningOutbox' }) },
        {
            clock,
            ...(deps.outbox?.baseDelayMs !== undefined && { baseDelayMs: deps.outbox.baseDelayMs }),
            ...(deps.outbox?.maxDelayMs !== undefined && { maxDelayMs: deps.outbox.maxDelayMs }),
            ...(deps.outbox?.pollIntervalMs !== undefined && { pollIntervalMs: deps.outbox.pollIntervalMs }),
        },
    );
    const weekly = new WeeklyCases({
        runs: new TableScheduledRuns(deps.tables, clock),
        store,
        content,
        schedule: deps.schedule,
        instanceId: randomUUID(),
        logger,
        clock,
        ...(!deps.manualDelivery && { onQueued: () => outbox.kick() }),
    });
    const retention = new LearningRetention({ store, retentionDays: deps.retentionDays, logger, clock });
    const entryTitles = new Map(deps.knowledge.entries.map((e) => [e.id, e.title]));
    const responder = new LearningResponder({
        service,
        // The same people who act on report cards (coordinators), and the regional coordinator; IT admins are not content owners.
        mayCampaign: (id) => deps.organisation.municipalitiesOf(id).length > 0 || deps.organisation.isRegional(id),
        entryTitle: (id) => entryTitles.get(id),
        // The overview's own scope (bot/cases/statisticsScope.ts); nothing for anyone else.
        figuresFor: async (aadObjectId) => {
            const scope = statisticsScopeOf(deps.organisation, aadObjectId);
            if (!scope) return undefined;
            const months = recentMonths(clock());
            return learningFigures(scope, months, await store.counts(months));
        },
        logger,
        clock,
    });
    const jobs: BackgroundJob[] = [
        intervalJob('learning-weekly', logger, 5 * 60 * 1000, async () => ({ queued: await weekly.runDue() })),
        intervalJob('learning-retention', logger, deps.retentionIntervalHours * 3600 * 1000, async () => ({ ...(await retention.run()) })),
        ...(deps.manualDelivery ? [] : [{ name: 'learning-outbox', start: () => outbox.start(), stop: () => outbox.stop() }]),
    ];
    return { content, store, service, weekly, outbox, retention, responder, jobs };
}
