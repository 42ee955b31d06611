/**
 * The Teams side of learning (issue 18). Settings, opting out and the quiz live in the 1:1 chat (the
 * weekly case arrives there, and a quiz card in a channel would be everyone's). A campaign is typed
 * with @mention in the team channel where the case should go, by a coordinator (an aandachtfunctionaris
 * in the organisation file, the same list that may act on report cards); anyone else gets a Dutch
 * answer and nothing is posted.
 *
 * Answers are Action.Execute: the invoke response is the card only the person who pressed sees (the
 * Universal Actions model: the response replaces the card for the interactor only, what the Agents SDK
 * calls REPLACE_FOR_INTERACTOR; replacing it for everyone would take an update of the message). No
 * `refresh` is used, so nothing depends on per-user refresh in channels, which is unreliable there.
 */
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { LEARNING_VERBS } from '../../../cards/actions';
import { renderCaseNoticeCard } from '../../../cards/caseNoticeCard';
import {
    renderLearningCaseCard,
    renderLearningFeedbackCard,
    renderLearningFiguresCard,
    renderLearningSettingsCard,
    renderQuizQuestionCard,
    renderQuizResultCard,
} from '../../../cards/learningCards';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCardJson } from '../../../cards/renderCard';
import { cardMessage, pressedCardId, replaceOrSendCard } from '../../../dialogs/cardMessage';
import { MUNICIPALITIES } from '../../domain/vocabulary';
import { caseOfTheWeek, isLearningRole } from '../../learning/learningModel';
import type { LearningFigures } from '../../learning/learningFigures';
import type { LearningService } from '../../learning/learningService';
import type { Logger } from '../../logger';
import { tenantOf } from '../identity';

export const LEARNING_TEXTS = {
    onlyPersonal: 'De casus van de week en de quiz doe je in je 1-op-1-chat met mij. Open die chat en typ "leren aan" of "quiz".',
    badSettings: 'Kies een gemeente uit de lijst (en eventueel je rol). Er is niets opgeslagen.',
    optedIn: 'Je doet mee met de casus van de week. Je krijgt hem elke week in deze chat. Je rol aanpassen: typ "mijn rol". Stoppen: typ "leren uit".',
    saved: 'Opgeslagen. De volgende casus past bij je nieuwe keuze.',
    optedOut: 'Je krijgt geen casus van de week meer. Wat ik over je meedoen bewaarde (je rol, gemeente en welke casussen je had), verwijder ik na de bewaartermijn. Weer meedoen: typ "leren aan".',
    notIn: 'Je deed nog niet mee met de casus van de week. Meedoen: typ "leren aan".',
    noQuiz: 'Er zijn nu geen quizvragen. Probeer het later nog eens.',
    unavailable: 'Dat lukt nu niet door een storing. Probeer het over een paar minuten opnieuw.',
    campaignOnlyChannel: 'Een campagne stuur je vanuit het teamkanaal waar de casus moet komen: typ daar "@Signaalbot campagne" (of "campagne <id van de casus>").',
    campaignNotAllowed: 'Een campagne kan alleen een aandachtfunctionaris mensenhandel sturen. Er is niets geplaatst.',
    campaignUnknownCase: 'Die casus ken ik niet, dus er is niets geplaatst. Typ "campagne" voor de casus van deze week, of gebruik een id uit casussen.yaml.',
    campaignNone: 'Er zijn geen casussen om te sturen.',
} as const;

const personal = (context: TurnContext) => context.activity.conversation?.conversationType === 'personal';

function invokeCard(card: AdaptiveCardJson): AdaptiveCardInvokeResponse {
    return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
}

function notice(title: string, message: string): AdaptiveCardInvokeResponse {
    return invokeCard(renderCaseNoticeCard({ title, message }));
}

export interface LearningResponderDeps {
    service: LearningService;
    /** May this person send a campaign (a coordinator of at least one municipality, or regional)? */
    mayCampaign: (aadObjectId: string | undefined) => boolean;
    /** Knowledge entry titles for the links under the feedback. */
    entryTitle: (id: string) => string | undefined;
    /** The Ambitie 3 figures this person may see (the overview's scope), or undefined. */
    figuresFor: (aadObjectId: string | undefined) => Promise<LearningFigures | undefined>;
    logger: Logger;
    clock?: () => Date;
}

export class LearningResponder {
    constructor(private readonly deps: LearningResponderDeps) {}

    private who(context: TurnContext): { aadObjectId: string; tenantId: string } | undefined {
        const aadObjectId = context.activity.from?.aadObjectId;
        const tenantId = tenantOf(context.activity);
        return aadObjectId && tenantId ? { aadObjectId, tenantId } : undefined;
    }

    private entries(ids: readonly string[]): { id: string; title: string }[] {
        return ids.flatMap((id) => {
            const title = this.deps.entryTitle(id);
            return title ? [{ id, title }] : [];
        });
    }

    async showSettings(context: TurnContext): Promise<void> {
        if (!personal(context)) return void (await context.sendActivity(LEARNING_TEXTS.onlyPersonal));
        const who = this.who(context);
        if (!who) return void (await context.sendActivity(LEARNING_TEXTS.onlyPersonal));
        try {
            const stored = await this.deps.service.participant(who.aadObjectId);
            const p = stored?.participant;
            await context.sendActivity(cardMessage(renderLearningSettingsCard({ optedIn: p?.optedIn ?? false, ...(p?.role && { role: p.role }), ...(p?.municipality && { municipality: p.municipality }) })));
        } catch (err) {
            await this.failed(context, 'settings', err);
        }
    }

    async save(context: TurnContext, data: Record<string, unknown>): Promise<void> {
        if (!personal(context)) return void (await context.sendActivity(LEARNING_TEXTS.onlyPersonal));
        const who = this.who(context);
        const municipality = MUNICIPALITIES.find((m) => m === data.municipality);
        const roleRaw = data.role === undefined || data.role === '' ? 'algemeen' : data.role;
        if (!who || !municipality || !isLearningRole(roleRaw)) {
            this.deps.logger.info({ activityId: context.activity.id, event: 'learning.settingsRefused' }, 'learning settings refused');
            return void (await context.sendActivity(LEARNING_TEXTS.badSettings));
        }
        try {
            const before = await this.deps.service.participant(who.aadObjectId);
            await this.deps.service.optIn(who, { municipality, ...(roleRaw !== 'algemeen' && { role: roleRaw }) });
            // The pressed card shows what is saved now, so an old "Meedoen" card does not read as undone.
            const cardId = pressedCardId(context);
            if (cardId !== undefined) {
                await replaceOrSendCard(context, renderLearningSettingsCard({ optedIn: true, municipality, ...(roleRaw !== 'algemeen' && { role: roleRaw }) }), cardId);
            }
            await context.sendActivity(before?.participant.optedIn ? LEARNING_TEXTS.saved : LEARNING_TEXTS.optedIn);
        } catch (err) {
            await this.failed(context, 'save', err);
        }
    }

    async optOut(context: TurnContext): Promise<void> {
        if (!personal(context)) return void (await context.sendActivity(LEARNING_TEXTS.onlyPersonal));
        const who = this.who(context);
        if (!who) return void (await context.sendActivity(LEARNING_TEXTS.notIn));
        try {
            const outcome = await this.deps.service.optOut(who);
            await context.sendActivity(outcome === 'optedOut' ? LEARNING_TEXTS.optedOut : LEARNING_TEXTS.notIn);
        } catch (err) {
            await this.failed(context, 'optOut', err);
        }
    }

    async startQuiz(context: TurnContext): Promise<void> {
        if (!personal(context)) return void (await context.sendActivity(LEARNING_TEXTS.onlyPersonal));
        const who = this.who(context);
        if (!who) return void (await context.sendActivity(LEARNING_TEXTS.onlyPersonal));
        try {
            const started = await this.deps.service.startQuiz(who);
            if (!started) return void (await context.sendActivity(LEARNING_TEXTS.noQuiz));
            await context.sendActivity(cardMessage(renderQuizQuestionCard(started.question, { runId: started.run.runId, step: 0, total: started.run.questionIds.length })));
        } catch (err) {
            await this.failed(context, 'quiz', err);
        }
    }

    async campaign(context: TurnContext, caseId: string | undefined): Promise<void> {
        if (context.activity.conversation?.conversationType !== 'channel') return void (await context.sendActivity(LEARNING_TEXTS.campaignOnlyChannel));
        if (!this.deps.mayCampaign(context.activity.from?.aadObjectId)) {
            this.deps.logger.info({ activityId: context.activity.id, event: 'learning.campaignRefused', outcome: 'notAllowed' }, 'campaign refused');
            return void (await context.sendActivity(LEARNING_TEXTS.campaignNotAllowed));
        }
        const learningCase = caseId === undefined ? caseOfTheWeek(this.deps.service.content.cases, (this.deps.clock ?? (() => new Date()))()) : this.deps.service.caseById(caseId);
        if (!learningCase) {
            this.deps.logger.info({ activityId: context.activity.id, event: 'learning.campaignRefused', outcome: caseId === undefined ? 'noCases' : 'unknownCase' }, 'campaign refused');
            return void (await context.sendActivity(caseId === undefined ? LEARNING_TEXTS.campaignNone : LEARNING_TEXTS.campaignUnknownCase));
        }
        await context.sendActivity(cardMessage(renderLearningCaseCard(learningCase, 'campaign')));
        this.deps.logger.info({ activityId: context.activity.id, event: 'learning.campaignPosted', caseId: learningCase.id }, 'campaign posted');
    }

    /**
     * The Ambitie 3 figures as their own card beside the overview ("overzicht"), for those who may see
     * the overview; silent for anyone else and outside the personal chat (the overview says why).
     */
    async showFigures(context: TurnContext): Promise<void> {
        if (!personal(context)) return;
        try {
            const figures = await this.deps.figuresFor(context.activity.from?.aadObjectId);
            if (!figures) return;
            await context.sendActivity(cardMessage(renderLearningFiguresCard(figures)));
            this.deps.logger.info({ event: 'learning.figuresShown', scope: figures.scope.kind, protected: figures.protected }, 'learning figures shown');
        } catch (err) {
            this.deps.logger.warn({ event: 'learning.figuresFailed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'learning figures failed');
        }
    }

    /** Action.Execute on a case or quiz card: the answer's card, for the person who pressed only. */
    async execute(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
        const data = (value?.action?.data ?? {}) as Record<string, unknown>;
        const who = this.who(context);
        if (!who) return notice('Niet gelukt', 'Ik weet niet wie je bent; antwoorden kan alleen met je werkaccount in Teams.');
        try {
            if (value.action.verb === LEARNING_VERBS.answerQuiz) return await this.answerQuiz(context, who, data);
            return await this.answerCase(context, who, data);
        } catch (err) {
            this.deps.logger.warn({ event: 'learning.answerFailed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'learning answer failed');
            return notice('Niet gelukt', LEARNING_TEXTS.unavailable);
        }
    }

    private async answerCase(context: TurnContext, who: { aadObjectId: string; tenantId: string }, data: Record<string, unknown>): Promise<AdaptiveCardInvokeResponse> {
        const outcome = await this.deps.service.answerCase(who, data.caseId, data.choice);
        if (outcome.kind === 'unknownCase' || outcome.kind === 'badChoice') {
            this.deps.logger.info({ activityId: context.activity.id, event: 'learning.answerRefused', outcome: outcome.kind }, 'case answer refused');
            return notice('Dat antwoord ken ik niet', 'Deze knop hoort niet bij een casus die ik ken. Er is niets opgeslagen.');
        }
        const card = renderLearningFeedbackCard(outcome.case, outcome.choice, {
            entries: this.entries(outcome.case.entryIds),
            inPersonalChat: personal(context),
            ...(outcome.kind === 'alreadyAnswered' && { notice: 'Je had deze casus al beantwoord; hij telt één keer mee. Hier is de uitleg nog eens.' }),
        });
        return invokeCard(card);
    }

    private async answerQuiz(context: TurnContext, who: { aadObjectId: string; tenantId: string }, data: Record<string, unknown>): Promise<AdaptiveCardInvokeResponse> {
        if (!personal(context)) return notice('Quiz', LEARNING_TEXTS.onlyPersonal);
        const step = typeof data.step === 'string' && /^\d{1,2}$/.test(data.step) ? Number(data.step) : data.step;
        const outcome = await this.deps.service.answerQuiz(who, data.runId, step, data.choice);
        switch (outcome.kind) {
            case 'stale':
                return notice('Deze vraag is al beantwoord', 'Deze quizkaart is niet meer de actuele. Een nieuwe quiz: typ "quiz".');
            case 'badChoice':
                return notice('Dat antwoord ken ik niet', 'Die keuze hoort niet bij deze vraag. Er is niets opgeslagen.');
            case 'next':
                return invokeCard(renderQuizQuestionCard(outcome.question, { runId: outcome.run.runId, step: outcome.run.step, total: outcome.run.questionIds.length }, outcome.previous));
            case 'finished': {
                const entryIds = [...new Set(outcome.questions.flatMap((q) => q.entryIds))];
                return invokeCard(renderQuizResultCard(outcome.questions, outcome.answers, outcome.correct, this.entries(entryIds)));
            }
        }
    }

    private async failed(context: TurnContext, what: string, err: unknown): Promise<void> {
        this.deps.logger.warn({ event: 'learning.failed', what, code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'learning step failed');
        await context.sendActivity(LEARNING_TEXTS.unavailable);
    }
}
