/**
 * What follows a case change in Teams: the shared channel card is updated in place for everyone (PUT),
 * a short line goes into the report's thread, and the reporter hears the new status in their 1:1 chat
 * (never notes, partner or reason). These run after the invoke has been answered, so the coordinator's
 * click stays fast; a failure is logged (ids only) and never undoes the stored change.
 *
 * Card updates are coalesced per report and always render the latest stored state, so two quick changes
 * can never leave the older card on screen (PUTs arrive in order, the last one is current).
 */
import { channelOf } from '../teams/identity';
import type { Activity } from 'botbuilder';
import type { AdaptiveCardJson } from '../../cards/renderCard';
import { ADAPTIVE_CARD_CONTENT_TYPE } from '../../cards/renderCard';
import type { ChannelRegistry, ConversationTarget } from './channelRegistry';
import type { ProactiveMessenger } from './proactiveMessenger';
import type { Logger } from '../logger';
import { isRetryable } from '../domain/retryPolicy';
import { isDeliveryError } from '../reports/ports';
import { REPORT_STATUS_LABELS, type Report, type ReportStatus } from '../reports/reportModel';
import type { ReportOutbox } from '../reports/ports';
import type { HistoryEntry } from '../cases/caseModel';

export interface CaseNotificationDeps {
    messenger: ProactiveMessenger;
    registry: ChannelRegistry;
    /** The stored reference of a channel (or one built from the tenant's serviceUrl). */
    channelTarget: (conversationId: string) => Promise<ConversationTarget | undefined>;
    reports: Pick<ReportOutbox, 'get'>;
    renderCard: (report: Report) => AdaptiveCardJson;
    logger: Logger;
    /** Pause between retries of a failed send (tests make it short). */
    retryDelayMs?: number;
}

const ATTEMPTS = 3;
const TARGET_CACHE_MS = 60_000;

const REPORTER_LINES: Record<ReportStatus, (report: Report) => string> = {
    nieuw: (r) => `Je melding ${r.reference} staat weer op "Nieuw".`,
    in_behandeling: (r) => `Je melding ${r.reference} is in behandeling bij de aandachtfunctionaris mensenhandel van ${r.municipality}.`,
    doorgezet: (r) =>
        `Je melding ${r.reference} is doorgezet naar een ketenpartner. Met wie de aandachtfunctionaris samenwerkt, blijft vertrouwelijk; je hoeft zelf niets te doen.`,
    afgesloten: (r) => `De behandeling van je melding ${r.reference} is afgerond. Dank je wel dat je het meldde: zo wordt mensenhandel zichtbaar.`,
};


export class CaseNotifications {
    private readonly refreshes = new Map<string, { promise: Promise<void>; again: boolean }>();
    /** The newest state this instance knows per report while its card update runs (saves a read per PUT). */
    private readonly latest = new Map<string, Report>();
    /** Channel references change rarely (serviceUrl moves); a short cache saves a read per send. */
    private readonly targets = new Map<string, { target: ConversationTarget; until: number }>();
    private readonly inFlight = new Set<Promise<unknown>>();
    /** The card the invoke answer already rendered for a state, reused for the PUT of that same state. */
    private readonly rendered = new Map<string, { version: number; purgedAt: string | undefined; card: AdaptiveCardJson }>();

    constructor(private readonly deps: CaseNotificationDeps) {}

    /** Starts the follow-ups of an applied change without waiting for them; `card` is its rendering, if made already. */
    afterChange(report: Report, entry: HistoryEntry, statusChanged: boolean, card?: AdaptiveCardJson): void {
        if (card) this.rendered.set(report.reportId, { version: report.handling?.version ?? 0, purgedAt: report.purgedAt, card });
        this.track(this.refreshCard(report.reportId, report));
        this.track(this.threadLine(report, entry));
        if (statusChanged) this.track(this.notifyReporter(report));
    }

    /** Resolves when every follow-up started so far has finished (for shutdown and tests). */
    async idle(): Promise<void> {
        while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    }

    /** Puts the latest state of the report on its channel card, for everyone (`known`: a state just stored). */
    refreshCard(reportId: string, known?: Report): Promise<void> {
        if (known) {
            const seen = this.latest.get(reportId);
            // >=: a purge keeps the version but is newer than what was known.
            if (!seen || (known.handling?.version ?? 0) >= (seen.handling?.version ?? 0)) this.latest.set(reportId, known);
        }
        const running = this.refreshes.get(reportId);
        if (running) {
            running.again = true;
            return running.promise;
        }
        const entry = { again: false, promise: Promise.resolve() };
        entry.promise = (async () => {
            try {
                do {
                    entry.again = false;
                    await this.putLatest(reportId);
                } while (entry.again);
            } finally {
                this.refreshes.delete(reportId);
                this.latest.delete(reportId);
                this.rendered.delete(reportId);
            }
        })();
        this.refreshes.set(reportId, entry);
        return entry.promise;
    }

    private track(work: Promise<unknown>): void {
        const tracked = work.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
        this.inFlight.add(tracked);
    }

    private async putLatest(reportId: string): Promise<void> {
        const report = this.latest.get(reportId) ?? (await this.deps.reports.get(reportId))?.report;
        const delivery = report?.delivery;
        if (!report || !delivery?.conversationId || !delivery.activityId) return;
        const target = await this.channelTarget(channelOf(delivery.conversationId));
        if (!target) {
            this.deps.logger.warn({ reportId, event: 'case.cardUpdateNoTarget' }, 'no channel reference to update the card');
            return;
        }
        const done = this.rendered.get(reportId);
        const card =
            done && done.version === (report.handling?.version ?? 0) && done.purgedAt === report.purgedAt ? done.card : this.deps.renderCard(report);
        const activity: Partial<Activity> = { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] };
        const conversationId = delivery.conversationId;
        const activityId = delivery.activityId;
        await this.withRetry(reportId, 'case.cardUpdate', () => this.deps.messenger.updateActivity(target, conversationId, activityId, activity));
    }

    private async threadLine(report: Report, entry: HistoryEntry): Promise<void> {
        const delivery = report.delivery;
        if (!delivery.conversationId || !delivery.activityId) return;
        const channel = channelOf(delivery.conversationId);
        const target = await this.channelTarget(channel);
        if (!target) return;
        const summary = report.handling?.lastChangeSummary ?? 'Gewijzigd';
        const status = entry.fromStatus === entry.toStatus ? '' : ` Status: ${REPORT_STATUS_LABELS[entry.toStatus]}.`;
        await this.withRetry(report.reportId, 'case.threadLine', () =>
            this.deps.messenger.replyInThread(target, `${channel};messageid=${delivery.activityId}`, { type: 'message', text: `${summary}.${status}` }),
        );
    }

    private async notifyReporter(report: Report): Promise<void> {
        const reporterId = report.reporter.aadObjectId.toLowerCase();
        if (!reporterId) return;
        const chat = await this.deps.registry.personalChat(reporterId);
        if (!chat) {
            this.deps.logger.info({ reportId: report.reportId, event: 'case.reporterNoChat' }, 'reporter has no known 1:1 chat; not notified');
            return;
        }
        const text = REPORTER_LINES[report.status](report);
        await this.withRetry(report.reportId, 'case.reporterNotified', () => this.deps.messenger.sendToConversation(chat, { type: 'message', text }));
    }

    private async channelTarget(conversationId: string): Promise<ConversationTarget | undefined> {
        const cached = this.targets.get(conversationId);
        if (cached && cached.until > Date.now()) return cached.target;
        const target = await this.deps.channelTarget(conversationId);
        if (target) this.targets.set(conversationId, { target, until: Date.now() + TARGET_CACHE_MS });
        return target;
    }

    private async withRetry(reportId: string, event: string, send: () => Promise<unknown>): Promise<void> {
        const pause = this.deps.retryDelayMs ?? 500;
        for (let attempt = 1; ; attempt++) {
            try {
                await send();
                this.deps.logger.debug({ reportId, event, attempt }, 'sent');
                return;
            } catch (err) {
                const status = isDeliveryError(err) ? err.status : undefined;
                const retry = attempt < ATTEMPTS && isRetryable(status);
                this.deps.logger.warn({ reportId, event, attempt, status: status ?? 'network', outcome: retry ? 'retry' : 'failed' }, 'case follow-up failed');
                if (!retry) throw err;
                const retryAfter = isDeliveryError(err) && err.retryAfterMs !== undefined ? Math.min(err.retryAfterMs, 10_000) : 0;
                await new Promise((r) => setTimeout(r, Math.max(retryAfter, pause * attempt)));
            }
        }
    }
}
