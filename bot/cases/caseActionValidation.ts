/**
 * Checks the verb and data of an Action.Execute from the channel card. Everything in card data can be
 * forged, so only known verbs, well-formed ids and known codes pass; free text is trimmed and bounded.
 */
import {
    CASE_VERBS,
    NOTE_MAX_LENGTH,
    isCasePartner,
    isCloseReason,
    type CaseCommand,
    type CaseQuery,
} from './caseModel';

export interface ParsedCaseAction {
    reportId: string;
    /** The case version the card showed when the button was pressed. */
    cardVersion: number;
    request: CaseCommand | CaseQuery;
}

export type CaseActionParse =
    | { ok: true; value: ParsedCaseAction }
    /** forged: not something our cards send; incomplete: a field the person still has to fill in. */
    | { ok: false; reason: 'forged' | 'incomplete'; message: string; reportId?: string; cardVersion?: number };

const REPORT_ID = /^[0-9a-f]{32}$/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const MAX_VERSION = 1_000_000;

const FORGED = 'Deze actie hoort niet bij een kaart van de Signaalbot of is beschadigd. Er is niets veranderd.';

function forged(): CaseActionParse {
    return { ok: false, reason: 'forged', message: FORGED };
}

/** undefined when absent or blank; null when present but not acceptable text. */
function optionalText(value: unknown): string | undefined | null {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return null;
    const trimmed = value.trim();
    if (trimmed === '') return undefined;
    return trimmed.length > NOTE_MAX_LENGTH ? null : trimmed;
}

function versionOf(value: unknown): number | undefined {
    const n = typeof value === 'string' && /^\d{1,7}$/.test(value) ? Number(value) : value;
    return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= MAX_VERSION ? n : undefined;
}

const TOO_LONG = `Een toelichting of notitie mag hoogstens ${NOTE_MAX_LENGTH} tekens hebben. Er is niets veranderd.`;

const QUESTION_TOO_LONG = `Een vraag aan de melder mag hoogstens ${NOTE_MAX_LENGTH} tekens hebben. Er is niets verstuurd.`;

export function parseCaseAction(verb: unknown, data: unknown): CaseActionParse {
    if (typeof verb !== 'string' || typeof data !== 'object' || data === null || Array.isArray(data)) return forged();
    const d = data as Record<string, unknown>;
    const reportId = d.reportId;
    const cardVersion = versionOf(d.version);
    if (typeof reportId !== 'string' || !REPORT_ID.test(reportId) || cardVersion === undefined) return forged();
    const ok = (request: CaseCommand | CaseQuery): CaseActionParse => ({ ok: true, value: { reportId, cardVersion, request } });
    // Something the person still has to fill in: the handler shows the card again with the message.
    const incomplete = (message: string): CaseActionParse => ({ ok: false, reason: 'incomplete', message, reportId, cardVersion });

    switch (verb) {
        case CASE_VERBS.oppakken:
            return ok({ kind: 'oppakken' });
        case CASE_VERBS.heropenen:
            return ok({ kind: 'heropenen' });
        case CASE_VERBS.geschiedenis:
            return ok({ kind: 'geschiedenis' });
        case CASE_VERBS.kaart:
            return ok({ kind: 'kaart' });
        case CASE_VERBS.kaartVerversen:
            return ok({ kind: 'verversen' });
        case CASE_VERBS.toewijzen: {
            const assignee = d.assignee;
            if (assignee === undefined || assignee === '') return incomplete('Kies eerst aan wie je de melding toewijst. Er is niets veranderd.');
            if (typeof assignee !== 'string' || !GUID.test(assignee)) return forged();
            return ok({ kind: 'toewijzen', assigneeAadObjectId: assignee.toLowerCase() });
        }
        case CASE_VERBS.doorzetten: {
            const partner = d.partner;
            if (partner === undefined || partner === '') return incomplete('Kies eerst naar welke ketenpartner je de melding doorzet. Er is niets veranderd.');
            if (!isCasePartner(partner)) return forged();
            const note = optionalText(d.forwardNote);
            if (note === null) return incomplete(TOO_LONG);
            if (partner === 'anders' && note === undefined) return incomplete('Bij "Anders" hoort een toelichting: naar wie ging de melding? Er is niets veranderd.');
            return ok({ kind: 'doorzetten', partner, ...(note !== undefined && { note }) });
        }
        case CASE_VERBS.afsluiten: {
            const reason = d.closeReason;
            if (reason === undefined || reason === '') return incomplete('Kies eerst een reden om af te sluiten. Er is niets veranderd.');
            if (!isCloseReason(reason)) return forged();
            const note = optionalText(d.closeNote);
            if (note === null) return incomplete(TOO_LONG);
            if (reason === 'anders' && note === undefined) return incomplete('Bij "Anders" hoort een toelichting. Er is niets veranderd.');
            return ok({ kind: 'afsluiten', reason, ...(note !== undefined && { note }) });
        }
        case CASE_VERBS.vraagMelder: {
            const question = optionalText(d.reporterQuestion);
            if (question === null) return d.reporterQuestion !== undefined && typeof d.reporterQuestion !== 'string' ? forged() : incomplete(QUESTION_TOO_LONG);
            if (question === undefined) return incomplete('Typ eerst je vraag aan de melder. Er is niets verstuurd.');
            return ok({ kind: 'vraagMelder', question });
        }
        case CASE_VERBS.notitie: {
            const note = optionalText(d.note);
            if (note === null) return d.note !== undefined && typeof d.note !== 'string' ? forged() : incomplete(TOO_LONG);
            if (note === undefined) return incomplete('Typ eerst een notitie. Er is niets veranderd.');
            return ok({ kind: 'notitie', note });
        }
        default:
            return forged();
    }
}
