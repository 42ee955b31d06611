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
import { cardMessage, pressedCardId, replaceOrSendCard } from './cardMessage';
import { renderCaseNoticeCard } from '../cards/caseNoticeCard';

/** What the wizard hands back: start the report flow with this prefill, or nothing. */
export type RouteWizardResult =
    | { startReport: true; prefill: ReportPrefill }
    /** The turn was not for the wizard (after its advice): the router routes it again. */
    | { passOn: true };

interface WizardState {
    answers: WizardAnswers;
    /** The message that shows the wizard's card: every next question (and the advice) replaces it. */
    cardId?: string;
    /** Re-ask without showing anything: the current card is already on screen (an old card was pressed). */
    quiet?: boolean;
}

export const WIZARD_INVALID_ANSWER_MESSAGE = 'Dat antwoord herken ik niet. Kies een van de knoppen op de kaart.';
export const WIZARD_STOPPED_MESSAGE = 'Oké, ik ben gestopt met de vragen. Je kunt altijd opnieuw beginnen met "Waar meld ik dit?".';
export const WIZARD_OUTDATED_MESSAGE = 'Die vraag is niet meer actueel: er is niets veranderd. Ga verder op de nieuwste kaart van de vragenlijst.';

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
        const values = step.values as WizardState;
        values.answers = state.answers;
        if (state.cardId !== undefined) values.cardId = state.cardId;
        if (state.quiet) return Dialog.EndOfTurn;
        // The next question takes the place of the card that was answered; the first one is a new message.
        const pressed = pressedCardId(step.context);
        const target = state.cardId !== undefined && pressed === state.cardId ? pressed : undefined;
        const show = async (card: Parameters<typeof replaceOrSendCard>[1]) => {
            const id = await replaceOrSendCard(step.context, card, target);
            if (id !== undefined) values.cardId = id;
        };
        const question = nextQuestion(state.answers);
        if (question !== null) {
            await show(
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
            await show(
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
        const kept = step.values as Partial<WizardState>;
        const answers = sanitizeAnswers(kept.answers);
        const cardId = kept.cardId;
        const activity = step.context.activity;
        const value: unknown = activity.value;
        const action = isRecord(value) && typeof value.action === 'string' ? value.action : undefined;
        const text = typeof activity.text === 'string' ? activity.text.trim() : '';

        const pressed = pressedCardId(step.context);
        if (action === ACTIONS.routeWizard.answer && pressed !== undefined && cardId !== undefined && pressed !== cardId) {
            // An answer on an older question card: nothing changes, and that card turns read-only.
            await step.context.sendActivity(WIZARD_OUTDATED_MESSAGE);
            await retire(step, pressed, 'Deze vraag is niet meer actueel', 'Er is niets veranderd. Ga verder op de nieuwste kaart van de vragenlijst.');
            return step.replaceDialog(LOOP, { answers, cardId, quiet: true } satisfies WizardState);
        }
        if (action === ACTIONS.routeWizard.stop || (action === undefined && STOP_WORDS.has(text.toLowerCase()))) {
            await retire(step, cardId, 'Vragenlijst gestopt', 'Je kunt altijd opnieuw beginnen met "Waar meld ik dit?".');
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
            // A typed answer it did not understand: the question comes again below the message.
            return step.replaceDialog(LOOP, { answers } satisfies WizardState);
        }
        // A typed answer moves on with a new card (the old one is far up); a pressed one in its place.
        return step.replaceDialog(LOOP, { answers: outcome.answers, ...(cardId !== undefined && { cardId }) } satisfies WizardState);
    }

}

function readState(options: unknown): WizardState {
    if (!isRecord(options)) return { answers: {} };
    return {
        answers: sanitizeAnswers(options.answers),
        ...(typeof options.cardId === 'string' && { cardId: options.cardId }),
        ...(options.quiet === true && { quiet: true }),
    };
}

/** Turns a card of the wizard into a read-only line; an old card that cannot be changed keeps its buttons, which change nothing. */
async function retire(step: WaterfallStepContext, cardId: string | undefined, title: string, message: string): Promise<void> {
    if (cardId === undefined) return;
    await step.context.updateActivity({ ...cardMessage(renderCaseNoticeCard({ title, message })), id: cardId }).catch(() => undefined);
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
