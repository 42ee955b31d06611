/** Errors of the reports domain, with codes the dialog and the edge can act on. */
export type ReportErrorCode =
    /** Azure Tables could not be reached or answered with a server error: nothing was saved. */
    | 'STORAGE_UNAVAILABLE'
    /** Someone else changed the row first (eTag mismatch) and retrying did not help. */
    | 'CONFLICT'
    /** The draft failed validation on the server. */
    | 'INVALID_REPORT'
    /** The report would exceed a Table storage limit. */
    | 'TOO_LARGE'
    | 'NOT_FOUND'
    /** Too many concurrent reference allocations in a row. */
    | 'REFERENCE_CONTENTION'
    /** The colleague stored the maximum number of reports for the current window; nothing was stored. */
    | 'RATE_LIMITED'
    /** A stored row holds a value the domain does not know (damaged or written by something else). */
    | 'DAMAGED_DATA';

export class ReportError extends Error {
    readonly code: ReportErrorCode;

    constructor(code: ReportErrorCode, message: string, cause?: unknown) {
        super(message, cause === undefined ? undefined : { cause });
        this.name = 'ReportError';
        this.code = code;
    }
}

export function isReportError(err: unknown, code?: ReportErrorCode): err is ReportError {
    return err instanceof ReportError && (code === undefined || err.code === code);
}

/** RATE_LIMITED, with what the dialog needs to tell the colleague when they can send again. */
export class ReportRateLimitedError extends ReportError {
    constructor(
        readonly retryAfterMs: number,
        readonly maxPerWindow: number,
        readonly windowMs: number,
    ) {
        super('RATE_LIMITED', 'report rate limit reached');
        this.name = 'ReportRateLimitedError';
    }
}
