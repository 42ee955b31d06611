/**
 * Case handling by the aandachtfunctionaris (policy plan, Bijlage 1): weigh each signal, forward it to
 * the right partner, and keep track of it. Codes are stable (stored in Tables, sent in card data);
 * labels are what people read.
 */
import type { ReportStatus } from '../reports/reportModel';

export const CASE_PARTNERS = [
    'politie',
    'veilig_thuis',
    'riec',
    'arbeidsinspectie',
    'comensha',
    'moviera',
    'lokaal_ondermijningsoverleg',
    'anders',
] as const;
export type CasePartner = (typeof CASE_PARTNERS)[number];

export const CASE_PARTNER_LABELS: Record<CasePartner, string> = {
    politie: 'Politie',
    veilig_thuis: 'Veilig Thuis',
    riec: 'RIEC Oost-Nederland',
    arbeidsinspectie: 'Nederlandse Arbeidsinspectie',
    comensha: 'CoMensha',
    moviera: 'Moviera',
    lokaal_ondermijningsoverleg: 'Lokaal ondermijningsoverleg',
    anders: 'Anders (zie toelichting)',
};

export const CLOSE_REASONS = ['afgehandeld_door_partner', 'geen_mensenhandel', 'onvoldoende_informatie', 'dubbele_melding', 'anders'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

export const CLOSE_REASON_LABELS: Record<CloseReason, string> = {
    afgehandeld_door_partner: 'Overgedragen en afgehandeld door de ketenpartner',
    geen_mensenhandel: 'Na weging geen signaal van mensenhandel',
    onvoldoende_informatie: 'Te weinig informatie om verder te gaan',
    dubbele_melding: 'Dubbele melding (al bekend)',
    anders: 'Anders (zie toelichting)',
};

/** The verbs of the Action.Execute buttons on the channel card. */
export const CASE_VERBS = {
    oppakken: 'case.oppakken',
    toewijzen: 'case.toewijzen',
    doorzetten: 'case.doorzetten',
    afsluiten: 'case.afsluiten',
    notitie: 'case.notitie',
    heropenen: 'case.heropenen',
    geschiedenis: 'case.geschiedenis',
    kaart: 'case.kaart',
    /**
     * The channel card's Universal Actions `refresh` (and its "Behandelen" button for clients that do not
     * refresh): a coordinator of the municipality gets the card with buttons, anyone else the read-only card.
     */
    kaartVerversen: 'case.kaartVerversen',
    /** "Vraag aan melder": a question that reaches the reporter 1:1 (bot/cases/reporterQuestions.ts). */
    vraagMelder: 'case.vraagMelder',
} as const;
export type CaseVerb = (typeof CASE_VERBS)[keyof typeof CASE_VERBS];

/** A validated request to change a case (card data checked on the server). */
export type CaseCommand =
    | { kind: 'oppakken' }
    | { kind: 'toewijzen'; assigneeAadObjectId: string }
    | { kind: 'doorzetten'; partner: CasePartner; note?: string }
    | { kind: 'afsluiten'; reason: CloseReason; note?: string }
    | { kind: 'notitie'; note: string }
    | { kind: 'heropenen' }
    /** A question to the reporter; the text goes to the reporter and the coordinators, never to a status line. */
    | { kind: 'vraagMelder'; question: string };
export type CaseCommandKind = CaseCommand['kind'];

/** Requests that only read: the history view and the plain card. */
export type CaseQuery = { kind: 'geschiedenis' } | { kind: 'kaart' } | { kind: 'verversen' };

export const NOTE_MAX_LENGTH = 1000;

/** Who acts: identity from the Teams activity, the name from the organisation file. */
export interface CaseActor {
    aadObjectId: string;
    name: string;
    tenantId: string;
}

/**
 * What a history line records: a coordinator's command, or what the reporter sent: an addition
 * ('aanvulling', bot/cases/reportAdditions.ts) or the answer to a coordinator's question ('antwoordMelder',
 * bot/cases/reporterQuestions.ts). Those are no coordinator commands and so never a button on the channel card.
 */
export type HistoryAction = CaseCommandKind | 'aanvulling' | 'antwoordMelder';

/**
 * One line of a report's history. `note` is free text (a coordinator's note, a question to the reporter,
 * or the text of a reporter's addition or answer): shown to coordinators only, removed by retention.
 */
export interface HistoryEntry {
    version: number;
    at: string;
    action: HistoryAction;
    actorAadObjectId: string;
    actorName: string;
    fromStatus: ReportStatus;
    toStatus: ReportStatus;
    assigneeName?: string;
    partner?: CasePartner;
    closeReason?: CloseReason;
    note?: string;
}

export type CaseErrorCode =
    /** The verb or card data is not one we sent (forged, old or broken). */
    | 'INVALID_ACTION'
    | 'NOT_FOUND'
    /** The person is not a coordinator of the report's municipality, or comes from another tenant. */
    | 'NOT_ALLOWED'
    /** The action does not fit the report's current state. */
    | 'WRONG_STATE'
    /** Someone else changed the report first. */
    | 'CONFLICT'
    /** The report has no card in a channel yet. */
    | 'NOT_DELIVERED'
    /** A question for the reporter, who has no 1:1 chat with the bot: it could never arrive. */
    | 'NO_PERSONAL_CHAT';

export class CaseError extends Error {
    constructor(
        readonly code: CaseErrorCode,
        message: string,
    ) {
        super(message);
        this.name = 'CaseError';
    }
}

export function isCasePartner(value: unknown): value is CasePartner {
    return typeof value === 'string' && (CASE_PARTNERS as readonly string[]).includes(value);
}

export function isCloseReason(value: unknown): value is CloseReason {
    return typeof value === 'string' && (CLOSE_REASONS as readonly string[]).includes(value);
}
