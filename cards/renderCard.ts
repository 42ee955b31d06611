import * as ACData from 'adaptivecards-templating';
import { escapeMarkdown, stripInvisible } from '../bot/domain/invisibleText';

/** An Adaptive Card as JSON, ready to wrap in an attachment. */
export interface AdaptiveCardJson {
    type: 'AdaptiveCard';
    version: string;
    body: unknown[];
    actions?: unknown[];
    [key: string]: unknown;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * Expands a card template (JSON with ${...}, $when and $data) with typed data. Each card module
 * pairs one template with one data interface, so a missing field is a compile error, not an
 * empty text in Teams.
 */
/** Parsing a template costs several ms; expanding a parsed one well under one. Templates are module constants. */
const parsedTemplates = new WeakMap<object, ACData.Template>();

export function expandCard<TData extends object>(template: object, data: TData): AdaptiveCardJson {
    let parsed = parsedTemplates.get(template);
    if (!parsed) {
        parsed = new ACData.Template(template);
        parsedTemplates.set(template, parsed);
    }
    const expanded: unknown = parsed.expand({ $root: data });
    if (!isCard(expanded)) throw new Error('card template did not expand to an AdaptiveCard');
    return expanded;
}

function isCard(value: unknown): value is AdaptiveCardJson {
    return (
        typeof value === 'object' &&
        value !== null &&
        (value as { type?: unknown }).type === 'AdaptiveCard' &&
        Array.isArray((value as { body?: unknown }).body)
    );
}

/**
 * Makes text typed by a person safe to show in a TextBlock: Teams renders a subset of markdown
 * there, so a report text like "**klik** [hier](http://x)" must show as typed, not as a link.
 * Bidi controls and zero-width characters are stripped where input enters (bot/guards/cleanInput.ts);
 * this strips them again as the last line, for text that reached a card another way (a stored report
 * from before, the organisation file).
 */
export function plainText(input: string): string {
    return escapeMarkdown(stripInvisible(input));
}
