/**
 * Which failed sends to Teams are worth trying again, for every sender (the outbox worker and the case
 * follow-ups): timeouts, eTag races, throttling (honour Retry-After) and gateway errors, plus network
 * errors, which carry no status. 403 and 404 (bot removed, conversation gone) and other 4xx are final.
 */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 412, 429, 500, 502, 503, 504]);

/** `status` undefined means the request never got an answer (network): worth another try. */
export function isRetryable(status: number | undefined): boolean {
    return status === undefined || RETRYABLE_STATUSES.has(status);
}
