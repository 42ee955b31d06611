import type { Granularity, Statistics } from '../bot/cases/caseStatistics';
import { EXPLOITATION_FORMS, EXPLOITATION_FORM_LABELS, MUNICIPALITIES } from '../bot/domain/vocabulary';
import { REPORT_STATUSES, REPORT_STATUS_LABELS } from '../bot/reports/reportModel';
import template from './overviewCard.json';
import csvTemplate from './overviewCsvCard.json';
import { expandCard, type AdaptiveCardJson } from './renderCard';
import { formatDutchDateTime } from '../bot/domain/amsterdamTime';

/** Template data of the overview card (numbers only, no personal data). */
export interface OverviewCardData {
    subtitle: string;
    granularity: Granularity;
    periodWord: string;
    periodTitle: string;
    hasData: boolean;
    totals: { title: string; value: string }[];
    periodSeries: { legend: string; values: { x: string; y: number }[] }[];
    periodTable: { cells: { text: string }[] }[];
    formBars: { x: string; y: number }[];
    detailRows: { period: string; municipality: string; form: string; status: string; count: number }[];
    footnote: string;
}

/** Charts show the most recent periods; the CSV always has everything. */
export const CHART_PERIODS = 12;
export const TABLE_ROWS = 60;

const PERIOD_WORD: Record<Granularity, string> = { maand: 'maand', kwartaal: 'kwartaal' };
const PERIOD_TITLE: Record<Granularity, string> = { maand: 'Maand', kwartaal: 'Kwartaal' };

export function overviewCardData(stats: Statistics, now: Date): OverviewCardData {
    const periods = stats.periods.slice(-CHART_PERIODS);
    const perPeriodMunicipality = new Map<string, number>();
    for (const p of stats.reportsPerPeriodMunicipality) perPeriodMunicipality.set(`${p.period}|${p.municipality}`, p.count);
    const cell = (period: string, m: string) => perPeriodMunicipality.get(`${period}|${m}`) ?? 0;
    const detail = [...stats.rows].reverse().slice(0, TABLE_ROWS);
    return {
        subtitle: `Alle vier gemeenten, per ${PERIOD_WORD[stats.granularity]}. Stand van ${formatDutchDateTime(now.toISOString())}.`,
        granularity: stats.granularity,
        periodWord: PERIOD_WORD[stats.granularity],
        periodTitle: PERIOD_TITLE[stats.granularity],
        hasData: stats.totalReports > 0,
        totals: [
            { title: 'Meldingen in totaal', value: String(stats.totalReports) },
            ...MUNICIPALITIES.map((m) => ({ title: m, value: String(stats.perMunicipality[m]) })),
            ...REPORT_STATUSES.map((s) => ({ title: REPORT_STATUS_LABELS[s], value: String(stats.perStatus[s]) })),
        ],
        periodSeries: MUNICIPALITIES.map((m) => ({ legend: m, values: periods.map((p) => ({ x: p, y: cell(p, m) })) })),
        periodTable: periods.map((p) => ({ cells: [{ text: p }, ...MUNICIPALITIES.map((m) => ({ text: String(cell(p, m)) }))] })),
        formBars: EXPLOITATION_FORMS.map((f) => ({ x: EXPLOITATION_FORM_LABELS[f], y: stats.perForm[f] })),
        detailRows: detail.map((r) => ({
            period: r.period,
            municipality: r.municipality,
            form: EXPLOITATION_FORM_LABELS[r.form],
            status: REPORT_STATUS_LABELS[r.status],
            count: r.count,
        })),
        footnote:
            stats.totalReports === 0
                ? 'Er zijn nog geen meldingen.'
                : `Een melding met meer vormen van uitbuiting telt bij elke vorm mee, dus de aantallen per vorm tellen op tot meer dan het totaal. De tabel toont de ${TABLE_ROWS} nieuwste regels; de CSV-export bevat alles.`,
    };
}

export function renderOverviewCard(stats: Statistics, now: Date): AdaptiveCardJson {
    return expandCard(template, overviewCardData(stats, now));
}

export interface OverviewCsvCardData {
    periodWord: string;
    createdAt: string;
    csv: string;
    csvFallback: string;
}

export function renderOverviewCsvCard(csv: string, granularity: Granularity, now: Date): AdaptiveCardJson {
    const data: OverviewCsvCardData = {
        periodWord: PERIOD_WORD[granularity],
        createdAt: formatDutchDateTime(now.toISOString()),
        csv: csv.replace(/\r\n/g, '\n'),
        csvFallback: csv.trimEnd().split(/\r\n/).join('\n\n'),
    };
    return expandCard(csvTemplate, data);
}
