import type { CoordinatorContact } from '../bot/reports/ports';
import type { Report } from '../bot/reports/reportModel';
import template from './reportConfirmation.json';
import { expandCard, plainText, type AdaptiveCardJson } from './renderCard';

export interface ReportConfirmationCardData {
    reference: string;
    municipality: string;
    routeNotice: string;
    coordinatorName: string;
    coordinatorEmail: string;
    acuteDanger: boolean;
}

export function reportConfirmationCardData(report: Report, coordinator: CoordinatorContact | undefined): ReportConfirmationCardData {
    const routeNotice =
        report.channelKind === 'fallback'
            ? `Voor ${report.municipality} is nog geen eigen Teams-kanaal gekoppeld. Je melding gaat daarom naar het algemene meldkanaal, en wordt van daaruit doorgezet.`
            : report.channelKind === 'none'
              ? 'Er is nog geen Teams-kanaal ingesteld om meldingen door te sturen. Je melding is wel veilig opgeslagen. Laat het de aandachtfunctionaris ook zelf weten.'
              : '';
    return {
        reference: report.reference,
        municipality: report.municipality,
        routeNotice,
        coordinatorName: coordinator ? plainText(coordinator.name) : 'Nog niet bekend. Vraag het na bij je leidinggevende.',
        coordinatorEmail: coordinator?.email ? plainText(coordinator.email) : '–',
        acuteDanger: report.acuteDanger,
    };
}

/** Shown once a report is stored: reference, what happens next, who the aandachtfunctionaris is. */
export function renderReportConfirmationCard(report: Report, coordinator: CoordinatorContact | undefined): AdaptiveCardJson {
    return expandCard(template, reportConfirmationCardData(report, coordinator));
}
