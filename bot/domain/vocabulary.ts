/**
 * Shared vocabulary of the domain: the codes that reports, knowledge and statistics all use.
 * Codes are stable identifiers (stored in Tables, sent in card data); labels are what people read.
 */

export const MUNICIPALITIES = ['Brummen', 'Lochem', 'Voorst', 'Zutphen'] as const;
export type Municipality = (typeof MUNICIPALITIES)[number];

export const EXPLOITATION_FORMS = ['seksueel', 'crimineel', 'arbeid', 'orgaan', 'onbekend'] as const;
export type ExploitationForm = (typeof EXPLOITATION_FORMS)[number];

export const EXPLOITATION_FORM_LABELS: Record<ExploitationForm, string> = {
    seksueel: 'Seksuele uitbuiting',
    crimineel: 'Criminele uitbuiting',
    arbeid: 'Arbeidsuitbuiting',
    orgaan: 'Gedwongen orgaanverwijdering (orgaanhandel)',
    onbekend: 'Weet ik niet',
};

export const MINOR_ANSWERS = ['ja', 'nee', 'onbekend'] as const;
export type MinorAnswer = (typeof MINOR_ANSWERS)[number];

/** What the route wizard (or anything else) can hand to the report flow to start it prefilled. */
export interface ReportPrefill {
    forms?: ExploitationForm[];
    minor?: MinorAnswer;
    acuteDanger?: boolean;
}

export function isMunicipality(value: unknown): value is Municipality {
    return typeof value === 'string' && (MUNICIPALITIES as readonly string[]).includes(value);
}

/**
 * A prefill that came through card data: keep only known codes. Anything else is dropped, so a
 * forged prefill can at most leave the form emptier, never put unknown values in it.
 */
export function sanitizePrefill(value: unknown): ReportPrefill | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const raw = value as Record<string, unknown>;
    const prefill: ReportPrefill = {};
    if (Array.isArray(raw.forms)) {
        const forms = raw.forms.filter((f): f is ExploitationForm => typeof f === 'string' && (EXPLOITATION_FORMS as readonly string[]).includes(f));
        if (forms.length > 0) prefill.forms = [...new Set(forms)];
    }
    if (typeof raw.minor === 'string' && (MINOR_ANSWERS as readonly string[]).includes(raw.minor)) prefill.minor = raw.minor as MinorAnswer;
    if (typeof raw.acuteDanger === 'boolean') prefill.acuteDanger = raw.acuteDanger;
    return prefill;
}
