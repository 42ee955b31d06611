/**
 * Numbers for the plan's first ambition (zicht op aard en omvang): reports per municipality x form of
 * exploitation x status x month or quarter. Pure functions over reports; only codes and counts leave
 * here, never text or identities. A report naming two forms counts once under each form, so the
 * per-form numbers add up to more than the number of reports (the total is given separately).
 */
import { todayInAmsterdam } from '../domain/amsterdamTime';
import { EXPLOITATION_FORMS, MUNICIPALITIES, type ExploitationForm, type Municipality } from '../domain/vocabulary';
import { REPORT_STATUSES, type Report, type ReportStatus } from '../reports/reportModel';
import { protectCounts, shownText, type CountModel, type CountRelation } from './smallCells';

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

/**
 * What the numbers are computed from: a report (counted once), or a maintained cell of the aggregate
 * (a month and a count of reports that share municipality, forms and status). Both give the same numbers.
 */
export interface StatisticsInput {
    municipality: Municipality;
    status: ReportStatus;
    forms: readonly ExploitationForm[];
    submittedAt?: string;
    /** "2026-03", Dutch time; used instead of submittedAt when present. */
    month?: string;
    /** Reports this input stands for (default 1). */
    count?: number;
}

function periodOfInput(input: StatisticsInput, granularity: Granularity): string {
    if (input.month !== undefined) return granularity === 'maand' ? input.month : quarterOfMonth(input.month);
    return periodOf(input.submittedAt ?? '', granularity);
}

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function computeStatistics(reports: readonly StatisticsInput[], granularity: Granularity, municipalities: readonly Municipality[] = MUNICIPALITIES): Statistics {
    const cells = new Map<string, StatisticsRow>();
    const perMunicipality = zeroes(MUNICIPALITIES);
    const perForm = zeroes(EXPLOITATION_FORMS);
    const perStatus = zeroes(REPORT_STATUSES);
    const periods = new Set<string>();
    const perPeriodMunicipality = new Map<string, { period: string; municipality: Municipality; count: number }>();
    let totalReports = 0;
    for (const report of reports) {
        if (!municipalities.includes(report.municipality)) continue;
        const n = report.count ?? 1;
        if (n <= 0) continue;
        totalReports += n;
        perMunicipality[report.municipality] += n;
        perStatus[report.status] += n;
        const period = periodOfInput(report, granularity);
        periods.add(period);
        const pm = perPeriodMunicipality.get(`${period}|${report.municipality}`);
        if (pm) pm.count += n;
        else perPeriodMunicipality.set(`${period}|${report.municipality}`, { period, municipality: report.municipality, count: n });
        const forms = report.forms.length > 0 ? [...new Set(report.forms)] : (['onbekend'] as const);
        for (const form of forms) {
            perForm[form] += n;
            const key = `${period}|${report.municipality}|${form}|${report.status}`;
            const cell = cells.get(key);
            if (cell) cell.count += n;
            else cells.set(key, { period, municipality: report.municipality, form, status: report.status, count: n });
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
 * CSV of the aggregated numbers (semicolon separated, as Dutch Excel expects). Only protected numbers:
 * a CSV leaves Teams (a file, a mail, a spreadsheet), so small counts are "< 5" in every CSV, also one
 * of a single municipality. Cells are codes, counts and those two markers, all generated here, so no
 * quoting or formula injection can arise.
 */
export function statisticsCsv(stats: ProtectedStatistics): string {
    const header = ['periode', 'gemeente', 'vorm', 'status', 'aantal'].join(';');
    const lines = stats.rows.map((r) => [r.period, r.municipality, r.form, r.status, r.count.text].join(';'));
    return [header, ...lines].join('\r\n') + '\r\n';
}

/** A count as it may be shown: the text, and the number only when it is shown exactly (charts need numbers). */
export interface ShownCount {
    text: string;
    value?: number;
}

/**
 * The numbers of one view, ready to show: only the municipalities of the view, and every count either
 * exact or protected (see smallCells.ts). Cards and the CSV read this, never the raw Statistics, so a
 * protected count cannot reach them by accident.
 */
export interface PublishedStatistics {
    granularity: Granularity;
    municipalities: readonly Municipality[];
    /** true: small counts are "< 5" and counts that would give one back are "x". */
    protected: boolean;
    hasData: boolean;
    total: ShownCount;
    perMunicipality: { municipality: Municipality; count: ShownCount }[];
    perStatus: { status: ReportStatus; count: ShownCount }[];
    perForm: { form: ExploitationForm; count: ShownCount }[];
    periods: string[];
    /** Every period x every municipality of the view (zeros included), each report once. */
    perPeriodMunicipality: { period: string; municipality: Municipality; count: ShownCount }[];
    rows: { period: string; municipality: Municipality; form: ExploitationForm; status: ReportStatus; count: ShownCount }[];
}

export type ProtectedStatistics = PublishedStatistics & { protected: true };

/** The quarter a month period falls in ("2026-03" -> "2026-K1"). */
export function quarterOfMonth(monthPeriod: string): string {
    const m = /^(\d{4})-(\d{2})$/.exec(monthPeriod);
    return m ? `${m[1]}-K${Math.floor((Number(m[2]) - 1) / 3) + 1}` : monthPeriod;
}

const key = {
    total: 'T',
    municipality: (m: Municipality) => `M|${m}`,
    status: (s: ReportStatus) => `S|${s}`,
    form: (f: ExploitationForm) => `F|${f}`,
    periodMunicipality: (g: Granularity, p: string, m: Municipality) => `PM|${g}|${p}|${m}`,
    row: (g: Granularity, r: { period: string; municipality: Municipality; form: ExploitationForm; status: ReportStatus }) => `D|${g}|${r.period}|${r.municipality}|${r.form}|${r.status}`,
};

/**
 * Every number the overview card and the CSV can show for these municipalities, in months and in
 * quarters, and how they add up. Both granularities are in one model because one person can ask for
 * both: a quarter minus two shown months would otherwise give the third month back.
 */
export function countModel(byGranularity: Record<Granularity, Statistics>, municipalities: readonly Municipality[]): CountModel {
    const values = new Map<string, number>();
    const floors = new Map<string, number>();
    const relations: CountRelation[] = [];
    /**
     * total <= parts, because a report with two forms counts in two rows. When no report of this slice
     * has two forms it is an exact sum, and a reader who guesses so would be right: then check it as one.
     */
    const atMost = (total: string, parts: string[]) => {
        const sum = parts.reduce((s, k) => s + (values.get(k) ?? 0), 0);
        relations.push({ kind: sum === (values.get(total) ?? 0) ? 'sum' : 'atMost', total, parts });
    };
    const any = byGranularity.kwartaal;
    values.set(key.total, any.totalReports);
    for (const m of municipalities) values.set(key.municipality(m), any.perMunicipality[m]);
    for (const s of REPORT_STATUSES) values.set(key.status(s), any.perStatus[s]);
    for (const f of EXPLOITATION_FORMS) values.set(key.form(f), any.perForm[f]);
    relations.push({ kind: 'sum', total: key.total, parts: municipalities.map(key.municipality) });
    relations.push({ kind: 'sum', total: key.total, parts: REPORT_STATUSES.map(key.status) });
    atMost(key.total, EXPLOITATION_FORMS.map(key.form));
    for (const g of ['maand', 'kwartaal'] as const) {
        const stats = byGranularity[g];
        const pm = new Map(stats.reportsPerPeriodMunicipality.map((x) => [`${x.period}|${x.municipality}`, x.count]));
        for (const p of stats.periods) for (const m of municipalities) values.set(key.periodMunicipality(g, p, m), pm.get(`${p}|${m}`) ?? 0);
        // The detail rows grouped once (each group in row order, as a filter would give them): with three
        // years of months a filter per municipality, form, status and period was most of an overview's time.
        const rowKeys = stats.rows.map((r) => key.row(g, r));
        const byMunicipality = groupKeys(stats.rows, rowKeys, (r) => r.municipality);
        const byForm = groupKeys(stats.rows, rowKeys, (r) => r.form);
        const byStatus = groupKeys(stats.rows, rowKeys, (r) => r.status);
        const byPeriodMunicipality = groupKeys(stats.rows, rowKeys, (r) => `${r.period}|${r.municipality}`);
        stats.rows.forEach((r, i) => {
            const k = rowKeys[i] as string;
            values.set(k, r.count);
            // A detail row is only listed when it counts something: a reader knows it is at least 1.
            floors.set(k, 1);
        });
        for (const m of municipalities) {
            relations.push({ kind: 'sum', total: key.municipality(m), parts: stats.periods.map((p) => key.periodMunicipality(g, p, m)) });
            atMost(key.municipality(m), byMunicipality.get(m) ?? []);
        }
        for (const f of EXPLOITATION_FORMS) relations.push({ kind: 'sum', total: key.form(f), parts: byForm.get(f) ?? [] });
        for (const s of REPORT_STATUSES) atMost(key.status(s), byStatus.get(s) ?? []);
        for (const p of stats.periods) {
            for (const m of municipalities) atMost(key.periodMunicipality(g, p, m), byPeriodMunicipality.get(`${p}|${m}`) ?? []);
        }
    }
    // A quarter is the sum of its months, for the period table and for every detail row.
    const months = byGranularity.maand;
    for (const q of byGranularity.kwartaal.periods) {
        const inQuarter = months.periods.filter((p) => quarterOfMonth(p) === q);
        for (const m of municipalities) relations.push({ kind: 'sum', total: key.periodMunicipality('kwartaal', q, m), parts: inQuarter.map((p) => key.periodMunicipality('maand', p, m)) });
    }
    const monthsOfQuarterRow = groupKeys(
        months.rows,
        months.rows.map((x) => key.row('maand', x)),
        (x) => `${quarterOfMonth(x.period)}|${x.municipality}|${x.form}|${x.status}`,
    );
    for (const r of byGranularity.kwartaal.rows) {
        relations.push({ kind: 'sum', total: key.row('kwartaal', r), parts: monthsOfQuarterRow.get(`${r.period}|${r.municipality}|${r.form}|${r.status}`) ?? [] });
    }
    return { values, floors, relations };
}

/** The keys of `rows` grouped by `groupOf`, each group in the order of `rows`. */
function groupKeys(rows: readonly StatisticsRow[], keys: readonly string[], groupOf: (row: StatisticsRow) => string): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    rows.forEach((row, i) => {
        const g = groupOf(row);
        const list = groups.get(g);
        if (list) list.push(keys[i] as string);
        else groups.set(g, [keys[i] as string]);
    });
    return groups;
}

function publish(reports: readonly StatisticsInput[], granularity: Granularity, municipalities: readonly Municipality[], protect: boolean): PublishedStatistics {
    const byGranularity: Record<Granularity, Statistics> = {
        maand: computeStatistics(reports, 'maand', municipalities),
        kwartaal: computeStatistics(reports, 'kwartaal', municipalities),
    };
    const model = countModel(byGranularity, municipalities);
    const state = protect ? protectCounts(model) : undefined;
    const shown = (k: string): ShownCount => {
        const value = model.values.get(k) ?? 0;
        const s = state?.get(k) ?? 'exact';
        return s === 'exact' ? { text: String(value), value } : { text: shownText(s, value) };
    };
    const stats = byGranularity[granularity];
    return {
        granularity,
        municipalities,
        protected: protect,
        hasData: stats.totalReports > 0,
        total: shown(key.total),
        perMunicipality: municipalities.map((m) => ({ municipality: m, count: shown(key.municipality(m)) })),
        perStatus: REPORT_STATUSES.map((s) => ({ status: s, count: shown(key.status(s)) })),
        perForm: EXPLOITATION_FORMS.map((f) => ({ form: f, count: shown(key.form(f)) })),
        periods: stats.periods,
        perPeriodMunicipality: stats.periods.flatMap((p) => municipalities.map((m) => ({ period: p, municipality: m, count: shown(key.periodMunicipality(granularity, p, m)) }))),
        rows: stats.rows.map((r) => ({ period: r.period, municipality: r.municipality, form: r.form, status: r.status, count: shown(key.row(granularity, r)) })),
    };
}

/** Exact numbers: only for the card of a coordinator's own, single municipality. */
export function exactStatistics(reports: readonly StatisticsInput[], granularity: Granularity, municipalities: readonly Municipality[]): PublishedStatistics & { protected: false } {
    return { ...publish(reports, granularity, municipalities, false), protected: false };
}

/** Protected numbers: every view across municipalities and every CSV. */
export function protectedStatistics(reports: readonly StatisticsInput[], granularity: Granularity, municipalities: readonly Municipality[]): ProtectedStatistics {
    return { ...publish(reports, granularity, municipalities, true), protected: true };
}
