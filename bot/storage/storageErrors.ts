/**
 * Errors with codes, so callers branch on the code and never on message text. Every failure of a Table
 * call becomes a StorageError (toStorageError), so the turn's error handler can tell "storage failed"
 * from a bug, whichever store it came from and however deep it is wrapped.
 */
export type StorageErrorCode =
    /** The row changed (or was deleted) after it was read: 412, or 404 on a conditional write. */
    | 'ETAG_CONFLICT'
    /** A create found the row already there (409). */
    | 'ALREADY_EXISTS'
    /** The row or table is not there (404) where the caller needed it. */
    | 'NOT_FOUND'
    | 'ITEM_TOO_LARGE'
    /** The service could not be reached, timed out, throttled or failed (network errors, 408, 429, 5xx). */
    | 'STORAGE_UNAVAILABLE'
    /** The service refused our credentials (401, 403): configuration, not a passing outage. */
    | 'ACCESS_DENIED'
    /** Our own request was wrong: bad arguments, or another 4xx from the service. */
    | 'INVALID_ARGUMENT'
    /** A stored item cannot be read back (cut short or not JSON); retrying will not help. */
    | 'DAMAGED_ITEM';

export class StorageError extends Error {
    constructor(
        public readonly code: StorageErrorCode,
        message: string,
        options?: { cause?: unknown },
    ) {
        super(message, options);
        this.name = 'StorageError';
    }
}

export function statusOf(err: unknown): number | undefined {
    if (typeof err === 'object' && err !== null && 'statusCode' in err) {
        const status = (err as { statusCode?: unknown }).statusCode;
        return typeof status === 'number' ? status : undefined;
    }
    return undefined;
}

/** The system error code (ECONNREFUSED, ETIMEDOUT, ...) or the SDK's REQUEST_SEND_ERROR, if any. */
function systemCodeOf(err: unknown): string | undefined {
    if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && /^[A-Z_]+$/.test(code) ? code : undefined;
}

/** True for errors that mean "the service could not be reached or failed", not "your request was wrong". */
function isUnavailable(err: unknown): boolean {
    const status = statusOf(err);
    if (status === undefined) return true; // network errors and timeouts (AbortError) carry no status
    return status === 408 || status === 429 || status >= 500;
}

function codeFor(err: unknown): StorageErrorCode {
    const status = statusOf(err);
    if (status === undefined || isUnavailable(err)) return 'STORAGE_UNAVAILABLE';
    if (status === 412) return 'ETAG_CONFLICT';
    if (status === 409) return 'ALREADY_EXISTS';
    if (status === 404) return 'NOT_FOUND';
    if (status === 413) return 'ITEM_TOO_LARGE';
    if (status === 401 || status === 403) return 'ACCESS_DENIED';
    return 'INVALID_ARGUMENT';
}

/**
 * The one mapping from a failed Table call (any error the Azure SDK, its HTTP client or the table
 * factory throws) to a StorageError; a StorageError passes through. The message names the operation,
 * the status and the system code only: the SDK's own message can quote the request, and with it keys.
 */
export function toStorageError(operation: string, err: unknown): StorageError {
    if (err instanceof StorageError) return err;
    const code = codeFor(err);
    const status = statusOf(err);
    const system = systemCodeOf(err);
    let detail = '';
    if (status !== undefined) detail = ` (${status})`;
    else if (system) detail = ` (${system})`;
    else if (err instanceof Error && err.name === 'AbortError') detail = ' (timeout)';
    return new StorageError(code, `${operation}: ${code}${detail}`, { cause: err });
}

/** The StorageError in an error or anywhere down its `cause` chain (domain errors wrap it), if any. */
export function findStorageError(err: unknown): StorageError | undefined {
    let current: unknown = err;
    for (let depth = 0; depth < 10 && typeof current === 'object' && current !== null; depth++) {
        if (current instanceof StorageError) return current;
        current = (current as { cause?: unknown }).cause;
    }
    return undefined;
}

/**
 * The result, or undefined when the service says the row (or table) is not there (404): the one way
 * this code reads "maybe there". Any other failure is rethrown for the caller to map.
 */
export async function ifFound<T>(work: Promise<T>): Promise<T | undefined> {
    try {
        return await work;
    } catch (err) {
        if (statusOf(err) === 404) return undefined;
        throw err;
    }
}
