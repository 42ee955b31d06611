/**
 * The Teams side of the learning outbox: the weekly case card into the participant's 1:1 chat, through
 * the proactive messenger (so the shared Teams pacer keeps every send inside Teams' rate limits).
 */
import { renderLearningCaseCard } from '../../cards/learningCards';
import { cardMessage } from '../../dialogs/cardMessage';
import type { LearningCase } from '../learning/learningContent';
import type { Participant } from '../learning/learningModel';
import type { LearningSender } from '../learning/learningOutbox';
import type { ChannelRegistry } from './channelRegistry';
import type { ProactiveMessenger } from './proactiveMessenger';

export class TeamsLearningSender implements LearningSender {
    constructor(private readonly deps: { registry: ChannelRegistry; messenger: ProactiveMessenger }) {}

    async sendCase(participant: Participant, learningCase: LearningCase): Promise<'sent' | 'moot'> {
        const chat = await this.deps.registry.personalChat(participant.aadObjectId);
        if (!chat) return 'moot';
        await this.deps.messenger.sendToConversation(chat, cardMessage(renderLearningCaseCard(learningCase, 'weekly')));
        return 'sent';
    }
}
