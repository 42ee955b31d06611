import type { TurnContext } from 'botbuilder';

/**
 * What a turn has already done that its error handler must know about. Once a report is stored, a
 * failure later in the same turn (the state write at its end, the confirmation's send) must not make
 * the bot say the report was not saved: the handler reads this note and says what did not work.
 */
export interface StoredReportNote {
    reportId: string;
    reference: string;
}

const STORED_REPORT = Symbol('signaal.storedReport');

export function noteStoredReport(context: TurnContext, note: StoredReportNote): void {
    context.turnState.set(STORED_REPORT, note);
}

export function storedReportOf(context: TurnContext): StoredReportNote | undefined {
    const note: unknown = context.turnState.get(STORED_REPORT);
    return typeof note === 'object' && note !== null ? (note as StoredReportNote) : undefined;
}
