/**
 * Pieces every case follow-up shares (status changes, additions, questions to and answers from the
 * reporter): the key of a change's rows and the thread line with what the reporter typed.
 */
import { escapeMarkdown } from '../domain/invisibleText';
import { assessDanger } from '../knowledge/dangerDetector';
import type { Report } from '../reports/reportModel';
import type { HistoryEntry } from './caseModel';

/** The key of a change's follow-up rows: its case version, so a repeat of the same change cannot send twice. */
export function followUpKey(entry: Pick<HistoryEntry, 'version'>): string {
    return `v${String(entry.version).padStart(7, '0')}`;
}

/**
 * A thread line with what the reporter typed (an addition, an answer): for the coordinators only,
 * danger first, the text escaped so it reads as typed, and on a closed report the hint to reopen it.
 */
export function reporterTextLine(report: Report, heading: string, dangerLabel: string, text: string, about: string): string {
    const danger = assessDanger(text).acute ? `**MOGELIJK ACUUT GEVAAR in ${dangerLabel}.** ` : '';
    const closed = report.status === 'afgesloten' ? '\n\nDeze melding is afgesloten. Moet ze opnieuw bekeken worden? Kies dan **Heropenen** op de kaart.' : '';
    return `${danger}**${heading}** ${about}:\n\n${escapeMarkdown(text)}${closed}`;
}
