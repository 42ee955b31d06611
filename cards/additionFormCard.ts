import { REPORT_STATUS_LABELS, type Report } from '../bot/reports/reportModel';
import { formatDutchDateTime } from '../bot/domain/amsterdamTime';
import template from './additionForm.json';
import { expandCard, type AdaptiveCardJson } from './renderCard';

/** Template data of the form a reporter fills in to add to their own report (1:1 chat only). */
export interface AdditionFormCardData {
    reference: string;
    municipality: string;
    submittedAt: string;
    statusLabel: string;
    closed: boolean;
    reportId: string;
    /** Fresh per form: a second press of the same form's button stores nothing new. */
    additionId: string;
}

export function additionFormCardData(report: Report, additionId: string): AdditionFormCardData {
    return {
        reference: report.reference,
        municipality: report.municipality,
        submittedAt: formatDutchDateTime(report.submittedAt),
        statusLabel: REPORT_STATUS_LABELS[report.status],
        closed: report.status === 'afgesloten',
        reportId: report.reportId,
        additionId,
    };
}

export function renderAdditionFormCard(report: Report, additionId: string): AdaptiveCardJson {
    return expandCard(template, additionFormCardData(report, additionId));
}
