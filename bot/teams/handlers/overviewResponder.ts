/**
 * "overzicht": numbers per municipality, form of exploitation, status and month or quarter, as a card
 * with Teams chart elements (tables where numbers are protected or charts are not supported) and a CSV
 * export of the aggregated numbers. The CSV comes as a card with a code block: a bot cannot send a file
 * into a chat without the file-consent flow, and the numbers are small.
 * Only in the personal chat: in a channel or group chat everyone in it would read the numbers. Which
 * municipalities a person sees, and whether exactly, the case service decides on every request (typed
 * command and every button press alike), from the organisation file. Viewing and exporting are audited.
 */
import { sendCard } from '../../../dialogs/cardMessage';
import type { TurnContext } from 'botbuilder';
import { ACTIONS, OVERVIEW_ACTIONS } from '../../../cards/actions';
import { renderOverviewCard, renderOverviewCsvCard } from '../../../cards/overviewCard';
import type { Granularity } from '../../cases/caseStatistics';
import type { CaseService } from '../../cases/caseService';
import type { Logger } from '../../logger';

export const OVERVIEW_TEXTS = {
    onlyInPersonalChat: 'Het overzicht met cijfers laat ik alleen zien in je 1-op-1-chat met mij, zodat niemand anders meekijkt. Open die chat en typ "overzicht".',
    notCoordinator: 'Het overzicht met cijfers is alleen voor de aandachtfunctionarissen mensenhandel. Wil je iets melden? Typ "melden".',
    unavailable: 'Ik kan het overzicht nu niet maken door een storing. Probeer het over een paar minuten opnieuw.',
    unknownChoice: 'Die keuze ken ik niet. Typ "overzicht" voor het overzicht per kwartaal.',
} as const;


const isGranularity = (v: unknown): v is Granularity => v === 'maand' || v === 'kwartaal';
const personal = (context: TurnContext) => context.activity.conversation?.conversationType === 'personal';

export class OverviewResponder {
    constructor(
        private readonly service: CaseService,
        private readonly logger: Logger,
        private readonly clock: () => Date = () => new Date(),
    ) {}

    /** The BotFeatures.overview seam: typed "overzicht" and the menu button. */
    async show(context: TurnContext, granularity: Granularity = 'kwartaal'): Promise<void> {
        if (!(await this.inPersonalChat(context))) return;
        try {
            const view = await this.service.overview(context.activity.from?.aadObjectId, granularity);
            if (!view) {
                this.logger.info({ activityId: context.activity.id, event: 'overview.refused' }, 'overview refused: not a coordinator');
                await context.sendActivity(OVERVIEW_TEXTS.notCoordinator);
                return;
            }
            await sendCard(context, renderOverviewCard(view, this.clock()));
            this.logger.info({ event: 'overview.shown', granularity, scope: view.scope.kind, protected: view.stats.protected }, 'overview shown');
        } catch (err) {
            this.logger.warn({ event: 'overview.failed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'overview failed');
            await context.sendActivity(OVERVIEW_TEXTS.unavailable);
        }
    }

    /** Buttons on the overview card (Action.Submit); true when the action was ours. */
    async handleCardAction(context: TurnContext, action: string, value: Record<string, unknown>): Promise<boolean> {
        if (!(OVERVIEW_ACTIONS as readonly string[]).includes(action)) return false;
        // A button press is a new request: refused outside the personal chat, rights checked again below.
        if (!(await this.inPersonalChat(context))) return true;
        if (action === ACTIONS.overview.month) await this.show(context, 'maand');
        else if (action === ACTIONS.overview.quarter) await this.show(context, 'kwartaal');
        else await this.exportCsv(context, value.granularity);
        return true;
    }

    private async exportCsv(context: TurnContext, granularityRaw: unknown): Promise<void> {
        if (!isGranularity(granularityRaw)) {
            await context.sendActivity(OVERVIEW_TEXTS.unknownChoice);
            return;
        }
        try {
            const exported = await this.service.exportCsv(context.activity.from?.aadObjectId, granularityRaw);
            if (!exported) {
                this.logger.info({ activityId: context.activity.id, event: 'overview.exportRefused' }, 'export refused: not a coordinator');
                await context.sendActivity(OVERVIEW_TEXTS.notCoordinator);
                return;
            }
            await sendCard(context, renderOverviewCsvCard(exported.csv, granularityRaw, exported.scope, this.clock()));
            this.logger.info({ event: 'overview.exported', granularity: granularityRaw, scope: exported.scope.kind, rows: exported.stats.rows.length }, 'overview exported');
        } catch (err) {
            this.logger.warn({ event: 'overview.exportFailed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'export failed');
            await context.sendActivity(OVERVIEW_TEXTS.unavailable);
        }
    }

    /** Says where the overview can be seen when this is not the personal chat; the same answer for everyone. */
    private async inPersonalChat(context: TurnContext): Promise<boolean> {
        if (personal(context)) return true;
        this.logger.info({ activityId: context.activity.id, event: 'overview.notPersonal', conversationType: context.activity.conversation?.conversationType ?? 'unknown' }, 'overview refused outside the personal chat');
        await context.sendActivity(OVERVIEW_TEXTS.onlyInPersonalChat);
        return false;
    }
}
