/**
 * The CSV export as a file (issue 15, part 5): exactly the rows of the protected statistics (small cells
 * "< 5" and "x" as on the card; see smallCells.ts), with Dutch headers and labels instead of codes, for
 * whoever opens it in Excel. No personal data: only periods, municipalities, forms, statuses and counts.
 */
import { EXPLOITATION_FORM_LABELS } from '../domain/vocabulary';
import { REPORT_STATUS_LABELS } from '../reports/reportModel';
import type { Granularity, ProtectedStatistics } from './caseStatistics';
import type { StatisticsScope } from './statisticsScope';

export const CSV_HEADERS = ['Periode', 'Gemeente', 'Vorm van uitbuiting', 'Status', 'Aantal'] as const;

/** Excel reads a file without a byte-order mark as ANSI and garbles "ë"; the BOM says UTF-8. */
const BOM = '\uFEFF';

function field(value: string): string {
    return /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function statisticsCsvFile(stats: ProtectedStatistics): string {
    const lines = stats.rows.map((r) => [r.period, r.municipality, EXPLOITATION_FORM_LABELS[r.form], REPORT_STATUS_LABELS[r.status], r.count.text].map(field).join(';'));
    return BOM + [CSV_HEADERS.join(';'), ...lines].join('\r\n') + '\r\n';
}

/** e.g. "meldingen-per-kwartaal-brummen-2026-03-02.csv"; the scope in the name, so files are not mixed up. */
export function csvFileName(granularity: Granularity, scope: StatisticsScope, now: Date): string {
    const who = scope.kind === 'regionaal' ? 'regio' : scope.municipalities.map((m) => m.toLowerCase()).join('-');
    const day = now.toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
    return `meldingen-per-${granularity}-${who}-${day}.csv`;
}
