/**
 * "open meldingen" (issue 15, part 5): the reports of a coordinator's own municipalities that are not
 * closed, oldest first, so the one waiting longest is on top. Only coordinators see it, only for their
 * municipalities; purged reports are closed by definition and never listed.
 */
import type { Municipality } from '../domain/vocabulary';
import type { Report } from '../reports/reportModel';
import type { CoordinatorRoster } from './ports';

/** A card of 50 lines is already long; the rest is counted. */
export const OPEN_REPORTS_SHOWN = 50;

export interface OpenReportsView {
    municipalities: readonly Municipality[];
    reports: Report[];
    /** How many more open reports there are than shown. */
    more: number;
}

/** undefined for anyone who coordinates no municipality. */
export function openReportsFor(roster: CoordinatorRoster, aadObjectId: string | undefined, all: readonly Report[]): OpenReportsView | undefined {
    const municipalities = roster.municipalitiesOf(aadObjectId);
    if (municipalities.length === 0) return undefined;
    const open = all
        .filter((r) => r.status !== 'afgesloten' && !r.purgedAt && municipalities.includes(r.municipality))
        .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.reference.localeCompare(b.reference));
    return { municipalities, reports: open.slice(0, OPEN_REPORTS_SHOWN), more: Math.max(0, open.length - OPEN_REPORTS_SHOWN) };
}

/** The same view from what the archive's open index gives (the oldest `OPEN_REPORTS_SHOWN` and the count). */
export function openReportsView(roster: CoordinatorRoster, aadObjectId: string | undefined, found: { reports: readonly Report[]; total: number }): OpenReportsView | undefined {
    const municipalities = roster.municipalitiesOf(aadObjectId);
    if (municipalities.length === 0) return undefined;
    const open = found.reports
        .filter((r) => r.status !== 'afgesloten' && !r.purgedAt && municipalities.includes(r.municipality))
        .sort((a, b) => a.submittedAt.localeCompare(b.submittedAt) || a.reference.localeCompare(b.reference))
        .slice(0, OPEN_REPORTS_SHOWN);
    return { municipalities, reports: open, more: Math.max(0, found.total - open.length) };
}

/** The report a coordinator of its municipality may see by its reference; undefined otherwise. */
export function coordinatorReportByReference(roster: CoordinatorRoster, aadObjectId: string | undefined, all: readonly Report[], reference: string): Report | undefined {
    const wanted = reference.toUpperCase();
    const report = all.find((r) => r.reference.toUpperCase() === wanted);
    return report && !report.purgedAt && roster.isCoordinator(aadObjectId, report.municipality) ? report : undefined;
}
