import type { Granularity, PublishedStatistics } from '../bot/cases/caseStatistics';
import type { StatisticsScope } from '../bot/cases/statisticsScope';
import { HIDDEN_TEXT, SMALL_TEXT } from '../bot/cases/smallCells';
import { EXPLOITATION_FORM_LABELS, MUNICIPALITIES, type Municipality } from '../bot/domain/vocabulary';
import { REPORT_STATUS_LABELS } from '../bot/reports/reportModel';
import template from './overviewCard.json';
import csvTemplate from './overviewCsvCard.json';
import { expandCard, type AdaptiveCardJson } from './renderCard';
import { formatDutchDateTime } from '../bot/domain/amsterdamTime';

/** Template data of the overview card (numbers only, no personal data). */
export interface OverviewCardData {
    subtitle: string;
    /** Which municipalities the numbers cover and how small numbers are shown, in plain Dutch. */
    scopeText: string;
    granularity: Granularity;
    periodWord: string;
    periodTitle: string;
    hasData: boolean;
    /** Teams charts need numbers: only for exact views. Protected views show the same as tables. */
    showCharts: boolean;
    showTables: boolean;
    totals: { title: string; value: string }[];
    periodSeries: { legend: string; values: { x: string; y: number }[] }[];
    periodColumns: { width: number }[];
    periodHeader: { text: string }[];
    periodTable: { cells: { text: string }[] }[];
    formBars: { x: string; y: number }[];
    formFacts: { title: string; value: string }[];
    /** One cell of text per row ("2026-K1 · Brummen · Arbeidsuitbuiting · Nieuw") and its count: fits a normal-width card. */
    detailRows: { what: string; count: string }[];
    /** The charts as sentences, for screen readers and anyone who does not read bars. */
    periodSummary: string;
    formSummary: string;
    footnote: string;
}

/**
 * A chart's value axis gets fractional steps (0,25 melding) when its largest bar is small; below this the
 * card shows the same numbers as a table, which reads better anyway.
 */
export const CHART_MIN_MAXIMUM = 10;

/** Charts show the most recent periods; the CSV always has everything. */
export const CHART_PERIODS = 12;
export const TABLE_ROWS = 60;

const PERIOD_WORD: Record<Granularity, string> = { maand: 'maand', kwartaal: 'kwartaal' };
const PERIOD_TITLE: Record<Granularity, string> = { maand: 'Maand', kwartaal: 'Kwartaal' };

/** "Brummen", "Brummen en Lochem", "Brummen, Lochem en Voorst". */
export function dutchList(items: readonly string[]): string {
    return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} en ${items.at(-1)}`;
}

const isAllFour = (ms: readonly Municipality[]) => MUNICIPALITIES.every((m) => ms.includes(m));

export const SMALL_NUMBERS_TEXT = `Aantallen onder de 5 (ook 0) staan er als "${SMALL_TEXT}", zodat kleine aantallen niet naar een persoon kunnen wijzen. "${HIDDEN_TEXT}" betekent: niet getoond, omdat je een klein aantal anders uit de andere getallen zou kunnen terugrekenen.`;

export function scopeName(scope: StatisticsScope): string {
    return isAllFour(scope.municipalities) ? 'Alle vier gemeenten' : dutchList(scope.municipalities);
}

export function scopeText(scope: StatisticsScope): string {
    if (scope.kind === 'gemeente') {
        return `Deze cijfers gaan alleen over ${scope.municipalities[0]}, de gemeente waarvan je aandachtfunctionaris bent. Je ziet hier de exacte aantallen; in de CSV-export staan aantallen onder de 5 als "${SMALL_TEXT}".`;
    }
    if (scope.kind === 'regionaal') {
        return `Regionaal overzicht: deze cijfers gaan over ${dutchList(scope.municipalities)}. ${SMALL_NUMBERS_TEXT}`;
    }
    return `Deze cijfers gaan over ${dutchList(scope.municipalities)}, de gemeenten waarvan je aandachtfunctionaris bent. ${SMALL_NUMBERS_TEXT}`;
}

export function overviewCardData(view: { scope: StatisticsScope; stats: PublishedStatistics }, now: Date): OverviewCardData {
    const { scope, stats } = view;
    const periods = stats.periods.slice(-CHART_PERIODS);
    const perPeriodMunicipality = new Map(stats.perPeriodMunicipality.map((p) => [`${p.period}|${p.municipality}`, p.count]));
    const cell = (period: string, m: string) => perPeriodMunicipality.get(`${period}|${m}`) ?? { text: '0', value: 0 };
    const detail = [...stats.rows].reverse().slice(0, TABLE_ROWS);
    // Charts only when every number is exact (a chart cannot draw "< 5") and large enough for whole-number axis steps.
    const largest = Math.max(0, ...stats.perPeriodMunicipality.map((p) => p.count.value ?? 0), ...stats.perForm.map((f) => f.count.value ?? 0));
    const showCharts = stats.hasData && !stats.protected && largest >= CHART_MIN_MAXIMUM;
    const periodTable = periods.map((p) => ({ cells: [{ text: p }, ...stats.municipalities.map((m) => ({ text: cell(p, m).text }))] }));
    return {
        subtitle: `${scopeName(scope)}, per ${PERIOD_WORD[stats.granularity]}. Stand van ${formatDutchDateTime(now.toISOString())}.`,
        scopeText: scopeText(scope),
        granularity: stats.granularity,
        periodWord: PERIOD_WORD[stats.granularity],
        periodTitle: PERIOD_TITLE[stats.granularity],
        hasData: stats.hasData,
        showCharts,
        showTables: stats.hasData && !showCharts,
        totals: [
            { title: 'Meldingen in totaal', value: stats.total.text },
            ...stats.perMunicipality.map((m) => ({ title: m.municipality, value: m.count.text })),
            ...stats.perStatus.map((s) => ({ title: REPORT_STATUS_LABELS[s.status], value: s.count.text })),
        ],
        periodSeries: showCharts ? stats.municipalities.map((m) => ({ legend: m, values: periods.map((p) => ({ x: p, y: cell(p, m).value ?? 0 })) })) : [],
        periodColumns: [{ width: 2 }, ...stats.municipalities.map(() => ({ width: 1 }))],
        periodHeader: [{ text: PERIOD_TITLE[stats.granularity] }, ...stats.municipalities.map((m) => ({ text: m }))],
        periodTable,
        formBars: showCharts ? stats.perForm.map((f) => ({ x: EXPLOITATION_FORM_LABELS[f.form], y: f.count.value ?? 0 })) : [],
        formFacts: stats.perForm.map((f) => ({ title: EXPLOITATION_FORM_LABELS[f.form], value: f.count.text })),
        detailRows: detail.map((r) => ({
            what: `${r.period} · ${r.municipality} · ${EXPLOITATION_FORM_LABELS[r.form]} · ${REPORT_STATUS_LABELS[r.status]}`,
            count: r.count.text,
        })),
        periodSummary: `In woorden, per ${PERIOD_WORD[stats.granularity]}: ${periodTable.map((row) => `${row.cells[0]?.text}: ${stats.municipalities.map((m, i) => `${m} ${row.cells[i + 1]?.text}`).join(', ')}`).join('; ')}.`,
        formSummary: `In woorden: ${stats.perForm.map((f) => `${EXPLOITATION_FORM_LABELS[f.form]} ${f.count.text}`).join(', ')}.`,
        footnote: !stats.hasData
            ? 'Er zijn nog geen meldingen.'
            : `Een melding met meer vormen van uitbuiting telt bij elke vorm mee, dus de aantallen per vorm tellen op tot meer dan het totaal. De tabel toont de ${TABLE_ROWS} nieuwste regels; de CSV-export bevat alles.`,
    };
}

export function renderOverviewCard(view: { scope: StatisticsScope; stats: PublishedStatistics }, now: Date): AdaptiveCardJson {
    return expandCard(template, overviewCardData(view, now));
}

export interface OverviewCsvCardData {
    periodWord: string;
    scopeLine: string;
    createdAt: string;
    csv: string;
    csvFallback: string;
}

export function renderOverviewCsvCard(csv: string, granularity: Granularity, scope: StatisticsScope, now: Date): AdaptiveCardJson {
    const data: OverviewCsvCardData = {
        periodWord: PERIOD_WORD[granularity],
        scopeLine: `Gaat over: ${dutchList(scope.municipalities)}. ${SMALL_NUMBERS_TEXT}`,
        createdAt: formatDutchDateTime(now.toISOString()),
        csv: csv.replace(/\r\n/g, '\n'),
        csvFallback: csv.trimEnd().split(/\r\n/).join('\n\n'),
    };
    return expandCard(csvTemplate, data);
}
