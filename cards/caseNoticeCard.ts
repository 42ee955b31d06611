import template from './caseNoticeCard.json';
import { expandCard, plainText, type AdaptiveCardJson } from './renderCard';

/** A short card answer to a case action when there is no report card to show (forged or unknown report). */
export interface CaseNoticeCardData {
    title: string;
    message: string;
}

export function renderCaseNoticeCard(data: CaseNoticeCardData): AdaptiveCardJson {
    return expandCard(template, { title: plainText(data.title), message: plainText(data.message) });
}
