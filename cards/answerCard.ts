import type { ContactView } from '../bot/knowledge/contactPresentation';
import template from './answerCard.json';
import { expandCard, type AdaptiveCardJson } from './renderCard';

export interface EntryLink {
    entryId: string;
    title: string;
}

export interface AnswerCardData {
    acuteDanger: boolean;
    title: string;
    /** Content text (markdown written by the aandachtfunctionaris, not by the asker). */
    text: string;
    contacts: ContactView[];
    hasContacts: boolean;
    sources: string;
    lastChecked: string;
    alternatives: EntryLink[];
    hasAlternatives: boolean;
}

export function renderAnswerCard(data: AnswerCardData): AdaptiveCardJson {
    return expandCard(template, data);
}
