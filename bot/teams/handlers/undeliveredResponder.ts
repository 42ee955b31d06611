/**
 * "onbezorgd": the admins' list of reports that did not reach a coordinators' channel, with a button to
 * send each again. Only admins of the organisation file; anyone else gets a plain refusal and changes nothing.
 */
import type { TurnContext } from 'botbuilder';
import { renderUndeliveredCard } from '../../../cards/undeliveredCard';
import { cardMessage } from '../../../dialogs/cardMessage';
import type { Logger } from '../../logger';
import type { UndeliveredReports } from '../../reports/undeliveredReports';
import { REPORT_ID_PATTERN } from '../../reports/reportModel';

export const UNDELIVERED_TEXTS = {
    notAdmin: 'Alleen een beheerder van de Signaalbot kan de niet-bezorgde meldingen zien. Er is niets veranderd.',
    unavailable: 'Het lukt me nu niet om de meldingen op te halen door een storing. Probeer het over een paar minuten opnieuw. Er is niets veranderd.',
    requeued: 'De melding wordt opnieuw verstuurd naar het kanaal van de aandachtfunctionaris. Lukt dat niet, dan hoor je het weer van mij.',
    notUndelivered: 'Deze melding staat niet (meer) op de lijst van niet-bezorgde meldingen; er is niets opnieuw verstuurd. Typ "onbezorgd" voor de actuele lijst.',
    notFound: 'Die melding ken ik niet. Er is niets veranderd.',
} as const;

export class UndeliveredResponder {
    constructor(
        private readonly reports: UndeliveredReports,
        private readonly isAdmin: (aadObjectId: string | undefined) => boolean,
        private readonly logger: Logger,
    ) {}

    async show(context: TurnContext): Promise<void> {
        if (!this.isAdmin(context.activity.from?.aadObjectId)) {
            await context.sendActivity(UNDELIVERED_TEXTS.notAdmin);
            return;
        }
        try {
            await context.sendActivity(cardMessage(renderUndeliveredCard(await this.reports.list())));
        } catch (err) {
            this.logger.warn({ activityId: context.activity.id, event: 'undelivered.listFailed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'undelivered list failed');
            await context.sendActivity(UNDELIVERED_TEXTS.unavailable);
        }
    }

    async resend(context: TurnContext, reportId: unknown): Promise<void> {
        const actor = context.activity.from?.aadObjectId;
        if (!this.isAdmin(actor)) {
            this.logger.warn({ activityId: context.activity.id, event: 'undelivered.resendRefused', outcome: 'refused' }, 'resend by someone who is not an admin');
            await context.sendActivity(UNDELIVERED_TEXTS.notAdmin);
            return;
        }
        if (typeof reportId !== 'string' || !REPORT_ID_PATTERN.test(reportId)) {
            await context.sendActivity(UNDELIVERED_TEXTS.notFound);
            return;
        }
        try {
            const outcome = await this.reports.requeue(reportId);
            this.logger.info({ reportId, event: 'undelivered.resend', outcome }, 'admin asked to resend');
            await context.sendActivity(
                outcome === 'requeued' ? UNDELIVERED_TEXTS.requeued : outcome === 'not_found' ? UNDELIVERED_TEXTS.notFound : UNDELIVERED_TEXTS.notUndelivered,
            );
        } catch (err) {
            this.logger.warn({ reportId, event: 'undelivered.resendFailed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'resend failed');
            await context.sendActivity(UNDELIVERED_TEXTS.unavailable);
        }
    }
}
