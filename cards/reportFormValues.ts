/**
 * The report form's round trip: what the person typed goes back into the card as strings (also when it
 * did not validate), and a stored or prefilled draft shows as form values.
 */
import { asBag } from '../bot/reports/fieldReading';
import { INDICATOR_GROUPS } from '../bot/reports/indicatorCatalog';
import { TEXT_LIMITS, type ReportDraft } from '../bot/reports/reportModel';
import { INDICATOR_INPUT_PREFIX, RESHOW_TEXT_LIMITS, TOP_INDICATOR_INPUT, type ReportField } from '../bot/reports/reportValidation';

/** Raw form values as strings, exactly what the card inputs hold; used to show the card again. */
export type ReportFormValues = Record<ReportField, string>;

const RESHOW_LIMITS: Record<ReportField, number> = {
    municipality: 40,
    forms: 200,
    description: RESHOW_TEXT_LIMITS.description,
    location: RESHOW_TEXT_LIMITS.location,
    observedOn: 20,
    workContext: 40,
    workContextOther: RESHOW_TEXT_LIMITS.workContextOther,
    indicators: 2000,
    otherIndicator: RESHOW_TEXT_LIMITS.otherIndicator,
    peopleCount: 10,
    estimatedAge: 10,
    minor: 20,
    informed: 400,
    informedOther: RESHOW_TEXT_LIMITS.informedOther,
};

function reshowString(raw: unknown): string {
    if (typeof raw === 'string') return raw;
    if (typeof raw === 'number' && Number.isFinite(raw)) return String(raw);
    if (Array.isArray(raw)) return raw.filter((v): v is string => typeof v === 'string').join(',');
    return '';
}

/**
 * The entered values as strings to put back into the card. Text over its limit comes back whole (the
 * field's error gives the maximum and the length), up to what a card can carry; only a paste beyond that
 * (a 100 KB one) is shown in part, and the error then says so.
 */
export function readFormValues(input: unknown, previous?: ReportFormValues): ReportFormValues {
    const bag = asBag(input);
    const values = { ...(previous ?? emptyFormValues()) };
    for (const field of Object.keys(RESHOW_LIMITS) as ReportField[]) {
        if (field === 'indicators') continue;
        if (field in bag) values[field] = Array.from(reshowString(bag[field])).slice(0, RESHOW_LIMITS[field]).join('');
    }
    const indicatorKeys = ['indicators', TOP_INDICATOR_INPUT, ...INDICATOR_GROUPS.map((g) => `${INDICATOR_INPUT_PREFIX}${g}`)];
    if (indicatorKeys.some((k) => k in bag)) {
        values.indicators = indicatorKeys
            .map((k) => reshowString(bag[k]))
            .filter((s) => s !== '')
            .join(',')
            .slice(0, RESHOW_LIMITS.indicators);
    }
    return values;
}

export function emptyFormValues(): ReportFormValues {
    return {
        municipality: '',
        forms: '',
        description: '',
        location: '',
        observedOn: '',
        workContext: '',
        workContextOther: '',
        indicators: '',
        otherIndicator: '',
        peopleCount: '',
        estimatedAge: '',
        minor: '',
        informed: '',
        informedOther: '',
    };
}

/** The values a stored or prefilled draft shows in the form. */
export function draftToFormValues(draft: Partial<ReportDraft>): ReportFormValues {
    return {
        municipality: draft.municipality ?? '',
        forms: (draft.forms ?? []).join(','),
        description: draft.description ?? '',
        location: draft.location ?? '',
        observedOn: draft.observedOn ?? '',
        workContext: draft.workContext ?? '',
        workContextOther: draft.workContextOther ?? '',
        indicators: (draft.indicators ?? []).join(','),
        otherIndicator: draft.otherIndicator ?? '',
        peopleCount: draft.peopleCount === undefined ? '' : String(draft.peopleCount),
        estimatedAge: draft.estimatedAge === undefined ? '' : String(draft.estimatedAge),
        minor: draft.minor ?? '',
        informed: (draft.informed ?? []).join(','),
        informedOther: draft.informedOther ?? '',
    };
}
