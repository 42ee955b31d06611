import { CASE_PARTNER_LABELS, CLOSE_REASON_LABELS, type HistoryEntry } from '../bot/cases/caseModel';
import { currentVersion } from '../bot/cases/caseStateMachine';
import { REPORT_STATUS_LABELS, type Report } from '../bot/reports/reportModel';
import template from './caseHistoryCard.json';
import { expandCard, plainText, type AdaptiveCardJson } from './renderCard';
import { formatDutchDateTime } from '../bot/domain/amsterdamTime';

interface HistoryLine {
    when: string;
    who: string;
    what: string;
    note: string;
}

/** Template data of the history view one coordinator gets in the invoke response. Text is escaped. */
export interface CaseHistoryCardData {
    reference: string;
    municipality: string;
    reportId: string;
    version: number;
    entries: HistoryLine[];
}

function describe(entry: HistoryEntry): string {
    const to = REPORT_STATUS_LABELS[entry.toStatus];
    const status = entry.fromStatus === entry.toStatus ? '' : ` Status: ${REPORT_STATUS_LABELS[entry.fromStatus]} → ${to}.`;
    switch (entry.action) {
        case 'oppakken':
            return `Opgepakt.${status}`;
        case 'toewijzen':
            return `Toegewezen aan ${plainText(entry.assigneeName ?? 'onbekend')}.${status}`;
        case 'doorzetten':
            return `Doorgezet naar ${entry.partner ? CASE_PARTNER_LABELS[entry.partner] : 'een ketenpartner'}.${status}`;
        case 'afsluiten':
            return `Afgesloten: ${entry.closeReason ? CLOSE_REASON_LABELS[entry.closeReason] : 'zonder reden'}.${status}`;
        case 'notitie':
            return 'Notitie toegevoegd.';
        case 'heropenen':
            return `Heropend.${status}`;
        case 'aanvulling':
            return 'Aanvulling van de melder:';
        case 'vraagMelder':
            return 'Vraag aan de melder:';
        case 'antwoordMelder':
            return 'Antwoord van de melder:';
    }
}

/** Lines whose note is the whole point: after the purge they say the text was removed. */
const FREE_TEXT_ACTIONS = new Set<HistoryEntry['action']>(['notitie', 'aanvulling', 'vraagMelder', 'antwoordMelder']);

export function caseHistoryCardData(report: Report, entries: readonly HistoryEntry[]): CaseHistoryCardData {
    const lines: HistoryLine[] = [
        { when: formatDutchDateTime(report.submittedAt), who: 'Signaalbot', what: 'Melding ontvangen. Status: Nieuw.', note: '' },
        ...entries.map((e) => ({
            when: formatDutchDateTime(e.at),
            who: e.actorName ? plainText(e.actorName) : 'onbekend',
            what: describe(e),
            note: e.note ? plainText(e.note) : report.purgedAt && FREE_TEXT_ACTIONS.has(e.action) ? '(verwijderd na de bewaartermijn)' : '',
        })),
    ];
    return { reference: report.reference, municipality: report.municipality, reportId: report.reportId, version: currentVersion(report), entries: lines };
}

export function renderCaseHistoryCard(report: Report, entries: readonly HistoryEntry[]): AdaptiveCardJson {
    return expandCard(template, caseHistoryCardData(report, entries));
}
