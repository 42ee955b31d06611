/**
 * The reporter's answer to a coordinator's question ("Antwoord versturen" on the 1:1 question card,
 * bot/cases/reporterQuestions.ts). Who answers comes from the Teams activity; card data only names the
 * report and the question's version, and the domain checks on every request that the report is the
 * person's own and the question the open one. The confirmation is this turn's reply; what the
 * coordinators get (card and thread line) was queued in the outbox with the answer.
 */
import type { TurnContext } from 'botbuilder';
import { REPORT_ID_PATTERN, type Report } from '../../reports/reportModel';
import { ANSWER_MAX_LENGTH, checkAnswerText, questionVersionOf, type ReporterAnswerService } from '../../cases/reporterQuestions';
import type { Logger } from '../../logger';
import { reporterFrom } from '../identity';

export const ANSWER_TEXTS = {
    onlyInPersonalChat: 'Een vraag over je melding beantwoord je in je 1-op-1-chat met mij, zodat niemand anders meeleest. Er is niets verstuurd.',
    unidentified: 'Ik kan niet zien wie je bent. Antwoorden kan alleen vanuit Microsoft Teams van je eigen organisatie. Er is niets verstuurd.',
    /** The one answer for unknown, purged and someone else's reports: it says nothing about which it was. */
    notYours: 'Ik vind geen vraag over een melding van jou bij deze kaart. Alleen wie de melding deed, kan de vraag beantwoorden. Er is niets verstuurd.',
    empty: 'Je antwoord is leeg. Typ je antwoord en kies opnieuw "Antwoord versturen". Er is niets verstuurd.',
    tooLong: (length: number) => `Je antwoord is te lang: ${length} tekens, hoogstens ${ANSWER_MAX_LENGTH}. Maak het korter. Er is niets verstuurd.`,
    forged: 'Deze knop hoort niet bij een kaart van de Signaalbot of is beschadigd. Er is niets verstuurd.',
    unavailable: 'Het lukt me nu niet om je antwoord op te slaan door een storing. Probeer het over een paar minuten opnieuw met dezelfde knop. Bij acuut gevaar: bel 112.',
    answered: (r: Report) => `Dank je wel. Je antwoord over melding ${r.reference} is verstuurd naar de aandachtfunctionaris mensenhandel van ${r.municipality}.`,
    alreadyAnswered: (r: Report) => `Deze vraag over melding ${r.reference} heb je al beantwoord; ik heb je antwoord niet nog een keer verstuurd. Wil je nog iets toevoegen? Kies Aanvullen bij de melding onder "mijn meldingen".`,
    replaced: (r: Report) =>
        `De aandachtfunctionaris heeft deze vraag over melding ${r.reference} vervangen door een nieuwe vraag; die staat hieronder in de chat. Beantwoord die nieuwe vraag. Er is niets verstuurd.`,
} as const;

export class ReporterAnswerResponder {
    constructor(
        private readonly service: ReporterAnswerService,
        /** The outbox worker: sends the card update and thread line the answer queued now, not at its next poll. */
        private readonly followUps: { deliverQueued(reportId: string): void },
        private readonly logger: Logger,
    ) {}

    async answer(context: TurnContext, data: Record<string, unknown>): Promise<void> {
        if (context.activity.conversation?.conversationType !== 'personal') {
            await context.sendActivity(ANSWER_TEXTS.onlyInPersonalChat);
            return;
        }
        const person = reporterFrom(context);
        if (!person) {
            await context.sendActivity(ANSWER_TEXTS.unidentified);
            return;
        }
        const refuse = async (reason: string, message: string) => {
            this.logger.info({ activityId: context.activity.id, event: 'reporterAnswer.invalid', reason, outcome: 'refused' }, 'answer refused');
            await context.sendActivity(message);
        };
        const questionVersion = questionVersionOf(data.questionVersion);
        if (typeof data.reportId !== 'string' || questionVersion === undefined) return refuse('forged', ANSWER_TEXTS.forged);
        if (!REPORT_ID_PATTERN.test(data.reportId)) return refuse('not_own', ANSWER_TEXTS.notYours);
        const checked = checkAnswerText(data.antwoord);
        if (!checked.ok) {
            const message = checked.reason === 'empty' ? ANSWER_TEXTS.empty : checked.reason === 'tooLong' ? ANSWER_TEXTS.tooLong(String(data.antwoord).trim().length) : ANSWER_TEXTS.forged;
            return refuse(checked.reason, message);
        }
        try {
            const outcome = await this.service.answer(person, data.reportId, questionVersion, checked.text);
            switch (outcome.kind) {
                case 'answered':
                    await context.sendActivity(ANSWER_TEXTS.answered(outcome.report));
                    this.followUps.deliverQueued(outcome.report.reportId);
                    return;
                case 'alreadyAnswered':
                    await context.sendActivity(ANSWER_TEXTS.alreadyAnswered(outcome.report));
                    return;
                case 'replaced':
                    await context.sendActivity(ANSWER_TEXTS.replaced(outcome.report));
                    return;
                case 'noSuchQuestion':
                    await context.sendActivity(ANSWER_TEXTS.forged);
                    return;
                case 'notYours':
                    await context.sendActivity(ANSWER_TEXTS.notYours);
                    return;
            }
        } catch (err) {
            this.logger.warn({ activityId: context.activity.id, event: 'reporterAnswer.failed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'answer failed');
            await context.sendActivity(ANSWER_TEXTS.unavailable);
        }
    }
}
