import pino from 'pino';

/**
 * The one logger type the service passes around. Callers log ids, kinds and outcomes only:
 * report content, names, free text and tokens never go in (see README, "Logging").
 */
export type Logger = pino.Logger;

/** Field names that must never reach a log line, even when someone logs a whole object by mistake. */
const REDACTED_PATHS = [
    'text',
    'value',
    'name',
    'from.name',
    'recipient.name',
    'authorization',
    'headers.authorization',
    'req.headers.authorization',
    'token',
    'password',
    'secret',
    'description',
    'freeText',
];

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
