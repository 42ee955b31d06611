/**
 * Labelled lines for a report, shared by the summary (for the colleague) and the channel card (for
 * the coordinators). Every piece of typed text goes through plainText(), so markdown or HTML typed in
 * the form shows exactly as typed.
 */
import { EXPLOITATION_FORM_LABELS } from '../bot/domain/vocabulary';
import { indicatorLabel } from '../bot/reports/indicatorCatalog';
import {
    INFORMED_PARTY_LABELS,
    MINOR_ANSWER_LABELS,
    WORK_CONTEXT_LABELS,
    type ReportDraft,
} from '../bot/reports/reportModel';
import { plainText } from './renderCard';

export interface Fact {
    title: string;
    value: string;
}

const NOT_GIVEN = 'Niet ingevuld';

/** Building an Intl formatter costs far more than using one; every report card formats dates. */
const DUTCH_DATE = new Intl.DateTimeFormat('nl-NL', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });

/** "2026-03-04" -> "4 maart 2026" (calendar date, no time zone shift). */
export function formatDutchDate(isoDate: string): string {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
    if (!m) return isoDate;
    const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    return DUTCH_DATE.format(date);
}

const DUTCH_DATE_TIME = new Intl.DateTimeFormat('nl-NL', {
    timeZone: 'Europe/Amsterdam',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
});

/** An instant (ISO timestamp) as Dutch local date and time. */
export function formatDutchDateTime(isoTimestamp: string): string {
    const date = new Date(isoTimestamp);
    if (Number.isNaN(date.getTime())) return isoTimestamp;
    return DUTCH_DATE_TIME.format(date);
}

function withOther(labels: string[], other: string | undefined): string {
    const shown = labels.filter((l) => l !== 'Anders');
    if (other !== undefined) shown.push(`Anders: ${plainText(other)}`);
    return shown.length > 0 ? shown.join('; ') : NOT_GIVEN;
}

/** All fields except the free-text description, which cards show in its own wrapped block. */
export function reportFacts(draft: ReportDraft): Fact[] {
    return [
        { title: 'Acuut gevaar', value: draft.acuteDanger ? 'Ja, er is acuut gevaar gemeld' : 'Nee' },
        { title: 'Gemeente', value: draft.municipality },
        { title: 'Vorm van uitbuiting', value: draft.forms.map((f) => EXPLOITATION_FORM_LABELS[f]).join('; ') },
        { title: 'Signalen', value: withOther(draft.indicators.map(indicatorLabel), draft.otherIndicator) },
        { title: 'Waar', value: draft.location !== undefined ? plainText(draft.location) : NOT_GIVEN },
        { title: 'Wanneer', value: formatDutchDate(draft.observedOn) },
        { title: 'Aantal personen', value: draft.peopleCount !== undefined ? String(draft.peopleCount) : NOT_GIVEN },
        { title: 'Geschatte leeftijd', value: draft.estimatedAge !== undefined ? `${draft.estimatedAge} jaar` : NOT_GIVEN },
        { title: 'Minderjarige betrokken', value: MINOR_ANSWER_LABELS[draft.minor] },
        {
            title: 'Hoe tegengekomen',
            value: draft.workContext === 'anders' && draft.workContextOther !== undefined ? `Anders: ${plainText(draft.workContextOther)}` : WORK_CONTEXT_LABELS[draft.workContext],
        },
        { title: 'Wie weet het al', value: withOther(draft.informed.map((p) => INFORMED_PARTY_LABELS[p]), draft.informedOther) },
    ];
}
