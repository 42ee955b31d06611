/**
 * The ports every domain module shares. The service hands in pino (bot/logger.ts) and the real clock;
 * tests hand in silent loggers and clocks they move by hand.
 */

/** Structured logging: ids, kinds and outcomes only, never report content, names or free text. */
export interface Logger {
    debug(fields: object, message: string): void;
    info(fields: object, message: string): void;
    warn(fields: object, message: string): void;
    error(fields: object, message: string): void;
    child(bindings: Record<string, unknown>): Logger;
}

/** Now. Passed in so that no domain rule depends on the real time in a test. */
export type Clock = () => Date;
