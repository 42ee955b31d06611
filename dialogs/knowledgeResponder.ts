import { sendCard } from './cardMessage';
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../bot/logger';
import { formatDutchDate, formatSources, presentContact } from '../bot/knowledge/contactPresentation';
import type { KnowledgeAnswer, KnowledgeBase } from '../bot/knowledge/knowledgeBase';
import type { KnowledgeEntry } from '../bot/knowledge/knowledgeTypes';
import { renderAnswerCard, type AnswerCardData, type EntryLink } from '../cards/answerCard';
import { renderNoAnswerCard } from '../cards/noAnswerCard';
import type { AdaptiveCardJson } from '../cards/renderCard';
import { renderTopicCard } from '../cards/topicCard';
import { renderTopicsCard } from '../cards/topicsCard';

const ID_SHAPE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const UNKNOWN_ENTRY_MESSAGE = 'Dat onderwerp kan ik niet vinden. Kies een onderwerp uit de lijst of stel je vraag opnieuw.';
export const EMPTY_QUESTION_MESSAGE = 'Typ je vraag over mensenhandel, signalen of meldroutes, dan zoek ik het antwoord op.';

/**
 * Answers questions, shows entries and the topic lists as cards. The router calls it for free
 * text questions and for the card actions 'knowledge.entry' (entryId) and 'knowledge.topic'
 * (topicId), and for 'menu.onderwerpen'. Ids from card data are checked here: a forged or stale
 * id gets a Dutch message and nothing else.
 */
export class KnowledgeResponder {
    constructor(
        private readonly knowledge: KnowledgeBase,
        private readonly logger: Logger,
    ) {}

    async answer(context: TurnContext, question: string): Promise<void> {
        if (question.trim().length === 0) {
            await context.sendActivity(EMPTY_QUESTION_MESSAGE);
            return;
        }
        const answer = this.knowledge.ask(question);
        // Outcome and entry id only: the question itself is free text and stays out of the log.
        this.logger.info(
            { event: 'knowledge.answer', outcome: answer.kind, entryId: answer.kind === 'answer' ? answer.entry.id : undefined, acuteDanger: answer.acuteDanger },
            'knowledge question answered',
        );
        await sendCard(context, this.cardFor(answer));
    }

    async showEntry(context: TurnContext, entryId: unknown): Promise<void> {
        const entry = typeof entryId === 'string' && ID_SHAPE.test(entryId) ? this.knowledge.entry(entryId) : undefined;
        if (entry === undefined) {
            this.logger.info({ event: 'knowledge.entry', outcome: 'unknown' }, 'unknown knowledge entry requested');
            await context.sendActivity(UNKNOWN_ENTRY_MESSAGE);
            return;
        }
        this.logger.info({ event: 'knowledge.entry', outcome: 'shown', entryId: entry.id }, 'knowledge entry shown');
        await sendCard(context, renderAnswerCard(answerCardData(this.knowledge, entry, [], false)));
    }

    async showTopics(context: TurnContext): Promise<void> {
        const topics = this.knowledge.topics().map((t) => ({ topicId: t.id, title: t.title, description: t.description }));
        await sendCard(context, renderTopicsCard({ topics }));
    }

    async showTopic(context: TurnContext, topicId: unknown): Promise<void> {
        const topic = typeof topicId === 'string' && ID_SHAPE.test(topicId) ? this.knowledge.topic(topicId) : undefined;
        if (topic === undefined) {
            await context.sendActivity(UNKNOWN_ENTRY_MESSAGE);
            await this.showTopics(context);
            return;
        }
        const entries = this.knowledge.entriesOf(topic).map((e) => ({ entryId: e.id, title: e.title, summary: e.summary }));
        await sendCard(context, renderTopicCard({ title: topic.title, description: topic.description, entries }));
    }

    cardFor(answer: KnowledgeAnswer): AdaptiveCardJson {
        if (answer.kind === 'answer') {
            return renderAnswerCard(answerCardData(this.knowledge, answer.entry, answer.alternatives, answer.acuteDanger));
        }
        const suggestions = answer.suggestions.map(toLink);
        return renderNoAnswerCard({ acuteDanger: answer.acuteDanger, suggestions, hasSuggestions: suggestions.length > 0 });
    }
}

export function answerCardData(kb: KnowledgeBase, entry: KnowledgeEntry, alternatives: KnowledgeEntry[], acuteDanger: boolean): AnswerCardData {
    const contacts = kb.contactsOf(entry).map(presentContact);
    const links = alternatives.slice(0, 3).map(toLink);
    return {
        acuteDanger,
        title: entry.title,
        text: entry.text,
        contacts,
        hasContacts: contacts.length > 0,
        sources: formatSources(entry.sources),
        lastChecked: formatDutchDate(entry.lastChecked),
        alternatives: links,
        hasAlternatives: links.length > 0,
    };
}

function toLink(e: KnowledgeEntry): EntryLink {
    return { entryId: e.id, title: e.title };
}

