/**
 * The Teams side of questions to the aandachtfunctionaris (issue 15, part 1): the 1:1 form (from a
 * non-answer, from any answer card, or typed), sending it, a follow-up under an answer, the coordinators'
 * Action.Execute on the channel card (answer, "voorstel voor de kennisbank") and the admins' list of
 * suggestions. Who acts always comes from the activity; card data only names the question and carries
 * the inputs, and bot/questions/questionService.ts checks both.
 */
import { randomUUID } from 'node:crypto';
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { QUESTION_VERBS } from '../../../cards/actions';
import { renderCaseNoticeCard } from '../../../cards/caseNoticeCard';
import { renderKnowledgeSuggestionsCard, renderQuestionChannelCard, renderQuestionFormCard } from '../../../cards/questionCards';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCardJson } from '../../../cards/renderCard';
import { sendCard } from '../../../dialogs/cardMessage';
import { isMunicipality, type Municipality } from '../../domain/vocabulary';
import type { Logger } from '../../logger';
import { QUESTION_TEXT_MAX_CHARS, type CoordinatorQuestion } from '../../questions/questionModel';
import type { QuestionOutcome, QuestionRefusal, QuestionService } from '../../questions/questionService';
import { QUESTION_TEXTS, answeredBy } from '../../questions/questionTexts';
import { tenantOf } from '../identity';

/** The colleague's last question to the knowledge search, so the form can offer it for editing. */
export interface LastQuestion {
    text: string;
}

export interface QuestionHandlerDeps {
    service: QuestionService;
    outbox: { deliverQueued(questionId: string): void };
    roster: { coordinatorsOf(municipality: Municipality): readonly { name: string }[] };
    /** In the 1:1 chat's conversation state: it expires with it (CONVERSATION_STATE_DAYS) and is cleared once sent. */
    lastQuestion: StatePropertyAccessor<LastQuestion | undefined>;
    logger: Logger;
}

export const QUESTION_ONLY_IN_PERSONAL_CHAT =
    'Een vraag aan de aandachtfunctionaris stel je in je 1-op-1-chat met mij, zodat niemand anders hem ziet. Open de chat met de Signaalbot en typ "vraag aan de aandachtfunctionaris".';

const personal = (context: TurnContext) => context.activity.conversation?.conversationType === 'personal';

function cardResponse(card: AdaptiveCardJson): AdaptiveCardInvokeResponse {
    return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
}

export class QuestionHandler {
    constructor(private readonly deps: QuestionHandlerDeps) {}

    /** Remembers a question typed to the knowledge search (personal chat only; never logged). */
    async rememberQuestion(context: TurnContext): Promise<void> {
        const text = (context.activity.text ?? '').trim();
        if (!personal(context) || text === '' || text.length > QUESTION_TEXT_MAX_CHARS) return;
        await this.deps.lastQuestion.set(context, { text });
    }

    /** "Vraag het de aandachtfunctionaris" on a card: the form, with the last question to edit. */
    async showForm(context: TurnContext, municipalityValue: unknown): Promise<void> {
        if (!personal(context)) {
            await context.sendActivity(QUESTION_ONLY_IN_PERSONAL_CHAT);
            return;
        }
        const last = await this.deps.lastQuestion.get(context);
        await this.sendForm(context, isMunicipality(municipalityValue) ? municipalityValue : undefined, last?.text ?? '');
    }

    /** Typed: "vraag aan de aandachtfunctionaris" or "vraag aan AF: <vraag>". */
    async askTyped(context: TurnContext, text: string, municipality: Municipality | undefined): Promise<void> {
        if (!personal(context)) {
            await context.sendActivity(QUESTION_ONLY_IN_PERSONAL_CHAT);
            return;
        }
        const question = text.trim() || ((await this.deps.lastQuestion.get(context))?.text ?? '');
        await this.sendForm(context, municipality, question);
    }

    async cancel(context: TurnContext): Promise<void> {
        await context.sendActivity('Oké, je vraag is niet verstuurd.');
    }

    async send(context: TurnContext, data: Record<string, unknown>): Promise<void> {
        if (!personal(context)) {
            await context.sendActivity(QUESTION_ONLY_IN_PERSONAL_CHAT);
            return;
        }
        const asker = this.askerOf(context);
        if (!asker) {
            await context.sendActivity(QUESTION_TEXTS.unidentified);
            return;
        }
        const outcome = await this.guard(() => this.deps.service.ask(asker, { municipality: data.municipality, text: data.question, formId: data.formId }));
        if (!outcome) {
            await context.sendActivity(QUESTION_TEXTS.unavailable);
            return;
        }
        if (outcome.kind === 'refused') {
            const municipality = outcome.municipality ?? (isMunicipality(data.municipality) ? data.municipality : undefined);
            const notice = askRefusal(outcome.code, municipality);
            // The form again with what was typed (and a fresh form id), so nothing typed is lost.
            if (outcome.code === 'EMPTY' || outcome.code === 'TOO_LONG' || outcome.code === 'NO_MUNICIPALITY') {
                await this.sendForm(context, municipality, typeof data.question === 'string' ? data.question : '', notice);
            } else {
                await context.sendActivity(notice);
            }
            return;
        }
        await this.deps.lastQuestion.delete(context);
        this.deps.outbox.deliverQueued(outcome.question.questionId);
        const where = outcome.channelKind === 'fallback' ? ` (via het reservekanaal, want ${outcome.question.municipality} heeft geen eigen kanaal)` : '';
        await context.sendActivity(
            `Je vraag is verstuurd naar de aandachtfunctionarissen van ${outcome.question.municipality}${where}. Het antwoord krijg je hier in de chat, met de naam van wie antwoordde. Bij acuut gevaar: bel 112.`,
        );
    }

    async followUp(context: TurnContext, data: Record<string, unknown>): Promise<void> {
        const asker = this.askerOf(context);
        if (!personal(context) || !asker) {
            await context.sendActivity(personal(context) ? QUESTION_TEXTS.unidentified : QUESTION_ONLY_IN_PERSONAL_CHAT);
            return;
        }
        const outcome = await this.guard(() => this.deps.service.followUp(asker, data));
        if (!outcome) {
            await context.sendActivity(QUESTION_TEXTS.unavailable);
            return;
        }
        if (outcome.kind === 'refused') {
            await context.sendActivity(followUpRefusal(outcome.code));
            return;
        }
        this.deps.outbox.deliverQueued(outcome.question.questionId);
        await context.sendActivity(`Je vervolgvraag staat bij je vraag in het kanaal van de aandachtfunctionarissen van ${outcome.question.municipality}. Het antwoord krijg je hier.`);
    }

    /** Action.Execute on the question card in the channel. */
    readonly execute = async (context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> => {
        const activity = context.activity;
        const aadObjectId = activity.from?.aadObjectId;
        const tenantId = tenantOf(activity);
        if (!aadObjectId || !tenantId || !activity.conversation?.id) return this.notice(QUESTION_TEXTS.unidentified);
        const actor = { aadObjectId, tenantId, displayName: activity.from.name ?? 'een aandachtfunctionaris', conversationId: activity.conversation.id };
        const raw = value?.action?.data;
        const data = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
        const verb = value?.action?.verb;
        const outcome = await this.guard(() => (verb === QUESTION_VERBS.kennisbank ? this.deps.service.suggest(actor, data) : this.deps.service.answer(actor, data)));
        if (!outcome) return this.notice(QUESTION_TEXTS.unavailable);
        if (outcome.kind === 'done') {
            this.deps.outbox.deliverQueued(outcome.question.questionId);
            return cardResponse(renderQuestionChannelCard(outcome.question));
        }
        const text = coordinatorRefusal(outcome.code, outcome.question);
        // The card as it is now, with why nothing changed; without a question (forged, foreign): a notice.
        return outcome.question && outcome.code !== 'NOT_ALLOWED' ? cardResponse(renderQuestionChannelCard(outcome.question, text)) : this.notice(text);
    };

    async showSuggestions(context: TurnContext): Promise<void> {
        if (!personal(context)) {
            await context.sendActivity('De voorstellen voor de kennisbank laat ik alleen zien in je 1-op-1-chat met mij. Open die chat en typ "kennisbank voorstellen".');
            return;
        }
        const list = await this.guard(() => this.deps.service.suggestions(context.activity.from?.aadObjectId));
        if (list === null) {
            await context.sendActivity(QUESTION_TEXTS.unavailable);
            return;
        }
        if (list === undefined) {
            this.deps.logger.info({ event: 'question.suggestions', outcome: 'refused' }, 'knowledge suggestions refused');
            await context.sendActivity(QUESTION_TEXTS.notAdmin);
            return;
        }
        this.deps.logger.info({ event: 'question.suggestions', outcome: 'shown', count: list.length }, 'knowledge suggestions shown');
        await sendCard(context, renderKnowledgeSuggestionsCard(list));
    }

    private async sendForm(context: TurnContext, municipality: Municipality | undefined, question: string, notice?: string): Promise<void> {
        this.deps.logger.info({ event: 'question.form', municipality, prefilled: question !== '', notice: notice !== undefined }, 'question form shown');
        await sendCard(
            context,
            renderQuestionFormCard({
                formId: randomUUID(),
                ...(municipality && { municipality }),
                question,
                coordinatorNames: municipality ? this.deps.roster.coordinatorsOf(municipality).map((c) => c.name) : [],
                ...(notice && { notice }),
            }),
        );
    }

    private askerOf(context: TurnContext) {
        const aadObjectId = context.activity.from?.aadObjectId;
        const tenantId = tenantOf(context.activity);
        if (!aadObjectId || !tenantId) return undefined;
        return { aadObjectId, tenantId, displayName: context.activity.from.name ?? 'een collega' };
    }

    /** A storage failure becomes "try again" (null for "failed"); nothing else is swallowed. */
    private async guard<T>(work: () => Promise<T>): Promise<T | null> {
        try {
            return await work();
        } catch (err) {
            const code = (err as { code?: unknown }).code;
            if (code !== 'STORAGE_UNAVAILABLE' && code !== 'CONFLICT') throw err;
            this.deps.logger.warn({ event: 'question.failed', code }, 'question action failed');
            return null;
        }
    }

    private notice(message: string): AdaptiveCardInvokeResponse {
        return cardResponse(renderCaseNoticeCard({ title: QUESTION_TEXTS.nothingChanged, message }));
    }
}

function askRefusal(code: QuestionRefusal, municipality: Municipality | undefined): string {
    switch (code) {
        case 'EMPTY':
            return QUESTION_TEXTS.empty;
        case 'TOO_LONG':
            return QUESTION_TEXTS.tooLong;
        case 'NO_MUNICIPALITY':
            return QUESTION_TEXTS.noMunicipality;
        case 'NO_COORDINATORS':
            return QUESTION_TEXTS.noCoordinators(municipality ?? 'deze gemeente');
        case 'NO_CHANNEL':
            return QUESTION_TEXTS.noChannel(municipality ?? 'deze gemeente');
        default:
            return QUESTION_TEXTS.forged;
    }
}

function followUpRefusal(code: QuestionRefusal): string {
    switch (code) {
        case 'EMPTY':
            return QUESTION_TEXTS.empty;
        case 'TOO_LONG':
            return QUESTION_TEXTS.tooLong;
        case 'NOT_ALLOWED':
            return QUESTION_TEXTS.notAsker;
        case 'NOT_YET_ANSWERED':
            return QUESTION_TEXTS.notYetAnswered;
        case 'TOO_MANY_TURNS':
            return QUESTION_TEXTS.tooManyTurns;
        case 'PURGED':
            return QUESTION_TEXTS.purged;
        case 'CONFLICT':
            return QUESTION_TEXTS.unavailable;
        default:
            return QUESTION_TEXTS.forged;
    }
}

function coordinatorRefusal(code: QuestionRefusal, q: CoordinatorQuestion | undefined): string {
    switch (code) {
        case 'NOT_ALLOWED':
            return q ? QUESTION_TEXTS.notCoordinator(q.municipality) : QUESTION_TEXTS.notFound;
        case 'ALREADY_ANSWERED': {
            const answered = q?.turns.filter((t) => t.answer !== undefined);
            return QUESTION_TEXTS.alreadyAnswered(answeredBy(answered?.[answered.length - 1]));
        }
        case 'EMPTY':
            return QUESTION_TEXTS.emptyAnswer;
        case 'TOO_LONG':
            return QUESTION_TEXTS.tooLongAnswer;
        case 'PURGED':
            return QUESTION_TEXTS.purged;
        case 'NOT_ANSWERED':
            return QUESTION_TEXTS.notAnswered;
        case 'ALREADY_SUGGESTED':
            return QUESTION_TEXTS.alreadySuggested(q?.suggestion?.byName ?? 'een aandachtfunctionaris');
        case 'CONFLICT':
            return QUESTION_TEXTS.conflict;
        default:
            return QUESTION_TEXTS.notFound;
    }
}
