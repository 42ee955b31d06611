import { reportUrgency, DELIVERY_STATE_LABELS, REPORT_STATUS_LABELS, URGENCY_LABELS, type Report, type Urgency } from '../bot/reports/reportModel';
import template from './reportChannelCard.json';
import { expandCard, plainText, type AdaptiveCardJson } from './renderCard';
import { formatDutchDateTime, reportFacts, type Fact } from './reportSummaryFacts';

/** Template data of the card the coordinators see in their channel. All user text is already escaped. */
export interface ReportChannelCardData {
    urgencyLabel: string;
    urgencyStyle: 'attention' | 'warning' | 'emphasis';
    urgencyColor: 'Attention' | 'Warning' | 'Default';
    reference: string;
    municipality: string;
    fallbackNotice: string;
    description: string;
    facts: Fact[];
    reporterName: string;
    submittedAt: string;
    statusLabel: string;
    deliveryLabel: string;
}

const URGENCY_LOOK: Record<Urgency, Pick<ReportChannelCardData, 'urgencyStyle' | 'urgencyColor'>> = {
    acuut: { urgencyStyle: 'attention', urgencyColor: 'Attention' },
    hoog: { urgencyStyle: 'warning', urgencyColor: 'Warning' },
    normaal: { urgencyStyle: 'emphasis', urgencyColor: 'Default' },
};

export function reportChannelCardData(report: Report): ReportChannelCardData {
    const urgency = reportUrgency(report);
    return {
        urgencyLabel: URGENCY_LABELS[urgency],
        ...URGENCY_LOOK[urgency],
        reference: report.reference,
        municipality: report.municipality,
        fallbackNotice:
            report.channelKind === 'fallback'
                ? `Voor ${report.municipality} is nog geen kanaal gekoppeld; deze melding staat daarom in het algemene kanaal. Zet haar door naar de aandachtfunctionaris van ${report.municipality}.`
                : '',
        description: plainText(report.description),
        facts: reportFacts(report),
        reporterName: report.reporter.displayName ? plainText(report.reporter.displayName) : 'Onbekende naam (zie Teams-account)',
        submittedAt: formatDutchDateTime(report.submittedAt),
        statusLabel: REPORT_STATUS_LABELS[report.status],
        deliveryLabel: report.delivery.state === 'niet_bezorgd' && report.delivery.failureReason
            ? `${DELIVERY_STATE_LABELS.niet_bezorgd}: ${plainText(report.delivery.failureReason)}`
            : DELIVERY_STATE_LABELS[report.delivery.state === 'wachtrij' ? 'bezorgd' : report.delivery.state],
    };
}

/** The structured card posted as a new thread in the aandachtfunctionaris channel. */
export function renderReportChannelCard(report: Report): AdaptiveCardJson {
    return expandCard(template, reportChannelCardData(report));
}
