/**
 * Characters that change how text looks without being seen: bidi controls (a right-to-left override
 * turns "Jan gnoR" into something else in the channel card) and zero-width characters (they split a
 * word for the search and the danger detector, or make two names that look the same differ).
 *
 * Bidi: U+202A–U+202E (embeddings, overrides), U+2066–U+2069 (isolates), U+200E/U+200F (LRM/RLM),
 * U+061C (Arabic letter mark). Zero-width: U+200B–U+200D (space, non-joiner, joiner), U+2060 (word
 * joiner), U+FEFF (BOM), U+180E (Mongolian vowel separator). The joiner also glues emoji sequences
 * (👩‍⚕️ becomes 👩⚕️): a small loss next to a name that pretends to be someone else.
 *
 * Control characters (C0 and C1, except tab, newline and carriage return) go too: nobody types them,
 * and JSON writes each as six characters, so a text inside its character limit could exceed a row's size.
 */
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF\u180E\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

export function stripInvisible(text: string): string {
    return text.replace(INVISIBLE, '');
}

/** Card data is a few levels deep (value.action.data.field); anything deeper is not from a Teams card. */
const MAX_DEPTH = 32;

/**
 * The same for every string in a JSON value (card submit values, invoke data), keys left alone. New
 * arrays and objects are built instead of assigning into the old ones: an own "__proto__" key from
 * JSON.parse must stay an own key, never become a prototype. Deeper than MAX_DEPTH is dropped.
 */
export function stripInvisibleDeep(value: unknown, depth = 0): unknown {
    if (typeof value === 'string') return stripInvisible(value);
    if (typeof value !== 'object' || value === null) return value;
    if (depth >= MAX_DEPTH) return undefined;
    if (Array.isArray(value)) return value.map((item) => stripInvisibleDeep(item, depth + 1));
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, stripInvisibleDeep(item, depth + 1)]));
}

/**
 * Characters Teams reads as markdown or markup, escaped: a typed text must show as typed, never format,
 * link or mention. Linear: the list-marker rule looks only at spaces and tabs at a line start.
 */
export function escapeMarkdown(input: string): string {
    return input.replace(/[\\`*_[\]()~<>#|]/g, (ch) => `\\${ch}`).replace(/^([ \t]*)([-+]|\d+\.)(\s)/gm, (_m, lead: string, marker: string, space: string) => `${lead}\\${marker}${space}`);
}
