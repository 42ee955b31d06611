import type { Report } from '../bot/reports/reportModel';
import { formatDutchDateTime } from '../bot/domain/amsterdamTime';
import template from './reporterQuestion.json';
import { expandCard, plainText, type AdaptiveCardJson } from './renderCard';

/**
 * Template data of the card a reporter gets 1:1 when a coordinator asks about their report. On purpose
 * only what the reporter already knows (reference, municipality, date) and the question itself: no
 * status detail, notes, partner or coordinator's name.
 */
export interface ReporterQuestionCardData {
    reference: string;
    municipality: string;
    submittedAt: string;
    /** Escaped: the coordinator typed it. */
    question: string;
    reportId: string;
    /** The question's case version: the answer names it, so a replaced question is recognised. */
    questionVersion: number;
}

export function reporterQuestionCardData(report: Report, question: string, questionVersion: number): ReporterQuestionCardData {
    return {
        reference: report.reference,
        municipality: report.municipality,
        submittedAt: formatDutchDateTime(report.submittedAt),
        question: plainText(question),
        reportId: report.reportId,
        questionVersion,
    };
}

export function renderReporterQuestionCard(report: Report, question: string, questionVersion: number): AdaptiveCardJson {
    return expandCard(template, reporterQuestionCardData(report, question, questionVersion));
}
