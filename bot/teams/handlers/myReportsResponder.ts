/**
 * Answers "Mijn meldingen": the colleague's own reports (reference, date, status), never anyone else's.
 * Who is asking comes from the Teams activity, never from card data.
 */
import { sendCard } from '../../../dialogs/cardMessage';
import type { TurnContext } from 'botbuilder';
import { renderMyReportsCard } from '../../../cards/myReportsCard';
import type { Logger } from '../../logger';
import { isReportError } from '../../reports/reportErrors';
import type { ReportService } from '../../reports/reportService';
import { reporterFrom } from '../identity';

export const MY_REPORTS_TEXTS = {
    unidentified: 'Ik kan niet zien wie je bent. Je meldingen bekijken kan alleen vanuit Microsoft Teams van je eigen organisatie.',
    unavailable: 'Ik kan je meldingen nu niet ophalen door een storing. Probeer het over een paar minuten opnieuw. Je meldingen zelf zijn niet verloren.',
} as const;

export class MyReportsResponder {
    constructor(
        private readonly service: ReportService,
        private readonly logger: Logger,
    ) {}

    async show(context: TurnContext): Promise<void> {
        const reporter = reporterFrom(context);
        if (!reporter) {
            await context.sendActivity(MY_REPORTS_TEXTS.unidentified);
            return;
        }
        try {
            const reports = await this.service.listByReporter(reporter.aadObjectId);
            await sendCard(context, renderMyReportsCard(reports));
            this.logger.info({ event: 'report.listShown', count: reports.length }, 'own reports listed');
        } catch (err) {
            this.logger.warn({ event: 'report.listFailed', code: isReportError(err) ? err.code : 'UNKNOWN' }, 'could not list own reports');
            await context.sendActivity(MY_REPORTS_TEXTS.unavailable);
        }
    }
}
