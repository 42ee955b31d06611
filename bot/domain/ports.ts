/**
 * The ports every domain module shares. The service hands in pino (bot/logger.ts) and the real clock;
 * tests hand in silent loggers and clocks they move by hand.
 */
import type { Municipality } from './vocabulary';

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

/**
 * The numbers behind the dashboards and alerts (bot/telemetry turns them into OpenTelemetry metrics).
 * Attribute values come from closed sets: a municipality, a route, a status code; never an id of a
 * person, a reference or any text.
 */
export type MetricName =
    | 'reports.stored'
    | 'reports.delivered'
    | 'reports.undelivered'
    /** Seconds from submitting to the post in the channel. */
    | 'reports.time_to_delivery'
    /** Seconds from submitting to the first pick-up (or assignment) by a coordinator. */
    | 'reports.time_to_pickup'
    /** Seconds the oldest channel post still waiting has been waiting, per outbox pass (0: none waits). */
    | 'outbox.oldest_pending_age';

export interface MetricAttributes {
    municipality?: Municipality;
    acute?: boolean;
    route?: 'own' | 'fallback';
    /** The last Connector answer, as the outbox keeps it: an HTTP status code or 'network'. */
    status?: string;
}

export type RecordMetric = (name: MetricName, value: number, attributes?: MetricAttributes) => void;

/** For code run without telemetry (tests, the CLI). */
export const ignoreMetric: RecordMetric = () => undefined;
