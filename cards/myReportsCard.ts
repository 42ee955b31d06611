import { DELIVERY_STATE_LABELS, REPORT_STATUS_LABELS, type ReportListItem } from '../bot/reports/reportModel';
import template from './myReports.json';
import { expandCard, type AdaptiveCardJson } from './renderCard';
import { formatDutchDateTime } from '../bot/domain/amsterdamTime';

export interface MyReportsItem {
    /** For the "Aanvullen" button; the server checks again that the report is the presser's own. */
    reportId: string;
    reference: string;
    municipality: string;
    submittedAt: string;
    statusLabel: string;
    deliveryLabel: string;
}

export interface MyReportsCardData {
    items: MyReportsItem[];
}

export function myReportsCardData(reports: readonly ReportListItem[]): MyReportsCardData {
    return {
        items: reports.map((r) => ({
            reportId: r.reportId,
            reference: r.reference,
            municipality: r.municipality,
            submittedAt: formatDutchDateTime(r.submittedAt),
            statusLabel: REPORT_STATUS_LABELS[r.status],
            deliveryLabel:
                r.deliveryState === 'niet_bezorgd'
                    ? r.alertedAt
                        ? 'Nog niet bij de aandachtfunctionaris aangekomen. De beheerders zijn gewaarschuwd en sturen haar opnieuw. Neem ook zelf contact op met de aandachtfunctionaris; bij acuut gevaar bel 112.'
                        : 'Nog niet bij de aandachtfunctionaris aangekomen. Neem zelf contact op met de aandachtfunctionaris; bij acuut gevaar bel 112.'
                    : DELIVERY_STATE_LABELS[r.deliveryState],
        })),
    };
}

/** The colleague's own reports: reference, date, status. Never anyone else's. */
export function renderMyReportsCard(reports: readonly ReportListItem[]): AdaptiveCardJson {
    return expandCard(template, myReportsCardData(reports));
}
