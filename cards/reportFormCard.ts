import { EXPLOITATION_FORMS, EXPLOITATION_FORM_LABELS, MINOR_ANSWERS, MUNICIPALITIES } from '../bot/domain/vocabulary';
import { INDICATOR_GROUP_LABELS, groupsForForms, indicatorLabel, indicatorsOf, mostTellingIndicators } from '../bot/reports/indicatorCatalog';
import { INFORMED_PARTIES, INFORMED_PARTY_LABELS, MINOR_ANSWER_LABELS, TEXT_LIMITS, WORK_CONTEXTS, WORK_CONTEXT_LABELS } from '../bot/reports/reportModel';
import {
    AGE_MAX,
    INDICATOR_INPUT_PREFIX,
    PEOPLE_COUNT_MAX,
    TOP_INDICATOR_INPUT,
    type FieldErrors,
    type ReportField,
} from '../bot/reports/reportValidation';
import { emptyFormValues, type ReportFormValues } from './reportFormValues';
import type { ExploitationForm } from '../bot/domain/vocabulary';
import template from './reportForm.json';
import { expandCard, type AdaptiveCardJson } from './renderCard';

export interface Choice {
    title: string;
    value: string;
}

export interface IndicatorGroupInput {
    inputId: string;
    title: string;
    /** Comma-separated codes already ticked in this group. */
    value: string;
    choices: Choice[];
}

/** Template data: every field is present (an absent one would show as "${...}" in Teams). */
export interface ReportFormCardData {
    step: 1 | 2;
    title: string;
    hasErrors: boolean;
    values: ReportFormValues;
    errors: Record<ReportField, string>;
    today: string;
    municipalityChoices: Choice[];
    formChoices: Choice[];
    workContextChoices: Choice[];
    minorChoices: Choice[];
    informedChoices: Choice[];
    /** The most telling signals for the chosen forms, shown first (at most six). */
    topIndicators: IndicatorGroupInput;
    /** Every other signal, per group, behind "meer signalen". */
    indicatorGroups: IndicatorGroupInput[];
    moreSignalsTitle: string;
    /** Open when one of them is ticked or there is an error about them: nothing ticked is ever hidden. */
    showMoreSignals: boolean;
    descriptionMaxText: string;
    peopleCount: number | null;
    estimatedAge: number | null;
    descriptionMax: number;
    locationMax: number;
    workContextOtherMax: number;
    otherIndicatorMax: number;
    informedOtherMax: number;
    peopleCountMax: number;
    ageMax: number;
}

export interface ReportFormInput {
    step: 1 | 2;
    values: ReportFormValues;
    errors?: FieldErrors;
    /** YYYY-MM-DD, the latest date the date picker allows. */
    today: string;
    /** Validated forms of step 1; they decide which indicator groups step 2 shows. */
    forms?: readonly ExploitationForm[];
}

const choices = <T extends string>(codes: readonly T[], labels: Record<T, string>): Choice[] => codes.map((c) => ({ title: labels[c], value: c }));

/** A number to show again as typed, also an out-of-range one such as -5 (its error says why). */
function numberOrNull(value: string): number | null {
    return /^-?\d{1,6}$/.test(value.trim()) ? Number(value.trim()) : null;
}

export function reportFormCardData(input: ReportFormInput): ReportFormCardData {
    const errors = Object.fromEntries(Object.keys(emptyFormValues()).map((k) => [k, input.errors?.[k as ReportField] ?? ''])) as Record<ReportField, string>;
    const ticked = new Set(input.values.indicators.split(',').map((s) => s.trim()));
    const top = mostTellingIndicators(input.forms ?? []);
    const topSet = new Set<string>(top);
    const indicatorGroups = groupsForForms(input.forms ?? []).flatMap((group) => {
        const options = indicatorsOf(group).filter((o) => !topSet.has(o.code));
        if (options.length === 0) return [];
        return [{
            inputId: `${INDICATOR_INPUT_PREFIX}${group}`,
            title: INDICATOR_GROUP_LABELS[group],
            value: options.filter((o) => ticked.has(o.code)).map((o) => o.code).join(','),
            choices: options.map((o) => ({ title: o.label, value: o.code })),
        }];
    });
    const moreCount = indicatorGroups.reduce((n, g) => n + g.choices.length, 0);
    return {
        step: input.step,
        title: input.step === 1 ? 'Signaal melden – stap 1 van 2: wat en waar' : 'Signaal melden – stap 2 van 2: signalen en betrokkenen',
        hasErrors: Object.values(errors).some((e) => e !== ''),
        values: input.values,
        errors,
        today: input.today,
        municipalityChoices: MUNICIPALITIES.map((m) => ({ title: m, value: m })),
        formChoices: choices(EXPLOITATION_FORMS, EXPLOITATION_FORM_LABELS),
        workContextChoices: choices(WORK_CONTEXTS, WORK_CONTEXT_LABELS),
        minorChoices: choices(MINOR_ANSWERS, MINOR_ANSWER_LABELS),
        informedChoices: choices(INFORMED_PARTIES, INFORMED_PARTY_LABELS),
        topIndicators: {
            inputId: TOP_INDICATOR_INPUT,
            title: 'Wat zag je? De belangrijkste signalen voor deze vorm',
            value: top.filter((c) => ticked.has(c)).join(','),
            choices: top.map((c) => ({ title: indicatorLabel(c), value: c })),
        },
        indicatorGroups,
        moreSignalsTitle: `Meer signalen (${moreCount})`,
        showMoreSignals: indicatorGroups.some((g) => g.value !== '') || (input.errors?.indicators ?? '') !== '',
        descriptionMaxText: TEXT_LIMITS.description.toLocaleString('nl-NL'),
        peopleCount: numberOrNull(input.values.peopleCount),
        estimatedAge: numberOrNull(input.values.estimatedAge),
        descriptionMax: TEXT_LIMITS.description,
        locationMax: TEXT_LIMITS.location,
        workContextOtherMax: TEXT_LIMITS.workContextOther,
        otherIndicatorMax: TEXT_LIMITS.otherIndicator,
        informedOtherMax: TEXT_LIMITS.informedOther,
        peopleCountMax: PEOPLE_COUNT_MAX,
        ageMax: AGE_MAX,
    };
}

/** The report form: step 1 (what, where, when) or step 2 (signals, people), with errors beside the fields. */
export function renderReportFormCard(input: ReportFormInput): AdaptiveCardJson {
    return expandCard(template, reportFormCardData(input));
}
