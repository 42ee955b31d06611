import type { EntryLink } from './answerCard';
import template from './noAnswerCard.json';
import { expandCard, type AdaptiveCardJson } from './renderCard';

export interface NoAnswerCardData {
    acuteDanger: boolean;
    /** Weak matches offered as "misschien bedoel je"; never presented as the answer. */
    suggestions: EntryLink[];
    hasSuggestions: boolean;
}

export function renderNoAnswerCard(data: NoAnswerCardData): AdaptiveCardJson {
    return expandCard(template, data);
}
