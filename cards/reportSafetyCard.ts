import questionTemplate from './reportSafety.json';
import adviceTemplate from './reportSafetyAdvice.json';
import { expandCard, type AdaptiveCardJson } from './renderCard';

/** The first question of the report flow: is anyone in acute danger right now? */
export function renderReportSafetyCard(): AdaptiveCardJson {
    return expandCard(questionTemplate, {});
}

export interface ReportSafetyAdviceData {
    continueText: string;
}

/** Shown when there is acute danger: 112 first, the police's non-urgent number for later, then the form. */
export function renderReportSafetyAdviceCard(data: ReportSafetyAdviceData = { continueText: 'Heb je gebeld, of kan dat nu niet? Vul daarna hieronder je melding in. Die gaat naar de aandachtfunctionaris mensenhandel.' }): AdaptiveCardJson {
    return expandCard(adviceTemplate, data);
}
