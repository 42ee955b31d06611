/**
 * Labelled lines for a report, shared by the summary (for the colleague) and the channel card (for
 * the coordinators). Every piece of typed text goes through plainText(), so markdown or HTML typed in
 * the form shows exactly as typed.
 */
import { formatDutchDate, formatDutchDateTime } from '../bot/domain/amsterdamTime';
import { EXPLOITATION_FORM_LABELS } from '../bot/domain/vocabulary';
import { indicatorLabel } from '../bot/reports/indicatorCatalog';
import {
    INFORMED_PARTY_LABELS,
    MINOR_ANSWER_LABELS,
    WORK_CONTEXT_LABELS,
    signalsDangerInText,
    type ReportDraft,
} from '../bot/reports/reportModel';
import { plainText } from './renderCard';

export interface Fact {
    title: string;
    value: string;
}

const NOT_GIVEN = 'Niet ingevuld';


function withOther(labels: string[], other: string | undefined): string {
    const shown = labels.filter((l) => l !== 'Anders');
    if (other !== undefined) shown.push(`Anders: ${plainText(other)}`);
    return shown.length > 0 ? shown.join('; ') : NOT_GIVEN;
}

/** All fields except the free-text description, which cards show in its own wrapped block. */
export function reportFacts(draft: ReportDraft): Fact[] {
    return [
        {
            title: 'Acuut gevaar',
            value: draft.acuteDanger
                ? 'Ja, er is acuut gevaar gemeld'
                : (draft.dangerInText ?? signalsDangerInText(draft))
                  ? 'Nee gekozen, maar de beschrijving wijst op direct gevaar'
                  : 'Nee',
        },
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
