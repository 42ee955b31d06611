/**
 * "overzicht": numbers per municipality, form of exploitation, status and month or quarter, for the
 * aandachtfunctionarissen only, as a card with Teams chart elements (a table where charts are not
 * supported) and a CSV export of the aggregated numbers. The CSV comes as a card with a code block:
 * a bot cannot send a file into a chat without the file-consent flow, and the numbers are small.
 * Viewing and exporting are written to the audit trail.
 */
import { sendCard } from '../../../dialogs/cardMessage';
import type { TurnContext } from 'botbuilder';
import { ACTIONS, OVERVIEW_ACTIONS } from '../../../cards/actions';
import { renderOverviewCard, renderOverviewCsvCard } from '../../../cards/overviewCard';
import type { Granularity } from '../../cases/caseStatistics';
import type { CaseService } from '../../cases/caseService';
import type { Logger } from '../../logger';

export const OVERVIEW_TEXTS = {
    notCoordinator: 'Het overzicht met cijfers is alleen voor de aandachtfunctionarissen mensenhandel. Wil je iets melden? Typ "melden".',
    unavailable: 'Ik kan het overzicht nu niet maken door een storing. Probeer het over een paar minuten opnieuw.',
    unknownChoice: 'Die keuze ken ik niet. Typ "overzicht" voor het overzicht per kwartaal.',
} as const;


const isGranularity = (v: unknown): v is Granularity => v === 'maand' || v === 'kwartaal';

export class OverviewResponder {
    constructor(
        private readonly service: CaseService,
        private readonly logger: Logger,
        private readonly clock: () => Date = () => new Date(),
    ) {}

    /** The BotFeatures.overview seam: typed "overzicht" and the menu button. */
    async show(context: TurnContext, granularity: Granularity = 'kwartaal'): Promise<void> {
        try {
            const stats = await this.service.overview(context.activity.from?.aadObjectId, granularity);
            if (!stats) {
                this.logger.info({ activityId: context.activity.id, event: 'overview.refused' }, 'overview refused: not a coordinator');
                await context.sendActivity(OVERVIEW_TEXTS.notCoordinator);
                return;
            }
            await sendCard(context, renderOverviewCard(stats, this.clock()));
            this.logger.info({ event: 'overview.shown', granularity, reports: stats.totalReports }, 'overview shown');
        } catch (err) {
            this.logger.warn({ event: 'overview.failed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'overview failed');
            await context.sendActivity(OVERVIEW_TEXTS.unavailable);
        }
    }

    /** Buttons on the overview card (Action.Submit); true when the action was ours. */
    async handleCardAction(context: TurnContext, action: string, value: Record<string, unknown>): Promise<boolean> {
        if (!(OVERVIEW_ACTIONS as readonly string[]).includes(action)) return false;
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
            await sendCard(context, renderOverviewCsvCard(exported.csv, granularityRaw, this.clock()));
            this.logger.info({ event: 'overview.exported', granularity: granularityRaw, rows: exported.stats.rows.length }, 'overview exported');
        } catch (err) {
            this.logger.warn({ event: 'overview.exportFailed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'export failed');
            await context.sendActivity(OVERVIEW_TEXTS.unavailable);
        }
    }
}
