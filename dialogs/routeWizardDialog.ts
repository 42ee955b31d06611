import { ComponentDialog, Dialog, WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { ReportPrefill } from '../bot/domain/vocabulary';
import type { KnowledgeBase } from '../bot/knowledge/knowledgeBase';
import {
    applyAnswer,
    nextQuestion,
    optionFromText,
    questionNumber,
    recommendRoutes,
    sanitizeAnswers,
    toPrefill,
    type WizardAnswers,
} from '../bot/knowledge/routeWizard';
import { ACTIONS } from '../cards/actions';
import { renderRouteAdviceCard } from '../cards/routeAdviceCard';
import { routeAdviceCardData } from './knowledgePresentation';
import { renderRouteWizardQuestionCard } from '../cards/routeWizardQuestionCard';
import { sendCard } from './cardMessage';

/** What the wizard hands back: start the report flow with this prefill, or nothing. */
export type RouteWizardResult =
    | { startReport: true; prefill: ReportPrefill }
    /** The turn was not for the wizard (after its advice): the router routes it again. */
    | { passOn: true };

interface WizardState {
    answers: WizardAnswers;
}

export const WIZARD_INVALID_ANSWER_MESSAGE = 'Dat antwoord herken ik niet. Kies een van de knoppen op de kaart.';
export const WIZARD_STOPPED_MESSAGE = 'Oké, ik ben gestopt met de vragen. Je kunt altijd opnieuw beginnen met "Waar meld ik dit?".';

const LOOP = 'routeWizard.loop';
const STOP_WORDS = new Set(['stop', 'stoppen', 'annuleer', 'annuleren', 'afbreken', 'klaar']);

/**
 * "Waar meld ik dit?": asks the wizard's questions one card at a time, then shows the advised
 * routes. Ends with `{ startReport: true, prefill }` when the colleague taps "Ook melden bij de
 * aandachtfunctionaris", otherwise with undefined. The prefill comes from the answers kept on the
 * server, never from the card data, so a forged submit cannot change it.
 */
export class RouteWizardDialog extends ComponentDialog {
    static readonly id = 'routeWizard';

    constructor(private readonly knowledge: KnowledgeBase) {
        super(RouteWizardDialog.id);
        this.addDialog(new WaterfallDialog(LOOP, [this.askStep.bind(this), this.receiveStep.bind(this)]));
        this.initialDialogId = LOOP;
    }

    private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const state = readState(step.options);
        (step.values as WizardState).answers = state.answers;
        const question = nextQuestion(state.answers);
        if (question !== null) {
            await sendCard(
                step.context,
                renderRouteWizardQuestionCard({
                    step: questionNumber(state.answers),
                    questionId: question.id,
                    text: question.text,
                    help: question.help,
                    options: question.options,
                }),
            );
        } else {
            const advice = recommendRoutes(state.answers);
            await sendCard(
                step.context,
                renderRouteAdviceCard(
                    routeAdviceCardData(this.knowledge, advice, {
                        intro: 'Op basis van je antwoorden, in deze volgorde:',
                        english: false,
                        offerWizard: false,
                        danger: { acute: advice.acuteDanger, selfHarm: false, minor: state.answers.minor === 'ja' },
                    }),
                ),
            );
        }
        return Dialog.EndOfTurn;
    }

    private async receiveStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
        const answers = sanitizeAnswers((step.values as Partial<WizardState>).answers);
        const activity = step.context.activity;
        const value: unknown = activity.value;
        const action = isRecord(value) && typeof value.action === 'string' ? value.action : undefined;
        const text = typeof activity.text === 'string' ? activity.text.trim() : '';

        if (action === ACTIONS.routeWizard.stop || (action === undefined && STOP_WORDS.has(text.toLowerCase()))) {
            await step.context.sendActivity(WIZARD_STOPPED_MESSAGE);
            return step.endDialog(undefined);
        }

        const question = nextQuestion(answers);
        if (question === null) {
            // The advice is on screen; its report button continues. Anything else (a "Lees ook" entry, a
            // typed question) ends the wizard and is handed back to the router, so it still gets its answer.
            if (action === ACTIONS.menu.report) {
                const result: RouteWizardResult = { startReport: true, prefill: toPrefill(answers) };
                return step.endDialog(result);
            }
            return step.endDialog({ passOn: true } satisfies RouteWizardResult);
        }

        let outcome: ReturnType<typeof applyAnswer> = { ok: false };
        if (action === ACTIONS.routeWizard.answer && isRecord(value)) {
            outcome = applyAnswer(answers, value.questionId, value.value);
        } else if (action === undefined && text.length > 0) {
            const typed = optionFromText(question, text);
            if (typed !== undefined) outcome = applyAnswer(answers, question.id, typed);
        }

        if (!outcome.ok) {
            await step.context.sendActivity(WIZARD_INVALID_ANSWER_MESSAGE);
            return step.replaceDialog(LOOP, { answers } satisfies WizardState);
        }
        return step.replaceDialog(LOOP, { answers: outcome.answers } satisfies WizardState);
    }

}

function readState(options: unknown): WizardState {
    return { answers: isRecord(options) ? sanitizeAnswers(options.answers) : {} };
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
