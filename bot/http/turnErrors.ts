/**
 * What the turn's error handler tells a colleague, decided by what kind of failure ended the turn. The
 * rule of the house: say honestly what was and was not saved, and keep what they typed whenever the
 * failure was storage or the network; only a bug (or bot state that cannot be read back) starts over.
 */
import { REPORT_TEXTS } from '../../dialogs/reportDialog';
import { isReportError } from '../reports/reportErrors';
import { findStorageError } from '../storage/storageErrors';
import type { StoredReportNote } from '../teams/turnNotes';

export type TurnFailure =
    /** Storage refused, failed or was too slow: nothing of this turn was saved, the earlier state is intact. */
    | 'storage'
    /** The bot state itself cannot be read back: retrying gives the same error, so the state is cleared. */
    | 'damagedState'
    /** Another service (the Bot Connector) could not be reached or failed. */
    | 'network'
    /** Anything else: a bug. */
    | 'bug';

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'ENETUNREACH', 'EHOSTUNREACH', 'REQUEST_SEND_ERROR']);

function* causeChain(err: unknown): Generator<unknown> {
    let current: unknown = err;
    for (let depth = 0; depth < 10 && current !== undefined && current !== null; depth++) {
        yield current;
        current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
    }
}

function isNetworkFailure(err: unknown): boolean {
    if (typeof err !== 'object' || err === null) return false;
    const { name, code, statusCode } = err as { name?: unknown; code?: unknown; statusCode?: unknown };
    if (name === 'AbortError' || name === 'TimeoutError') return true;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return true;
    return typeof statusCode === 'number' && (statusCode === 408 || statusCode === 429 || statusCode >= 500);
}

export function classifyTurnError(err: unknown): TurnFailure {
    const storage = findStorageError(err);
    if (storage) return storage.code === 'DAMAGED_ITEM' ? 'damagedState' : 'storage';
    for (const link of causeChain(err)) {
        // A domain port that said so without an SDK error underneath (a store that is not on Tables).
        if (isReportError(link, 'STORAGE_UNAVAILABLE')) return 'storage';
        if (isNetworkFailure(link)) return 'network';
    }
    return 'bug';
}

/** Only a failure that would come back on every turn justifies throwing away what the colleague typed. */
export function clearsConversationState(failure: TurnFailure): boolean {
    return failure === 'bug' || failure === 'damagedState';
}

export const STORAGE_DOWN_MESSAGE = `Het lukt me nu niet om gegevens op te slaan of op te halen. Wat je net deed is daardoor NIET opgeslagen. Probeer het over een paar minuten opnieuw; je eerdere invoer blijft bewaard. ${REPORT_TEXTS.acuteReminder}`;
export const TEMPORARY_ERROR_MESSAGE = `Er ging iets mis aan mijn kant, waarschijnlijk een tijdelijke storing. Wat je net deed is misschien niet verwerkt; je eerdere invoer blijft bewaard. Probeer het over een paar minuten opnieuw. ${REPORT_TEXTS.acuteReminder}`;
export const GENERIC_ERROR_MESSAGE =
    'Er ging iets mis aan mijn kant. Het gesprek is opnieuw begonnen; typ "menu" om verder te gaan. Als dit blijft gebeuren, neem contact op met de aandachtfunctionaris.';

/**
 * After a stored report nothing may say "niet opgeslagen": the report is safe (and Versturen again
 * finds the same one), so say so with its reference, and what did not work.
 */
export function storedReportMessage(reference: string, failure: TurnFailure): string {
    const what =
        failure === 'storage'
            ? 'Daarna lukte het me niet om de stand van ons gesprek te bewaren, dus misschien zie je hierboven nog een oude kaart.'
            : 'Daarna ging er bij mij nog iets mis; dat heeft geen gevolgen voor je melding.';
    return `Je melding is opgeslagen (kenmerk ${reference}). ${what} Je hoeft je melding niet opnieuw te versturen; typ "menu" om verder te gaan.`;
}

/** The one reply for a failed message turn. */
export function turnErrorReply(failure: TurnFailure, stored: StoredReportNote | undefined): string {
    if (stored) return storedReportMessage(stored.reference, failure);
    if (failure === 'storage') return STORAGE_DOWN_MESSAGE;
    if (failure === 'network') return TEMPORARY_ERROR_MESSAGE;
    return GENERIC_ERROR_MESSAGE;
}
