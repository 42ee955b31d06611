/**
 * The report of a suspected signal of mensenhandel, as the domain sees it. Codes are stable (they are
 * stored in Tables and travel in card data); Dutch labels live next to them for cards and summaries.
 */
import { assessDanger } from '../knowledge/dangerDetector';
import type { ExploitationForm, MinorAnswer, Municipality } from '../domain/vocabulary';
import type { IndicatorCode } from './indicatorCatalog';

/** Case handling by the aandachtfunctionaris (a later issue moves reports through these). */
export const REPORT_STATUSES = ['nieuw', 'in_behandeling', 'doorgezet', 'afgesloten'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
    nieuw: 'Nieuw',
    in_behandeling: 'In behandeling',
    doorgezet: 'Doorgezet naar ketenpartner',
    afgesloten: 'Afgesloten',
};

/** A reportId: 32 hex characters (reportService.reportIdFor); anything else is not a report. */
export const REPORT_ID_PATTERN = /^[0-9a-f]{32}$/;

/** Whether the notification reached the coordinators' channel. */
export const DELIVERY_STATES = ['wachtrij', 'bezorgd', 'niet_bezorgd'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export const DELIVERY_STATE_LABELS: Record<DeliveryState, string> = {
    wachtrij: 'Wordt doorgestuurd',
    bezorgd: 'Bezorgd bij de aandachtfunctionaris',
    niet_bezorgd: 'Niet bezorgd',
};

/** Where the report goes: the municipality's own channel, the fallback channel, or nowhere configured yet. */
export type ChannelKind = 'bound' | 'fallback' | 'none';

/** How the colleague came across the signal (the roles the policy plan names under Ambitie 3). */
export const WORK_CONTEXTS = [
    'balie',
    'burgerzaken',
    'vergunningen',
    'handhaving',
    'toezicht',
    'gebiedsregie',
    'leerplicht',
    'wmo',
    'jeugd',
    'participatie',
    'anders',
] as const;
export type WorkContext = (typeof WORK_CONTEXTS)[number];

export const WORK_CONTEXT_LABELS: Record<WorkContext, string> = {
    balie: 'Balie of publieksdienstverlening',
    burgerzaken: 'Burgerzaken / BRP',
    vergunningen: 'Vergunningverlening',
    handhaving: 'Handhaving',
    toezicht: 'Toezicht',
    gebiedsregie: 'Gebiedsregie of wijkteam',
    leerplicht: 'Leerplicht',
    wmo: 'Wmo',
    jeugd: 'Jeugd',
    participatie: 'Participatie, werk en inkomen',
    anders: 'Anders',
};

/** Who already knows about the situation. */
export const INFORMED_PARTIES = [
    'politie',
    'veilig_thuis',
    'arbeidsinspectie',
    'meldpunt_ondermijning',
    'zorg',
    'school',
    'leidinggevende',
    'niemand',
    'weet_niet',
    'anders',
] as const;
export type InformedParty = (typeof INFORMED_PARTIES)[number];

export const INFORMED_PARTY_LABELS: Record<InformedParty, string> = {
    politie: 'Politie',
    veilig_thuis: 'Veilig Thuis',
    arbeidsinspectie: 'Nederlandse Arbeidsinspectie',
    meldpunt_ondermijning: 'Meldpunt ondermijning',
    zorg: 'Zorg- of hulpverlener',
    school: 'School',
    leidinggevende: 'Mijn leidinggevende',
    niemand: 'Nog niemand',
    weet_niet: 'Weet ik niet',
    anders: 'Anders',
};

export const MINOR_ANSWER_LABELS: Record<MinorAnswer, string> = {
    ja: 'Ja',
    nee: 'Nee',
    onbekend: 'Weet ik niet',
};

/** Step 1 of the form: what, where, when, how you came across it. */
export interface ReportDetails {
    municipality: Municipality;
    forms: ExploitationForm[];
    description: string;
    location?: string;
    /** Calendar date (YYYY-MM-DD) the colleague saw the signal. */
    observedOn: string;
    workContext: WorkContext;
    workContextOther?: string;
}

/** Step 2 of the form: signals seen and who is involved. No names are asked for. */
export interface ReportSignals {
    indicators: IndicatorCode[];
    otherIndicator?: string;
    peopleCount?: number;
    estimatedAge?: number;
    minor: MinorAnswer;
    informed: InformedParty[];
    informedOther?: string;
}

/** A complete, validated report as the colleague confirmed it, before it is stored. */
export interface ReportDraft extends ReportDetails, ReportSignals {
    /** Answer to the safety question: someone is in acute danger now. */
    acuteDanger: boolean;
    /**
     * The colleague answered "no" to the safety question, but the free text reads like danger now
     * ("ze zit opgesloten in de kelder"). Set by the bot, never by the form; the channel card then
     * says "mogelijk acuut gevaar" so the coordinator reads it first.
     */
    dangerInText?: boolean;
}

/** Who reported: taken from the Teams activity, never from a form field. */
export interface ReporterIdentity {
    aadObjectId: string;
    tenantId: string;
    displayName?: string;
}

export interface DeliveryInfo {
    state: DeliveryState;
    attempts: number;
    conversationId?: string;
    activityId?: string;
    deliveredAt?: string;
    /** Short technical reason (status code, no content) when the report could not be delivered. */
    failureReason?: string;
    /** The own channel refused or stayed unreachable, so the card went to the fallback channel. */
    rerouted?: boolean;
    /** When the admins were told that this report did not reach its channel (ISO). */
    alertedAt?: string;
}

/**
 * Where the aandachtfunctionaris is with the report (bot/cases moves it). Codes for partner and close
 * reason are owned by bot/cases; they are stored as given and checked there.
 */
export interface ReportHandling {
    /** Goes up by one with every case change; travels in card data so a stale card is recognised. */
    version: number;
    assigneeAadObjectId?: string;
    assigneeName?: string;
    partner?: string;
    closeReason?: string;
    /** ISO timestamp of the (last) closing: the retention period runs from here. */
    closedAt?: string;
    lastChangeAt?: string;
    lastChangeByName?: string;
    /** A short Dutch line without free text, e.g. "Opgepakt door Sanne Jansen". */
    lastChangeSummary?: string;
    /** How many additions the reporter made (bot/cases/reportAdditions.ts); the text is in the history only. */
    additions?: number;
    /** The ids of the last additions stored (comma-separated, newest first), so an "Opslaan" pressed again stores nothing. */
    lastAdditionId?: string;
    /**
     * The case version of the last question to the reporter (bot/cases/reporterQuestions.ts): the answer
     * names it, so an answer to a replaced question is recognised. The text is in the history only.
     */
    questionVersion?: number;
    /** Whether that question still waits for the reporter's answer. */
    questionState?: ReporterQuestionState;
}

export const REPORTER_QUESTION_STATES = ['open', 'beantwoord'] as const;
export type ReporterQuestionState = (typeof REPORTER_QUESTION_STATES)[number];

export interface Report extends ReportDraft {
    reportId: string;
    /** Readable reference, e.g. MH-2026-0042. */
    reference: string;
    submissionId: string;
    /** ISO timestamp (UTC). */
    submittedAt: string;
    reporter: ReporterIdentity;
    status: ReportStatus;
    channelKind: ChannelKind;
    delivery: DeliveryInfo;
    /** Absent until a coordinator first acts on the report. */
    handling?: ReportHandling;
    /** Set when retention removed the personal and free-text fields (ISO timestamp). */
    purgedAt?: string;
}

/** One line of "Mijn meldingen". */
export interface ReportListItem {
    reportId: string;
    reference: string;
    submittedAt: string;
    municipality: Municipality;
    status: ReportStatus;
    deliveryState: DeliveryState;
    /** Set when the admins were told the report did not reach its channel. */
    alertedAt?: string;
}

/** What the bot remembers per colleague between reports. */
export interface ReporterPreferences {
    municipality?: Municipality;
}

export type Urgency = 'acuut' | 'mogelijkAcuut' | 'hoog' | 'normaal';

export const URGENCY_LABELS: Record<Urgency, string> = {
    acuut: 'ACUUT GEVAAR gemeld',
    mogelijkAcuut: 'MOGELIJK ACUUT GEVAAR: de beschrijving wijst op direct gevaar',
    hoog: 'Hoge urgentie: minderjarige betrokken',
    normaal: 'Geen acuut gevaar gemeld',
};

/** Acute danger comes first; a (possible) minor is urgent because coercion need not be proven for them. */
export function reportUrgency(draft: Pick<ReportDraft, 'acuteDanger' | 'dangerInText' | 'minor' | 'estimatedAge'>): Urgency {
    if (draft.acuteDanger) return 'acuut';
    if (draft.dangerInText === true) return 'mogelijkAcuut';
    if (draft.minor === 'ja' || (draft.estimatedAge !== undefined && draft.estimatedAge < 18)) return 'hoog';
    return 'normaal';
}

/** Free-text limits (characters). Well inside the Table limit of 64 KiB per property. */
export const TEXT_LIMITS = {
    description: 2000,
    location: 200,
    otherIndicator: 300,
    workContextOther: 200,
    informedOther: 200,
} as const;

/** The free text of a report reads like danger now although the safety question said no (see `dangerInText`). */
export function signalsDangerInText(draft: Pick<ReportDraft, 'acuteDanger' | 'description' | 'location' | 'otherIndicator' | 'workContextOther' | 'informedOther'>): boolean {
    if (draft.acuteDanger) return false;
    const text = [draft.description, draft.location, draft.otherIndicator, draft.workContextOther, draft.informedOther].filter((t) => t !== undefined).join('\n');
    return assessDanger(text).acute;
}
