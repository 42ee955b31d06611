/** Errors with codes, so callers branch on the code and never on message text. */
export type StorageErrorCode = 'ETAG_CONFLICT' | 'ITEM_TOO_LARGE' | 'STORAGE_UNAVAILABLE' | 'INVALID_ARGUMENT';

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

/** True for errors that mean "the service could not be reached or failed", not "your request was wrong". */
export function isUnavailable(err: unknown): boolean {
    const status = statusOf(err);
    if (status === undefined) return true; // network errors carry no status
    return status === 408 || status === 429 || status >= 500;
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
