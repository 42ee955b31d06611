import { ignoreMetric, type RecordMetric } from '../domain/ports';

/**
 * What the rest of the bot sees of telemetry: two calls, no OpenTelemetry. bot/telemetry/startTelemetry.ts
 * gives the real one; without it (tests, local mode) nothing is recorded.
 */
export interface TelemetryPort {
    recordMetric: RecordMetric;
    /** An error that ended a turn: its type and stack frames, never its message (it can quote input). */
    recordException(error: unknown): void;
}

export const noTelemetry: TelemetryPort = { recordMetric: ignoreMetric, recordException: () => undefined };
