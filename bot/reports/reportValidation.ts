/**
 * The report rules: turns an untrusted card submission into a typed report part, or a Dutch message per
 * field. Card data comes from a client we do not control (and can be forged), so every value is checked
 * here: types, allowed codes, lengths, dates and number ranges. Unknown keys are ignored. The field
 * readers are in fieldReading.ts; the form's round trip (values back into the card) in cards/reportFormValues.ts.
 */
import { todayInAmsterdam } from '../domain/amsterdamTime';
import { EXPLOITATION_FORMS, MINOR_ANSWERS, MUNICIPALITIES, type ExploitationForm, type MinorAnswer, type Municipality } from '../domain/vocabulary';
import { WRONG_TYPE, asBag, type Bag, formatCount, isCalendarDate, readBoolean, readChoice, readInteger, readMulti, readText, splitMulti, type Read } from './fieldReading';
import { INDICATOR_GROUPS, groupsForForms, indicatorGroup, isIndicatorCode, type IndicatorCode } from './indicatorCatalog';
import {
    INFORMED_PARTIES,
    TEXT_LIMITS,
    WORK_CONTEXTS,
    type InformedParty,
    type ReportDetails,
    type ReportDraft,
    type ReportSignals,
    type WorkContext,
} from './reportModel';

/** The fields of the report form, by the names the card inputs and the errors use. */
export const REPORT_FIELDS = [
    'municipality',
    'forms',
    'description',
    'location',
    'observedOn',
    'workContext',
    'workContextOther',
    'indicators',
    'otherIndicator',
    'peopleCount',
    'estimatedAge',
    'minor',
    'informed',
    'informedOther',
] as const;
export type ReportField = (typeof REPORT_FIELDS)[number];
export type FieldErrors = Partial<Record<ReportField, string>>;
export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldErrors };

export const DESCRIPTION_MIN = 10;
export const PEOPLE_COUNT_MAX = 500;
export const AGE_MAX = 120;
/** A signal older than this is almost certainly a typo in the year. */
export const MAX_AGE_YEARS = 10;

/** Prefix of the per-group checklist inputs on the signals step, e.g. `indicators_arbeid`. */
export const INDICATOR_INPUT_PREFIX = 'indicators_';
/** The checklist of the most telling signals for the chosen forms, shown first on the signals step. */
export const TOP_INDICATOR_INPUT = `${INDICATOR_INPUT_PREFIX}top`;

/**
 * How much of a too long text the form shows again (a Teams card is about 28 KB): far over each limit, so
 * the person sees what they wrote and can shorten it; the message says so when even this is exceeded.
 */
export const RESHOW_TEXT_LIMITS = {
    description: 10_000,
    location: 1000,
    otherIndicator: 1000,
    workContextOther: 1000,
    informedOther: 1000,
} as const;

const numberText = (n: number) => (n < 0 ? `-${formatCount(-n)}` : formatCount(n));

export { todayInAmsterdam };

function readDate(bag: Bag, key: string, today: string): Read<string> {
    const raw = bag[key];
    if (raw === undefined || raw === null || raw === '') return { ok: false, error: 'Vul de datum in waarop je het signaal zag.' };
    if (typeof raw !== 'string') return { ok: false, error: WRONG_TYPE };
    const value = raw.trim();
    if (!isCalendarDate(value)) return { ok: false, error: 'Vul een geldige datum in (dag, maand en jaar).' };
    if (value > today) return { ok: false, error: 'De datum ligt in de toekomst. Vul de datum in waarop je het signaal zag (vandaag of eerder).' };
    const oldest = `${Number(today.slice(0, 4)) - MAX_AGE_YEARS}${today.slice(4)}`;
    if (value < oldest) return { ok: false, error: `Deze datum ligt meer dan ${MAX_AGE_YEARS} jaar terug. Klopt het jaartal?` };
    return { ok: true, value };
}

/** Collects reader results; keeps the first error per field. */
class Collector {
    readonly errors: FieldErrors = {};
    take<T>(field: ReportField, read: Read<T>): T | undefined {
        if (read.ok) return read.value;
        this.errors[field] ??= read.error;
        return undefined;
    }
    fail(field: ReportField, message: string): void {
        this.errors[field] ??= message;
    }
    get ok(): boolean {
        return Object.keys(this.errors).length === 0;
    }
}

export function validateDetails(input: unknown, today: string): Validation<ReportDetails> {
    const bag = asBag(input);
    const c = new Collector();
    const municipality = c.take(
        'municipality',
        readChoice<Municipality>(bag, 'municipality', MUNICIPALITIES, {
            required: 'Kies de gemeente waar het signaal speelt.',
            unknown: 'Kies een van de gemeenten Brummen, Lochem, Voorst of Zutphen.',
        }),
    );
    const forms = c.take('forms', readMulti<ExploitationForm>(bag, 'forms', EXPLOITATION_FORMS, 'Kies alleen vormen van uitbuiting uit de lijst.'));
    if (forms && forms.length === 0) c.fail('forms', "Kies minstens één vorm van uitbuiting, of 'Weet ik niet'.");
    if (forms && forms.length > 1 && forms.includes('onbekend')) c.fail('forms', "'Weet ik niet' kun je niet combineren met een andere vorm.");
    const description = c.take(
        'description',
        readText(bag, 'description', {
            required: 'Beschrijf kort wat je hebt gezien of gehoord.',
            max: TEXT_LIMITS.description,
            shownMax: RESHOW_TEXT_LIMITS.description,
            min: DESCRIPTION_MIN,
            tooShort: `Schrijf iets meer (minstens ${DESCRIPTION_MIN} tekens), zodat de aandachtfunctionaris begrijpt wat er speelt.`,
        }),
    );
    const location = c.take('location', readText(bag, 'location', { max: TEXT_LIMITS.location, shownMax: RESHOW_TEXT_LIMITS.location }));
    const observedOn = c.take('observedOn', readDate(bag, 'observedOn', today));
    const workContext = c.take(
        'workContext',
        readChoice<WorkContext>(bag, 'workContext', WORK_CONTEXTS, {
            required: 'Kies hoe je het signaal bent tegengekomen.',
            unknown: 'Kies een werkterrein uit de lijst.',
        }),
    );
    const workContextOther = c.take('workContextOther', readText(bag, 'workContextOther', { max: TEXT_LIMITS.workContextOther, shownMax: RESHOW_TEXT_LIMITS.workContextOther }));
    if (workContext === 'anders' && workContextOther === undefined && !c.errors.workContextOther) {
        c.fail('workContextOther', "Je koos 'Anders': beschrijf kort hoe je het signaal tegenkwam.");
    }
    if (!c.ok || !municipality || !forms || !description || !observedOn || !workContext) return { ok: false, errors: c.errors };
    return {
        ok: true,
        value: {
            municipality,
            forms,
            description,
            ...(location !== undefined && { location }),
            observedOn,
            workContext,
            ...(workContext === 'anders' && workContextOther !== undefined && { workContextOther }),
        },
    };
}

/** Indicator codes from the per-group checklists (or one `indicators` list, as in a stored draft). */
function readIndicators(bag: Bag): Read<string[]> {
    const keys = ['indicators', TOP_INDICATOR_INPUT, ...INDICATOR_GROUPS.map((g) => `${INDICATOR_INPUT_PREFIX}${g}`)];
    const all: string[] = [];
    for (const key of keys) {
        const split = splitMulti(bag[key]);
        if (!split.ok) return split;
        all.push(...split.value);
    }
    return { ok: true, value: [...new Set(all)] };
}

export function validateSignals(input: unknown, forms: readonly ExploitationForm[]): Validation<ReportSignals> {
    const bag = asBag(input);
    const c = new Collector();
    const allowedGroups = groupsForForms(forms);
    const codes = c.take('indicators', readIndicators(bag));
    const indicators: IndicatorCode[] = [];
    for (const code of codes ?? []) {
        if (!isIndicatorCode(code)) {
            c.fail('indicators', 'Kies alleen signalen uit de lijst.');
            break;
        }
        const group = indicatorGroup(code);
        if (group !== undefined && !allowedGroups.includes(group)) {
            c.fail('indicators', 'Een aangevinkt signaal hoort niet bij de gekozen vorm van uitbuiting. Kies opnieuw.');
            break;
        }
        indicators.push(code);
    }
    const otherIndicator = c.take('otherIndicator', readText(bag, 'otherIndicator', { max: TEXT_LIMITS.otherIndicator, shownMax: RESHOW_TEXT_LIMITS.otherIndicator }));
    // Text in the "anders" field means the colleague saw something else, even if the box was not ticked.
    if (otherIndicator !== undefined && !indicators.includes('anders')) indicators.push('anders');
    if (indicators.includes('anders') && otherIndicator === undefined && !c.errors.otherIndicator) {
        c.fail('otherIndicator', "Je koos 'Anders': beschrijf kort welk signaal je zag.");
    }
    const peopleCount = c.take(
        'peopleCount',
        readInteger(bag, 'peopleCount', 1, PEOPLE_COUNT_MAX, (typed) =>
            typed === undefined
                ? `Vul een heel getal in van 1 tot en met ${PEOPLE_COUNT_MAX}, of laat het leeg.`
                : `${numberText(typed)} personen kan niet: vul een aantal in van 1 tot en met ${PEOPLE_COUNT_MAX}, of laat het leeg.`,
        ),
    );
    const estimatedAge = c.take(
        'estimatedAge',
        readInteger(bag, 'estimatedAge', 0, AGE_MAX, (typed) =>
            typed === undefined
                ? `Vul een leeftijd in van 0 tot en met ${AGE_MAX} jaar (een schatting is goed), of laat het leeg.`
                : `Een leeftijd van ${numberText(typed)} jaar kan niet: vul een leeftijd in van 0 tot en met ${AGE_MAX} jaar (een schatting is goed), of laat het leeg.`,
        ),
    );
    const minor = c.take(
        'minor',
        readChoice<MinorAnswer>(bag, 'minor', MINOR_ANSWERS, {
            required: 'Geef aan of er (mogelijk) een minderjarige bij betrokken is.',
            unknown: "Kies 'Ja', 'Nee' of 'Weet ik niet'.",
        }),
    );
    if (minor === 'nee' && estimatedAge !== undefined && estimatedAge < 18) {
        c.fail('minor', "Je schatte de leeftijd onder de 18 jaar. Kies 'Ja' of 'Weet ik niet'.");
    }
    const informed = c.take('informed', readMulti<InformedParty>(bag, 'informed', INFORMED_PARTIES, 'Kies alleen instanties uit de lijst.'));
    if (informed && informed.length > 1 && (informed.includes('niemand') || informed.includes('weet_niet'))) {
        c.fail('informed', "'Nog niemand' en 'Weet ik niet' kun je niet combineren met een instantie.");
    }
    const informedOther = c.take('informedOther', readText(bag, 'informedOther', { max: TEXT_LIMITS.informedOther, shownMax: RESHOW_TEXT_LIMITS.informedOther }));
    if (informed?.includes('anders') && informedOther === undefined && !c.errors.informedOther) {
        c.fail('informedOther', "Je koos 'Anders': schrijf op wie het al weet.");
    }
    if (!c.ok || !minor || !informed) return { ok: false, errors: c.errors };
    return {
        ok: true,
        value: {
            indicators,
            ...(otherIndicator !== undefined && { otherIndicator }),
            ...(peopleCount !== undefined && { peopleCount }),
            ...(estimatedAge !== undefined && { estimatedAge }),
            minor,
            informed,
            ...(informed.includes('anders') && informedOther !== undefined && { informedOther }),
        },
    };
}

/**
 * Validates a complete draft. The service runs this again on submit, so a draft that reached it by
 * any route (dialog state, a test, a later API) meets the same rules as the card.
 */
export function validateReportDraft(input: unknown, today: string): Validation<ReportDraft> {
    const bag = asBag(input);
    const details = validateDetails(bag, today);
    const signals = validateSignals(bag, details.ok ? details.value.forms : EXPLOITATION_FORMS);
    const danger = readBoolean(bag, 'acuteDanger');
    if (details.ok && signals.ok && danger.ok) return { ok: true, value: { ...details.value, ...signals.value, acuteDanger: danger.value } };
    return {
        ok: false,
        errors: { ...(details.ok ? {} : details.errors), ...(signals.ok ? {} : signals.errors), ...(danger.ok ? {} : { description: danger.error }) },
    };
}
