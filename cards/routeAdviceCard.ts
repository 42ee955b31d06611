import type { ReportPrefill } from '../bot/domain/vocabulary';
import type { ContactView } from '../bot/knowledge/contactPresentation';
import type { EntryLink } from './answerCard';
import { expandCard, type AdaptiveCardJson } from './renderCard';
import template from './routeAdviceCard.json';

export interface RouteAdviceStepView extends ContactView {
    number: number;
    reason: string;
    /** Markdown bullet list. */
    tellThem: string;
}

export interface RouteAdviceCardData {
    acuteDanger: boolean;
    steps: RouteAdviceStepView[];
    notes: string;
    hasNotes: boolean;
    related: EntryLink[];
    hasRelated: boolean;
    /** Echoed in the report button; the server uses its own copy, never this one. */
    prefill: ReportPrefill;
}

export function renderRouteAdviceCard(data: RouteAdviceCardData): AdaptiveCardJson {
    return expandCard(template, data);
}
