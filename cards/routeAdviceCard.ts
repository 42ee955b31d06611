import type { ReportPrefill } from '../bot/domain/vocabulary';
import type { ContactView } from '../bot/knowledge/contactPresentation';
import type { EntryLink } from './answerCard';
import { withDangerBanner, type DangerBannerData } from './dangerBanner';
import { expandCard, type AdaptiveCardJson } from './renderCard';
import template from './routeAdviceCard.json';

export interface RouteAdviceStepView extends ContactView {
    number: number;
    reason: string;
    /** Markdown bullet list. */
    tellThem: string;
}

export interface RouteAdviceCardData {
    danger: DangerBannerData;
    english: boolean;
    /** "Op basis van je antwoorden, in deze volgorde:", or what the bot understood from a story. */
    intro: string;
    /** A story's advice offers the wizard to refine it; the wizard's own advice does not. */
    offerWizard: boolean;
    steps: RouteAdviceStepView[];
    notes: string;
    hasNotes: boolean;
    related: EntryLink[];
    hasRelated: boolean;
    /** Echoed in the report button; the server uses its own copy, never this one. */
    prefill: ReportPrefill;
}

export function renderRouteAdviceCard(data: RouteAdviceCardData): AdaptiveCardJson {
    return withDangerBanner(expandCard(template, data), data.danger);
}
