import { stripInvisible } from '../domain/invisibleText';

/**
 * Reading one field of untrusted card data: the type, the allowed codes, the length, the range. Each
 * reader answers a value or a Dutch message for the person filling in the form; the report rules
 * (reportValidation.ts) combine them.
 */
export const WRONG_TYPE = 'Deze waarde klopt niet. Kies of vul het opnieuw in.';

export type Bag = Record<string, unknown>;

export function asBag(input: unknown): Bag {
    return typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as Bag) : {};
}

/** Strips control, bidi and zero-width characters (they can disguise text in the channel card) and trims. */
export function cleanText(value: string): string {
    return stripInvisible(value)
        .normalize('NFC')
        .replace(/\r\n?/g, '\n')
        // eslint-disable-next-line no-control-regex
        .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
        .trim();
}

export function textLength(value: string): number {
    return Array.from(value).length;
}

export function formatCount(n: number): string {
    return n.toLocaleString('nl-NL');
}

export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Text over its maximum is refused with both numbers, never cut: what the person wrote stays theirs to
 * shorten. `shownMax`: how much of it the form can show again (a card has a size limit); beyond that the
 * message says the form shows only the first part.
 */
export function tooLongMessage(max: number, length: number, shownMax?: number): string {
    const shown = shownMax !== undefined && length > shownMax ? ` In het formulier staan alleen de eerste ${formatCount(shownMax)} tekens.` : ' Er is niets weggelaten.';
    return `Je tekst is te lang: maximaal ${formatCount(max)} tekens, je tekst heeft er ${formatCount(length)}. Maak hem korter.${shown}`;
}

export function readText(bag: Bag, key: string, opts: { required?: string; max: number; min?: number; tooShort?: string; shownMax?: number }): Read<string | undefined> {
    const raw = bag[key];
    if (raw === undefined || raw === null) return opts.required ? { ok: false, error: opts.required } : { ok: true, value: undefined };
    if (typeof raw !== 'string') return { ok: false, error: WRONG_TYPE };
    const text = cleanText(raw);
    if (text === '') return opts.required ? { ok: false, error: opts.required } : { ok: true, value: undefined };
    const length = textLength(text);
    if (length > opts.max) return { ok: false, error: tooLongMessage(opts.max, length, opts.shownMax) };
    if (opts.min !== undefined && length < opts.min) return { ok: false, error: opts.tooShort ?? `Gebruik minstens ${opts.min} tekens.` };
    return { ok: true, value: text };
}

export function readChoice<T extends string>(bag: Bag, key: string, allowed: readonly T[], opts: { required?: string; unknown: string }): Read<T | undefined> {
    const raw = bag[key];
    if (raw === undefined || raw === null || raw === '') return opts.required ? { ok: false, error: opts.required } : { ok: true, value: undefined };
    if (typeof raw !== 'string') return { ok: false, error: WRONG_TYPE };
    const value = raw.trim();
    if (value === '') return opts.required ? { ok: false, error: opts.required } : { ok: true, value: undefined };
    return (allowed as readonly string[]).includes(value) ? { ok: true, value: value as T } : { ok: false, error: opts.unknown };
}

/** A multi-select arrives as "a,b,c" from Teams; an array of strings is accepted too. */
export function splitMulti(raw: unknown): Read<string[]> {
    if (raw === undefined || raw === null) return { ok: true, value: [] };
    if (typeof raw === 'string') return { ok: true, value: raw.split(',').map((s) => s.trim()).filter((s) => s !== '') };
    if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) {
        return { ok: true, value: raw.map((s: string) => s.trim()).filter((s) => s !== '') };
    }
    return { ok: false, error: WRONG_TYPE };
}

export function readMulti<T extends string>(bag: Bag, key: string, allowed: readonly T[], unknown: string): Read<T[]> {
    const split = splitMulti(bag[key]);
    if (!split.ok) return split;
    const values = [...new Set(split.value)];
    if (values.length > allowed.length) return { ok: false, error: unknown };
    for (const v of values) if (!(allowed as readonly string[]).includes(v)) return { ok: false, error: unknown };
    return { ok: true, value: values as T[] };
}

/**
 * A whole number in [min, max]. Out of range is a message that names the number typed (when it is one),
 * never a clamped value: -5 people is not 1 person.
 */
export function readInteger(bag: Bag, key: string, min: number, max: number, outOfRange: (typed: number | undefined) => string): Read<number | undefined> {
    const raw = bag[key];
    if (raw === undefined || raw === null || raw === '') return { ok: true, value: undefined };
    let n: number;
    if (typeof raw === 'number') n = raw;
    else if (typeof raw === 'string') {
        const trimmed = raw.trim();
        if (trimmed === '') return { ok: true, value: undefined };
        if (!/^-?\d{1,6}$/.test(trimmed)) return { ok: false, error: outOfRange(undefined) };
        n = Number(trimmed);
    } else return { ok: false, error: WRONG_TYPE };
    if (!Number.isInteger(n)) return { ok: false, error: outOfRange(undefined) };
    if (n < min || n > max) return { ok: false, error: outOfRange(Math.abs(n) < 1e7 ? n : undefined) };
    return { ok: true, value: n };
}

export function isCalendarDate(value: string): boolean {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m) return false;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export function readBoolean(bag: Bag, key: string): Read<boolean> {
    const raw = bag[key];
    if (typeof raw === 'boolean') return { ok: true, value: raw };
    if (raw === 'true') return { ok: true, value: true };
    if (raw === 'false') return { ok: true, value: false };
    return { ok: false, error: WRONG_TYPE };
}
