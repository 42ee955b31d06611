import { CASE_PARTNERS, CASE_PARTNER_LABELS, CASE_VERBS, CLOSE_REASONS, CLOSE_REASON_LABELS, type CaseCommandKind } from '../bot/cases/caseModel';
import { commandsInState, currentVersion } from '../bot/cases/caseStateMachine';
import { reportUrgency, DELIVERY_STATE_LABELS, REPORT_STATUS_LABELS, URGENCY_LABELS, type Report, type Urgency } from '../bot/reports/reportModel';
import template from './reportChannelCard.json';
import { expandCard, plainText, type AdaptiveCardJson } from './renderCard';
import { formatDutchDateTime, reportFacts, type Fact } from './reportSummaryFacts';

interface Choice {
    title: string;
    value: string;
}

/** Template data of the card the coordinators see in their channel. All user text is already escaped. */
export interface ReportChannelCardData {
    notice: string;
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
    assigneeLabel: string;
    lastChange: string;
    deliveryLabel: string;
    purgedNotice: string;
    actionsNotice: string;
    reportId: string;
    version: number;
    canOppakken: boolean;
    canToewijzen: boolean;
    canDoorzetten: boolean;
    canAfsluiten: boolean;
    canNotitie: boolean;
    canHeropenen: boolean;
    showHistory: boolean;
    coordinators: Choice[];
    partners: Choice[];
    closeReasons: Choice[];
}

export interface ReportChannelCardOptions {
    /** Coordinators of the report's municipality, for "Toewijzen aan". */
    coordinators?: readonly { aadObjectId: string; name: string }[];
    /** A line at the top, e.g. why an action was refused (only in the invoke response to one person). */
    notice?: string;
}

const URGENCY_LOOK: Record<Urgency, Pick<ReportChannelCardData, 'urgencyStyle' | 'urgencyColor'>> = {
    acuut: { urgencyStyle: 'attention', urgencyColor: 'Attention' },
    hoog: { urgencyStyle: 'warning', urgencyColor: 'Warning' },
    normaal: { urgencyStyle: 'emphasis', urgencyColor: 'Default' },
};

export function reportChannelCardData(report: Report, options: ReportChannelCardOptions = {}): ReportChannelCardData {
    const urgency = reportUrgency(report);
    const handling = report.handling;
    const purged = report.purgedAt !== undefined;
    // The shared card shows what the state allows; who may press is checked on the server per action.
    const inState = new Set<CaseCommandKind>(purged ? [] : commandsInState(report.status));
    const coordinators = (options.coordinators ?? []).map((c) => ({ title: c.name, value: c.aadObjectId }));
    const partnerLabel = handling?.partner && (CASE_PARTNERS as readonly string[]).includes(handling.partner)
        ? CASE_PARTNER_LABELS[handling.partner as (typeof CASE_PARTNERS)[number]]
        : undefined;
    return {
        notice: options.notice ? plainText(options.notice) : '',
        urgencyLabel: URGENCY_LABELS[urgency],
        ...URGENCY_LOOK[urgency],
        reference: report.reference,
        municipality: report.municipality,
        fallbackNotice:
            report.channelKind === 'fallback'
                ? `Voor ${report.municipality} is nog geen kanaal gekoppeld; deze melding staat daarom in het algemene kanaal. Zet haar door naar de aandachtfunctionaris van ${report.municipality}.`
                : '',
        description: purged ? 'Verwijderd na de bewaartermijn.' : plainText(report.description),
        facts: reportFacts(report),
        reporterName: purged ? 'Verwijderd na de bewaartermijn' : report.reporter.displayName ? plainText(report.reporter.displayName) : 'Onbekende naam (zie Teams-account)',
        submittedAt: formatDutchDateTime(report.submittedAt),
        statusLabel: report.status === 'doorgezet' && partnerLabel ? `${REPORT_STATUS_LABELS.doorgezet}: ${partnerLabel}` : REPORT_STATUS_LABELS[report.status],
        assigneeLabel: handling?.assigneeName ? plainText(handling.assigneeName) : 'Nog niemand',
        lastChange: handling?.lastChangeSummary && handling.lastChangeAt
            ? `${plainText(handling.lastChangeSummary)} (${formatDutchDateTime(handling.lastChangeAt)})`
            : 'Nog geen',
        deliveryLabel: report.delivery.state === 'niet_bezorgd' && report.delivery.failureReason
            ? `${DELIVERY_STATE_LABELS.niet_bezorgd}: ${plainText(report.delivery.failureReason)}`
            : DELIVERY_STATE_LABELS[report.delivery.state === 'wachtrij' ? 'bezorgd' : report.delivery.state],
        purgedNotice: purged ? `De persoonsgegevens en vrije tekst van deze melding zijn verwijderd op ${formatDutchDateTime(report.purgedAt ?? '')} (bewaartermijn). De cijfers blijven meetellen.` : '',
        actionsNotice: purged ? '' : `Alleen de aandachtfunctionarissen van ${report.municipality} kunnen deze melding behandelen.`,
        reportId: report.reportId,
        version: currentVersion(report),
        canOppakken: inState.has('oppakken'),
        canToewijzen: inState.has('toewijzen') && coordinators.length > 0,
        canDoorzetten: inState.has('doorzetten'),
        canAfsluiten: inState.has('afsluiten'),
        canNotitie: inState.has('notitie'),
        canHeropenen: inState.has('heropenen'),
        showHistory: true,
        coordinators,
        partners: CASE_PARTNERS.map((p) => ({ title: CASE_PARTNER_LABELS[p], value: p })),
        closeReasons: CLOSE_REASONS.map((r) => ({ title: CLOSE_REASON_LABELS[r], value: r })),
    };
}

/** The structured card posted as a new thread in the aandachtfunctionaris channel, with the case buttons of its state. */
export function renderReportChannelCard(report: Report, options: ReportChannelCardOptions = {}): AdaptiveCardJson {
    return expandCard(template, reportChannelCardData(report, options));
}

/** Verbs the card can send, for tests and the handler's own checks. */
export const CHANNEL_CARD_VERBS = Object.values(CASE_VERBS);
