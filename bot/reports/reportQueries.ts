/**
 * The archive's questions answered over a list of reports: what the in-memory store does, and what the
 * Tables store falls back to while its indexes are still being built (tableReportIndexes.ts).
 */
import { todayInAmsterdam } from '../domain/amsterdamTime';
import type { Municipality } from '../domain/vocabulary';
import type { StatisticsCell, StoredReport } from './ports';
import type { Report } from './reportModel';

/** The month of a submission in Dutch time ("2026-03"), as the statistics count it. */
export function monthOf(submittedAt: string): string {
    const date = new Date(submittedAt);
    return Number.isNaN(date.getTime()) ? 'onbekend' : todayInAmsterdam(date).slice(0, 7);
}

/** The forms of a report as one key: sorted, each once. */
export const formsKey = (forms: readonly string[]): string => [...new Set(forms)].sort().join(',');

export function cellsOf(reports: readonly Report[]): StatisticsCell[] {
    const cells = new Map<string, StatisticsCell>();
    for (const r of reports) {
        const month = monthOf(r.submittedAt);
        const key = `${month}|${r.municipality}|${formsKey(r.forms)}|${r.status}`;
        const cell = cells.get(key);
        if (cell) cell.count++;
        else cells.set(key, { month, municipality: r.municipality, forms: [...new Set(r.forms)].sort(), status: r.status, count: 1 });
    }
    return [...cells.values()];
}

export const isOpenReport = (r: Report): boolean => r.status !== 'afgesloten' && !r.purgedAt;

export function openOf(reports: readonly Report[], municipalities: readonly Municipality[], limit: number): { reports: Report[]; total: number } {
    const open = reports
        .filter((r) => isOpenReport(r) && municipalities.includes(r.municipality))
        .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.reportId.localeCompare(b.reportId));
    return { reports: open.slice(0, limit), total: open.length };
}

/** Closed, not purged, closed at or before the cutoff. */
export function isDueForRetention(r: Report, cutoffIso: string): boolean {
    const closedAt = r.handling?.closedAt;
    return r.status === 'afgesloten' && !r.purgedAt && closedAt !== undefined && closedAt <= cutoffIso;
}

export function dueOf(stored: readonly StoredReport[], cutoffIso: string): StoredReport[] {
    return stored.filter((s) => isDueForRetention(s.report, cutoffIso));
}

export function byReference(reports: readonly Report[], reference: string): Report | undefined {
    const wanted = reference.toUpperCase();
    return reports.find((r) => r.reference.toUpperCase() === wanted);
}
