/**
 * Coordinator tools in the personal chat (issue 15, part 5): "open meldingen" lists the open reports of the
 * coordinator's own municipalities with the way to each channel card, and a typed reference shows that
 * report's card to a coordinator of its municipality (read-only here) or its status to its reporter.
 * Rights come from the organisation file and the report itself on every request; anything else gets one
 * neutral answer that says nothing about whether the reference exists.
 */
import type { TurnContext } from 'botbuilder';
import { renderMyReportsCard } from '../../../cards/myReportsCard';
import { readOnlyChannelCard, renderOpenReportsCard, type ChannelPlace } from '../../../cards/openReportsCard';
import type { AdaptiveCardJson } from '../../../cards/renderCard';
import { sendCard } from '../../../dialogs/cardMessage';
import { OPEN_REPORTS_SHOWN, coordinatorReportByReference, openReportsView } from '../../cases/openReports';
import type { CoordinatorRoster } from '../../cases/ports';
import type { AdditionService } from '../../cases/reportAdditions';
import type { ConversationTarget } from '../../channels/channelRegistry';
import { channelMessageLink } from '../../channels/teamsDeepLinks';
import type { Logger } from '../../logger';
import type { ReportArchive } from '../../reports/ports';
import type { Report } from '../../reports/reportModel';
import { channelOf, reporterFrom } from '../identity';

export const COORDINATOR_TEXTS = {
    onlyInPersonalChat: 'Meldingen laat ik alleen zien in je 1-op-1-chat met mij, zodat niemand anders meekijkt. Open die chat en typ het daar.',
    notCoordinator: 'De lijst met open meldingen is alleen voor de aandachtfunctionarissen mensenhandel. Je eigen meldingen zie je met "mijn meldingen".',
    /** Unknown, purged, or not yours to see: one answer for all. */
    unknownReference: 'Ik vind geen melding met dit kenmerk die jij mag bekijken. Je eigen meldingen zie je met "mijn meldingen".',
    unavailable: 'Ik kan de meldingen nu niet ophalen door een storing. Probeer het over een paar minuten opnieuw.',
} as const;

export interface CoordinatorToolsDeps {
    reports: Pick<ReportArchive, 'listOpenReports' | 'findByReference'>;
    roster: CoordinatorRoster;
    additions: Pick<AdditionService, 'ownReportByReference'>;
    /** The stored reference of a channel (name, team group id), if the bot has heard from it. */
    channel: (channelId: string) => Promise<ConversationTarget | undefined>;
    renderChannelCard: (report: Report) => AdaptiveCardJson;
    logger: Logger;
}

const personal = (context: TurnContext) => context.activity.conversation?.conversationType === 'personal';

export class CoordinatorToolsResponder {
    constructor(private readonly deps: CoordinatorToolsDeps) {}

    async openReports(context: TurnContext): Promise<void> {
        if (!(await this.inPersonalChat(context))) return;
        await this.guarded(context, async () => {
            const aadObjectId = context.activity.from?.aadObjectId;
            if (this.deps.roster.municipalitiesOf(aadObjectId).length === 0) {
                this.deps.logger.info({ activityId: context.activity.id, event: 'openReports.refused' }, 'open reports refused: not a coordinator');
                await context.sendActivity(COORDINATOR_TEXTS.notCoordinator);
                return;
            }
            // The open index: the oldest open reports and their number, not every report ever stored.
            const found = await this.deps.reports.listOpenReports(this.deps.roster.municipalitiesOf(aadObjectId), OPEN_REPORTS_SHOWN);
            const view = openReportsView(this.deps.roster, aadObjectId, found);
            if (!view) return;
            const places = await this.places(view.reports);
            await sendCard(context, renderOpenReportsCard(view, (r) => places.get(r.reportId) ?? {}));
            this.deps.logger.info({ event: 'openReports.shown', count: view.reports.length, more: view.more }, 'open reports listed');
        });
    }

    async showReference(context: TurnContext, reference: string): Promise<void> {
        if (!(await this.inPersonalChat(context))) return;
        await this.guarded(context, async () => {
            const reporter = reporterFrom(context);
            const aadObjectId = context.activity.from?.aadObjectId;
            if (this.deps.roster.municipalitiesOf(aadObjectId).length > 0) {
                const byReference = await this.deps.reports.findByReference(reference);
                const report = byReference && coordinatorReportByReference(this.deps.roster, aadObjectId, [byReference], reference);
                if (report) {
                    const place = (await this.places([report])).get(report.reportId) ?? {};
                    await sendCard(context, readOnlyChannelCard(this.deps.renderChannelCard(report), place, report.reference));
                    this.deps.logger.info({ reportId: report.reportId, event: 'reference.cardShown' }, 'report card shown to a coordinator');
                    return;
                }
            }
            const own = reporter ? await this.deps.additions.ownReportByReference(reporter, reference) : undefined;
            if (own) {
                await sendCard(
                    context,
                    renderMyReportsCard([
                        { reportId: own.reportId, reference: own.reference, submittedAt: own.submittedAt, municipality: own.municipality, status: own.status, deliveryState: own.delivery.state, ...(own.delivery.alertedAt && { alertedAt: own.delivery.alertedAt }) },
                    ]),
                );
                return;
            }
            this.deps.logger.info({ activityId: context.activity.id, event: 'reference.refused' }, 'reference not shown');
            await context.sendActivity(COORDINATOR_TEXTS.unknownReference);
        });
    }

    /** Where each report's channel card is, one registry read per channel. */
    private async places(reports: readonly Report[]): Promise<Map<string, ChannelPlace>> {
        const channels = new Map<string, Promise<ConversationTarget | undefined>>();
        const out = new Map<string, ChannelPlace>();
        for (const r of reports) {
            const { conversationId, activityId } = r.delivery;
            if (!conversationId || !activityId) continue;
            const id = channelOf(conversationId);
            if (!channels.has(id)) channels.set(id, this.deps.channel(id).catch(() => undefined));
            const target = await channels.get(id);
            const link = target ? channelMessageLink(target, activityId) : undefined;
            out.set(r.reportId, { ...(link && { link }), ...(target?.channelName && { channelName: target.channelName }) });
        }
        return out;
    }

    private async inPersonalChat(context: TurnContext): Promise<boolean> {
        if (personal(context)) return true;
        await context.sendActivity(COORDINATOR_TEXTS.onlyInPersonalChat);
        return false;
    }

    private async guarded(context: TurnContext, work: () => Promise<void>): Promise<void> {
        try {
            await work();
        } catch (err) {
            this.deps.logger.warn({ activityId: context.activity.id, event: 'coordinatorTools.failed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'coordinator tool failed');
            await context.sendActivity(COORDINATOR_TEXTS.unavailable);
        }
    }
}
