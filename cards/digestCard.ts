import template from './digest.json';
import { expandCard, plainText, type AdaptiveCardJson } from './renderCard';

/** The Monday digest (bot/reports/weeklyDigest.ts writes the text: counts and references only). */
export function renderDigestCard(text: string): AdaptiveCardJson {
    return expandCard(template, { paragraphs: text.split('\n\n').map((p) => plainText(p)) });
}
