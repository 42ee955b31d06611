import type { ReportDraft } from '../bot/reports/reportModel';
import template from './reportSummary.json';
import { expandCard, plainText, type AdaptiveCardJson } from './renderCard';
import { reportFacts, type Fact } from './reportSummaryFacts';

export interface ReportSummaryCardData {
    municipality: string;
    description: string;
    facts: Fact[];
    /** Travels in the Versturen data, so a repeated click stores one report. */
    submissionId: string;
    /** A banner above the summary, e.g. after a failed save; '' for none. */
    notice: string;
}

export function reportSummaryCardData(draft: ReportDraft, submissionId: string, notice = ''): ReportSummaryCardData {
    return { municipality: draft.municipality, description: plainText(draft.description), facts: reportFacts(draft), submissionId, notice };
}

/** The summary with Versturen / Wijzigen / Annuleren. */
export function renderReportSummaryCard(draft: ReportDraft, submissionId: string, notice = ''): AdaptiveCardJson {
    return expandCard(template, reportSummaryCardData(draft, submissionId, notice));
}
