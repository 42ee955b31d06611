import template from './dangerBanner.json';
import { expandCard, type AdaptiveCardJson } from './renderCard';

/** What the danger banner needs; the phone lines come from contacten.yaml, never typed into a card. */
export interface DangerBannerData {
    acute: boolean;
    selfHarm: boolean;
    /** "113 Zelfmoordpreventie: 0800-0113 (gratis, dag en nacht)." */
    selfHarmLine: string;
    minor: boolean;
    /** "Veilig Thuis: 0800-2000 (gratis, 24 uur per dag)." */
    minorLine: string;
    calls: { title: string; url: string }[];
}

export const NO_DANGER: DangerBannerData = { acute: false, selfHarm: false, selfHarmLine: '', minor: false, minorLine: '', calls: [] };

/**
 * Puts the 112 banner on top of a card when a text signals acute danger. One banner for every card
 * that answers free text (answers, non-answers, route advice, the standalone danger card), so the
 * advice reads the same wherever it appears.
 */
export function withDangerBanner(card: AdaptiveCardJson, danger: DangerBannerData): AdaptiveCardJson {
    if (!danger.acute) return card;
    return { ...card, body: [...expandCard(template, danger).body, ...card.body] };
}

/** The banner alone, for a turn whose text signals danger but that is not a question (a greeting, a flow). */
export function renderDangerCard(danger: DangerBannerData): AdaptiveCardJson {
    return withDangerBanner({ type: 'AdaptiveCard', version: '1.5', body: [] }, danger);
}
