import { sendCard } from './cardMessage';
import type { TurnContext } from 'botbuilder';
import type { Logger } from '../bot/logger';
import { formatDutchDate } from '../bot/domain/amsterdamTime';
import { formatSources, presentContact } from '../bot/knowledge/contactPresentation';
import type { KnowledgeAnswer, KnowledgeBase } from '../bot/knowledge/knowledgeBase';
import type { KnowledgeEntry } from '../bot/knowledge/knowledgeTypes';
import { isMunicipality, type Municipality } from '../bot/domain/vocabulary';
import type { Coordinator } from '../bot/organisation/organisationDirectory';
import { NO_MUNICIPALITY, renderAnswerCard, type AnswerCardData, type EntryLink, type MunicipalityContactView } from '../cards/answerCard';
import { renderDangerCard } from '../cards/dangerBanner';
import { renderRouteAdviceCard } from '../cards/routeAdviceCard';
import { assessDanger } from '../bot/knowledge/dangerDetector';
import { dangerBannerData, municipalityContact, routeAdviceCardData, safeRoutes, type DangerFacts } from './knowledgePresentation';
import { renderNoAnswerCard } from '../cards/noAnswerCard';
import type { AdaptiveCardJson } from '../cards/renderCard';
import { renderTopicCard } from '../cards/topicCard';
import { renderTopicsCard } from '../cards/topicsCard';

const ID_SHAPE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export const UNKNOWN_ENTRY_MESSAGE = 'Dat onderwerp kan ik niet vinden. Kies een onderwerp uit de lijst of stel je vraag opnieuw.';
export const EMPTY_QUESTION_MESSAGE = 'Typ je vraag over mensenhandel, signalen of meldroutes, dan zoek ik het antwoord op.';

/** Where the responder finds a municipality's aandachtfunctionarissen (the organisation configuration). */
export interface CoordinatorLookup {
    coordinatorsOf(municipality: Municipality): readonly Coordinator[];
}

/**
 * Answers questions, shows entries and the topic lists as cards. The router calls it for free
 * text questions and for the card actions 'knowledge.entry' (entryId), 'knowledge.topic'
 * (topicId) and 'knowledge.askCoordinator', and for 'menu.onderwerpen'. Ids from card data are
 * checked here: a forged or stale id gets a Dutch message and nothing else.
 */
export class KnowledgeResponder {
    constructor(
        private readonly knowledge: KnowledgeBase,
        private readonly logger: Logger,
        private readonly coordinators: CoordinatorLookup = { coordinatorsOf: () => [] },
    ) {}

    async answer(context: TurnContext, question: string): Promise<void> {
        if (question.trim().length === 0) {
            await context.sendActivity(EMPTY_QUESTION_MESSAGE);
            return;
        }
        const answer = this.knowledge.ask(question);
        // Outcome and ids only: the question itself is free text and stays out of the log.
        this.logger.info(
            {
                event: 'knowledge.answer',
                outcome: answer.situation !== undefined ? 'situation' : answer.kind,
                entryId: answer.kind === 'answer' ? answer.entry.id : undefined,
                acuteDanger: answer.acuteDanger,
                english: answer.english,
                municipality: answer.municipality,
            },
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
        await sendCard(context, renderAnswerCard(answerCardData(this.knowledge, entry, [], NO_CONTEXT)));
    }

    /**
     * "Vraag het de aandachtfunctionaris" on a non-answer. Until questions can be sent through the bot,
     * it shows who the aandachtfunctionaris is and how to reach them, for the municipality the question
     * named if it named one. The button carries that municipality only, never the question: free text
     * does not travel in card data, and a forged value is just "no municipality".
     */
    async askCoordinator(context: TurnContext, municipalityValue: unknown): Promise<void> {
        const municipality = isMunicipality(municipalityValue) ? municipalityValue : undefined;
        this.logger.info({ event: 'knowledge.askCoordinator', municipality }, 'aandachtfunctionaris contact shown');
        const entry = this.knowledge.entry('aandachtfunctionaris');
        if (entry === undefined) return;
        const view = { ...NO_CONTEXT, municipality: municipalityContact(municipality, this.coordinatorsFor(municipality)) };
        await sendCard(context, renderAnswerCard(answerCardData(this.knowledge, entry, [], view)));
    }

    /** The 112 card alone when a text signals danger now; undefined otherwise. */
    dangerCardFor(text: string): AdaptiveCardJson | undefined {
        const danger = assessDanger(text);
        return danger.acute ? renderDangerCard(dangerBannerData(this.knowledge, danger)) : undefined;
    }

    /**
     * Danger first: the router calls this for every free text that is not answered as a question
     * (a greeting, "help, ...", a typed answer in a flow), so 112 comes before anything else.
     */
    async warnIfDanger(context: TurnContext, text: string): Promise<boolean> {
        const card = this.dangerCardFor(text);
        if (card === undefined) return false;
        this.logger.info({ event: 'knowledge.danger', outcome: 'warned' }, 'acute danger advice shown first');
        await sendCard(context, card);
        return true;
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

    /** The card for an answer: route advice for a story, the entry for a question, or a non-answer with the safe routes. */
    cardFor(answer: KnowledgeAnswer): AdaptiveCardJson {
        const danger: DangerFacts = { acute: answer.acuteDanger, selfHarm: answer.selfHarm, minor: answer.minorInDanger || answer.situation?.facts.minor === 'ja' };
        if (answer.situation !== undefined) {
            const { situation } = answer;
            return renderRouteAdviceCard(
                routeAdviceCardData(this.knowledge, situation.advice, {
                    intro: `${situation.understood}\n\nZo pak je het aan, in deze volgorde:`,
                    english: answer.english,
                    offerWizard: true,
                    danger,
                    extraRelated: answer.kind === 'answer' ? [answer.entry.id, ...answer.alternatives.map((e) => e.id)] : [],
                }),
            );
        }
        if (answer.kind === 'answer') {
            const municipality = answer.entry.id === 'aandachtfunctionaris' ? municipalityContact(answer.municipality, this.coordinatorsFor(answer.municipality)) : NO_MUNICIPALITY;
            return renderAnswerCard(answerCardData(this.knowledge, answer.entry, answer.alternatives, { danger, english: answer.english, municipality }));
        }
        const suggestions = answer.suggestions.map(toLink);
        return renderNoAnswerCard({
            danger: dangerBannerData(this.knowledge, danger),
            english: answer.english,
            ...safeRoutes(this.knowledge),
            municipality: answer.municipality ?? '',
            suggestions,
            hasSuggestions: suggestions.length > 0,
        });
    }

    private coordinatorsFor(municipality: Municipality | undefined): readonly Coordinator[] {
        return municipality === undefined ? [] : this.coordinators.coordinatorsOf(municipality);
    }
}

interface AnswerContextView {
    danger: DangerFacts;
    english: boolean;
    municipality: MunicipalityContactView;
}

const NO_CONTEXT: AnswerContextView = { danger: { acute: false, selfHarm: false, minor: false }, english: false, municipality: NO_MUNICIPALITY };

export function answerCardData(kb: KnowledgeBase, entry: KnowledgeEntry, alternatives: KnowledgeEntry[], view: AnswerContextView): AnswerCardData {
    const contacts = kb.contactsOf(entry).map(presentContact);
    const links = alternatives.slice(0, 3).map(toLink);
    return {
        ...view.municipality,
        danger: dangerBannerData(kb, view.danger),
        english: view.english,
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
