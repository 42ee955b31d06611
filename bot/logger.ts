import pino from 'pino';
import { ActivityTypes } from 'botbuilder';

/**
 * The one logger type the service passes around. Callers log ids, kinds and outcomes only:
 * report content, names, free text and tokens never go in (see README, "Logging").
 */
export type Logger = pino.Logger;

/** Field names that must never reach a log line, even when someone logs a whole object by mistake. */
const SENSITIVE_FIELDS = ['text', 'value', 'name', 'authorization', 'token', 'password', 'secret', 'description', 'freeText', 'note', 'body', 'attachments', 'channelData'];

/**
 * pino's redact paths match at one depth only: `text` covers { text } but not { activity: { text } }.
 * Every field is therefore listed at the top and up to three levels down ({ activity: { from: { name } } },
 * { req: { headers: { authorization } } }); deeper objects are not something callers log.
 */
const REDACTED_PATHS = SENSITIVE_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`]);

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
    return pino(
        {
            level,
            base: { service: 'signaalbot' },
            redact: { paths: REDACTED_PATHS, censor: '[verwijderd]' },
            timestamp: pino.stdTimeFunctions.isoTime,
        },
        destination,
    );
}

/** A logger that drops everything: for unit tests that do not assert on logs. */
export function createSilentLogger(): Logger {
    return pino({ level: 'silent' });
}

const KNOWN_ACTIVITY_TYPES: ReadonlySet<string> = new Set(Object.values(ActivityTypes));

/** The caller chooses an activity's `type`: only the Bot Framework's own types are logged, anything else as 'other'. */
export function loggedType(type: unknown): string {
    return typeof type === 'string' && KNOWN_ACTIVITY_TYPES.has(type) ? type : 'other';
}

/** Invoke and event names the bot knows of; the caller chooses the name too. */
const KNOWN_ACTIVITY_NAMES: ReadonlySet<string> = new Set([
    'adaptiveCard/action',
    'task/fetch',
    'task/submit',
    'signin/verifyState',
    'signin/tokenExchange',
    'composeExtension/query',
    'composeExtension/submitAction',
    'composeExtension/fetchTask',
    'config/fetch',
    'config/submit',
    'tab/fetch',
    'tab/submit',
    'actionableMessage/executeAction',
    'fileConsent/invoke',
    'application/search',
    'healthCheck',
    'ContinueConversation',
]);

export function loggedName(name: unknown): string | undefined {
    if (name === undefined) return undefined;
    return typeof name === 'string' && KNOWN_ACTIVITY_NAMES.has(name) ? name : 'other';
}

/**
 * Error codes as the service's own errors (StorageError, ReportError, CaseError) and Node's system
 * errors spell them: upper case and underscores. A code that looks like anything else (a library that
 * put a message or a value in `code`) is logged as 'other'.
 */
export function loggedCode(code: unknown): string | undefined {
    if (code === undefined || code === null) return undefined;
    return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,39}$/.test(code) ? code : 'other';
}
