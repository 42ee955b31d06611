/**
 * The Teams side of the questions' outbox (bot/questions/questionOutbox.ts decides when and retries):
 * the question card as a new thread in the municipality's channel (the same routing as reports, so the
 * fallback channel when it has none), the card updated in place, lines in its thread, and the answer
 * to the asker in their 1:1 chat.
 */
import type { Activity } from 'botbuilder';
import { renderQuestionAnswerCard, renderQuestionChannelCard } from '../../cards/questionCards';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCardJson } from '../../cards/renderCard';
import type { Logger } from '../logger';
import type { QuestionPost, QuestionSender } from '../questions/ports';
import type { CoordinatorQuestion } from '../questions/questionModel';
import type { Municipality } from '../domain/vocabulary';
import { DeliveryError, REDACTED_MESSAGE_TEXT, type SentMessage } from '../reports/ports';
import { failureReason } from '../reports/deliveryAlerts';
import { formatDutchDateTime } from '../domain/amsterdamTime';
import { channelOf } from '../teams/identity';
import type { ChannelRegistry, ConversationTarget } from './channelRegistry';
import type { ProactiveMessenger } from './proactiveMessenger';
import type { ReportChannelRouting } from './reportChannelRouting';

const cardActivity = (card: AdaptiveCardJson): Partial<Activity> => ({ type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card }] });

export class TeamsQuestionSender implements QuestionSender {
    constructor(
        private readonly deps: {
            routing: ReportChannelRouting;
            messenger: ProactiveMessenger;
            registry: ChannelRegistry;
            logger: Logger;
            /** The aandachtfunctionaris to name when a question could not be delivered (the organisation file). */
            contactFor?: (municipality: Municipality) => { name: string; email?: string } | undefined;
        },
    ) {}

    async post(question: CoordinatorQuestion): Promise<QuestionPost> {
        const posted = await this.deps.routing.postNewThread(question.municipality, renderQuestionChannelCard(question));
        return { conversationId: posted.conversationId, activityId: posted.activityId, kind: posted.kind };
    }

    async updateCard(question: CoordinatorQuestion): Promise<'sent' | 'moot'> {
        const { conversationId, activityId } = question.delivery;
        if (!conversationId || !activityId) return 'moot';
        const target = await this.channel(conversationId);
        // The card shows which channel kind it is in; the stored post knows it.
        await this.deps.messenger.updateActivity(target, conversationId, activityId, cardActivity(renderQuestionChannelCard(question)));
        return 'sent';
    }

    async threadLine(question: CoordinatorQuestion, text: string): Promise<'moot' | SentMessage> {
        const { conversationId, activityId } = question.delivery;
        if (!conversationId || !activityId || !text) return 'moot';
        const target = await this.channel(conversationId);
        return this.deps.messenger.replyInThread(target, `${channelOf(conversationId)};messageid=${activityId}`, { type: 'message', text });
    }

    async redact(conversationId: string, activityId: string): Promise<'sent' | 'moot'> {
        if (!conversationId || !activityId) return 'moot';
        // A personal chat has no stored channel reference: targetOf builds one from the tenant's serviceUrl.
        const target = await this.channel(conversationId);
        await this.deps.messenger.updateActivity(target, conversationId, activityId, { type: 'message', text: REDACTED_MESSAGE_TEXT });
        return 'sent';
    }

    async answerToAsker(question: CoordinatorQuestion, turn: number): Promise<'moot' | SentMessage> {
        const chat = question.asker.aadObjectId ? await this.deps.registry.personalChat(question.asker.aadObjectId) : undefined;
        if (!chat) {
            this.deps.logger.info({ questionId: question.questionId, event: 'question.noPersonalChat' }, 'asker has no known 1:1 chat; not sent');
            return 'moot';
        }
        return this.deps.messenger.sendToConversation(chat, cardActivity(renderQuestionAnswerCard(question, turn)));
    }

    async undeliveredToAsker(question: CoordinatorQuestion): Promise<'sent' | 'moot'> {
        const chat = question.asker.aadObjectId ? await this.deps.registry.personalChat(question.asker.aadObjectId) : undefined;
        if (!chat) return 'moot';
        const contact = this.deps.contactFor?.(question.municipality);
        const who = contact ? `${contact.name}${contact.email ? ` (${contact.email})` : ''}` : `de aandachtfunctionaris mensenhandel van ${question.municipality}`;
        const text =
            `Je vraag aan de aandachtfunctionaris van ${question.municipality} kon ik niet bezorgen: hun kanaal is niet bereikbaar. ` +
            `Neem rechtstreeks contact op met ${who}. Is er acuut gevaar? Bel 112.`;
        await this.deps.messenger.sendToConversation(chat, { type: 'message', text });
        return 'sent';
    }

    async alertAdmin(question: CoordinatorQuestion, recipient: string, causeStatus: string | undefined): Promise<'sent' | 'moot'> {
        const chat = await this.deps.registry.personalChat(recipient);
        if (!chat) {
            this.deps.logger.error({ questionId: question.questionId, event: 'question.alertUndeliverable' }, 'admin has no known 1:1 chat; alert not sent');
            return 'moot';
        }
        const m = question.municipality;
        const asked = formatDutchDateTime(question.turns[0]?.askedAt ?? '');
        // No content: an admin need not be a coordinator.
        const text =
            `Een vraag aan de aandachtfunctionaris van ${m} (gesteld ${asked}) kon in geen enkel kanaal worden geplaatst (${failureReason(causeStatus)}). ` +
            `De vraagsteller hoorde dat en is naar de aandachtfunctionaris verwezen. Koppel een kanaal: typ "koppel ${m}" in het kanaal van de aandachtfunctionaris van ${m}, of "koppel reservekanaal".`;
        await this.deps.messenger.sendToConversation(chat, { type: 'message', text });
        return 'sent';
    }

    private async channel(conversationId: string): Promise<ConversationTarget> {
        const target = await this.deps.routing.targetOf(channelOf(conversationId));
        if (!target) throw new DeliveryError('no reference for the channel', { status: 404 });
        return target;
    }
}
