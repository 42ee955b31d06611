/**
 * What a case change must tell Teams, decided in the domain and written in the change's own transaction
 * (the outbox worker sends it): the shared channel card shows the new state, a short line goes into the
 * report's thread, and on a status change the reporter hears it 1:1 (never notes, partner or reason).
 */
import type { FollowUp, QueuedFollowUps } from '../reports/ports';
import { REPORT_STATUS_LABELS, type Report, type ReportStatus } from '../reports/reportModel';
import type { HistoryEntry } from './caseModel';
import { followUpsOfReporterQuestion } from './reporterQuestions';
import { followUpKey } from './followUpText';

const REPORTER_LINES: Record<ReportStatus, (report: Report) => string> = {
    nieuw: (r) => `Je melding ${r.reference} staat weer op "Nieuw".`,
    in_behandeling: (r) => `Je melding ${r.reference} is in behandeling bij de aandachtfunctionaris mensenhandel van ${r.municipality}.`,
    doorgezet: (r) =>
        `Je melding ${r.reference} is doorgezet naar een ketenpartner. Met wie de aandachtfunctionaris samenwerkt, blijft vertrouwelijk; je hoeft zelf niets te doen.`,
    afgesloten: (r) => `De behandeling van je melding ${r.reference} is afgerond. Dank je wel dat je het meldde: zo wordt mensenhandel zichtbaar.`,
};

/** Marks the assignee in a thread line; the Teams sender turns it into an @mention of that coordinator. */
export const MENTION_OPEN = '<at>';
export const MENTION_CLOSE = '</at>';

/** The line in the report's thread: the change summary, and the new status when it changed. */
export function threadLineFor(report: Report, entry: HistoryEntry): string {
    let summary = report.handling?.lastChangeSummary ?? 'Gewijzigd';
    const assignee = entry.action === 'toewijzen' ? entry.assigneeName : undefined;
    // Toewijzen mentions the assignee, so Teams tells them; the name is the organisation file's.
    if (assignee) summary = summary.replace(`aan ${assignee}`, `aan ${MENTION_OPEN}${assignee.replace(/[<>]/g, '')}${MENTION_CLOSE}`);
    const status = entry.fromStatus === entry.toStatus ? '' : ` Status: ${REPORT_STATUS_LABELS[entry.toStatus]}.`;
    return `${summary}.${status}`;
}

export function reporterLineFor(report: Report): string {
    return REPORTER_LINES[report.status](report);
}

/** The follow-ups of an applied change (`next` is the report after it). */
export function followUpsOfChange(next: Report, entry: HistoryEntry, statusChanged: boolean, at: Date): QueuedFollowUps {
    // A question carries its text to the thread and, as a card, to the reporter (never a status line).
    if (entry.action === 'vraagMelder') return followUpsOfReporterQuestion(next, entry, at);
    const key = followUpKey(entry);
    const items: FollowUp[] = [{ purpose: 'card' }, { purpose: 'thread', key, text: threadLineFor(next, entry) }];
    const reporter = next.reporter.aadObjectId;
    if (statusChanged && reporter) items.push({ purpose: 'person', key, recipient: reporter, text: reporterLineFor(next) });
    return { at, items };
}

/** Retention: the channel card is replaced with the purged form. */
export function followUpsOfPurge(at: Date): QueuedFollowUps {
    return { at, items: [{ purpose: 'card' }] };
}
