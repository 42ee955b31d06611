import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * Spans leave the bot with ids and outcomes only. Instrumentation records whole URLs, and those carry
 * what the bot must not send anywhere: Table keys (a reporter's object id in the reporter index) and
 * query filters, conversation ids of 1:1 chats in Connector paths. Every URL-like attribute keeps its
 * scheme, host and the fixed words of its path; everything else becomes ":id". Error messages (they
 * can quote a request) give way to the error's type.
 */

/** Attributes that hold a URL or a path, under the old and the stable semantic conventions. */
const URL_KEYS = ['http.url', 'url.full', 'http.target', 'url.path'] as const;
/** Attributes that hold nothing but a query string. */
const QUERY_KEYS = ['url.query'] as const;
/** A fixed word of a path: letters, optionally a short version number (v3) or a leading $ ($batch). */
const FIXED_SEGMENT = /^\$?[A-Za-z]{1,40}[0-9]{0,2}$/;

function privatePath(path: string): string {
    return path
        .split('/')
        .map((segment) => {
            if (segment === '') return segment;
            // Table addressing: Reports(PartitionKey='...',RowKey='...'), Tables('name').
            const open = segment.indexOf('(');
            const word = open >= 0 ? segment.slice(0, open) : segment;
            const keep = FIXED_SEGMENT.test(word) ? word : ':id';
            return open >= 0 ? `${keep}(:key)` : keep;
        })
        .join('/');
}

/** A URL or path with its query, fragment, user info and every non-fixed path segment removed. */
export function privateUrl(value: string): string {
    if (value.startsWith('/')) return privatePath(value.split(/[?#]/, 1)[0] ?? '');
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return ':url';
    }
    return `${url.protocol}//${url.host}${privatePath(url.pathname)}`;
}

/** Frames only: the first line of a stack is the message. */
function framesOnly(type: string, stack: unknown): string {
    if (typeof stack !== 'string') return type;
    const frames = stack.split('\n').filter((line) => line.trimStart().startsWith('at '));
    return [type, ...frames].join('\n');
}

function scrub(span: Span): void {
    for (const key of URL_KEYS) {
        const value = span.attributes[key];
        if (typeof value === 'string') span.setAttribute(key, privateUrl(value));
    }
    for (const key of QUERY_KEYS) {
        if (span.attributes[key] !== undefined) span.setAttribute(key, '');
    }
    for (const event of span.events) {
        const attributes = event.attributes;
        if (event.name !== 'exception' || attributes === undefined) continue;
        const type = typeof attributes['exception.type'] === 'string' ? attributes['exception.type'] : 'Error';
        attributes['exception.message'] = type;
        if (attributes['exception.stacktrace'] !== undefined) attributes['exception.stacktrace'] = framesOnly(type, attributes['exception.stacktrace']);
    }
    // A status message is an error message (the Azure SDK copies it there).
    if (span.status.message) span.setStatus({ code: span.status.code });
}

/** Runs before every exporter (onEnding comes before any processor's onEnd). */
export class PrivateSpanProcessor implements SpanProcessor {
    onStart(span: Span, _parentContext: Context): void {
        scrub(span);
    }

    onEnding(span: Span): void {
        scrub(span);
    }

    onEnd(_span: ReadableSpan): void {
        // Nothing left to do: the span was scrubbed while it could still change.
    }

    async forceFlush(): Promise<void> {}

    async shutdown(): Promise<void> {}
}

/** For recordException: an error reduced to its type and frames. */
export function privateException(error: unknown): { name: string; message: string; stack?: string } {
    const name = error instanceof Error ? error.name : 'Error';
    const stack = error instanceof Error ? framesOnly(name, error.stack) : undefined;
    return { name, message: name, ...(stack && { stack }) };
}
