import type { EntryLink } from './answerCard';
import { withDangerBanner, type DangerBannerData } from './dangerBanner';
import template from './noAnswerCard.json';
import { expandCard, type AdaptiveCardJson } from './renderCard';

export interface NoAnswerCardData {
    danger: DangerBannerData;
    english: boolean;
    /** The aandachtfunctionaris, Veilig Thuis and 112, one per line, numbers from contacten.yaml. */
    safeRoutes: string;
    safeCalls: { title: string; url: string }[];
    /** The municipality the question named ('' if none), carried by "Vraag het de aandachtfunctionaris". */
    municipality: string;
    /** Weak matches offered as "misschien bedoel je"; never presented as the answer. */
    suggestions: EntryLink[];
    hasSuggestions: boolean;
}

export function renderNoAnswerCard(data: NoAnswerCardData): AdaptiveCardJson {
    return withDangerBanner(expandCard(template, data), data.danger);
}
