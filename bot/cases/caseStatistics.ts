/**
 * Numbers for the plan's first ambition (zicht op aard en omvang): reports per municipality x form of
 * exploitation x status x month or quarter. Pure functions over reports; only codes and counts leave
 * here, never text or identities. A report naming two forms counts once under each form, so the
 * per-form numbers add up to more than the number of reports (the total is given separately).
 */
import { todayInAmsterdam } from '../domain/amsterdamTime';
import { EXPLOITATION_FORMS, MUNICIPALITIES, type ExploitationForm, type Municipality } from '../domain/vocabulary';
import { REPORT_STATUSES, type Report, type ReportStatus } from '../reports/reportModel';

export type Granularity = 'maand' | 'kwartaal';

export interface StatisticsRow {
    period: string;
    municipality: Municipality;
    form: ExploitationForm;
    status: ReportStatus;
    count: number;
}

export interface Statistics {
    granularity: Granularity;
    rows: StatisticsRow[];
    /** Reports counted (each once). */
    totalReports: number;
    perMunicipality: Record<Municipality, number>;
    perForm: Record<ExploitationForm, number>;
    perStatus: Record<ReportStatus, number>;
    periods: string[];
    /** Reports per period and municipality, each report once (rows split a report over its forms). */
    reportsPerPeriodMunicipality: { period: string; municipality: Municipality; count: number }[];
}

/** Period of a submission in Dutch time: "2026-03" or "2026-K1". */
export function periodOf(isoTimestamp: string, granularity: Granularity): string {
    const date = new Date(isoTimestamp);
    if (Number.isNaN(date.getTime())) return 'onbekend';
    const [year, month] = todayInAmsterdam(date).split('-');
    if (granularity === 'maand') return `${year}-${month}`;
    return `${year}-K${Math.floor((Number(month) - 1) / 3) + 1}`;
}

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function computeStatistics(reports: readonly Report[], granularity: Granularity, municipalities: readonly Municipality[] = MUNICIPALITIES): Statistics {
    const cells = new Map<string, StatisticsRow>();
    const perMunicipality = zeroes(MUNICIPALITIES);
    const perForm = zeroes(EXPLOITATION_FORMS);
    const perStatus = zeroes(REPORT_STATUSES);
    const periods = new Set<string>();
    const perPeriodMunicipality = new Map<string, { period: string; municipality: Municipality; count: number }>();
    let totalReports = 0;
    for (const report of reports) {
        if (!municipalities.includes(report.municipality)) continue;
        totalReports++;
        perMunicipality[report.municipality]++;
        perStatus[report.status]++;
        const period = periodOf(report.submittedAt, granularity);
        periods.add(period);
        const pm = perPeriodMunicipality.get(`${period}|${report.municipality}`);
        if (pm) pm.count++;
        else perPeriodMunicipality.set(`${period}|${report.municipality}`, { period, municipality: report.municipality, count: 1 });
        const forms = report.forms.length > 0 ? [...new Set(report.forms)] : (['onbekend'] as const);
        for (const form of forms) {
            perForm[form]++;
            const key = `${period}|${report.municipality}|${form}|${report.status}`;
            const cell = cells.get(key);
            if (cell) cell.count++;
            else cells.set(key, { period, municipality: report.municipality, form, status: report.status, count: 1 });
        }
    }
    const order = (row: StatisticsRow) =>
        [row.period, String(MUNICIPALITIES.indexOf(row.municipality)), String(EXPLOITATION_FORMS.indexOf(row.form)), String(REPORT_STATUSES.indexOf(row.status))].join('|');
    const rows = [...cells.values()].sort((a, b) => order(a).localeCompare(order(b)));
    return {
        granularity,
        rows,
        totalReports,
        perMunicipality,
        perForm,
        perStatus,
        periods: [...periods].sort(),
        reportsPerPeriodMunicipality: [...perPeriodMunicipality.values()],
    };
}

/**
 * CSV of the aggregated numbers (semicolon separated, as Dutch Excel expects). Cells are codes and
 * counts we generate ourselves, so no quoting or formula injection can arise.
 */
export function statisticsCsv(stats: Statistics): string {
    const header = ['periode', 'gemeente', 'vorm', 'status', 'aantal'].join(';');
    const lines = stats.rows.map((r) => [r.period, r.municipality, r.form, r.status, String(r.count)].join(';'));
    return [header, ...lines].join('\r\n') + '\r\n';
}
