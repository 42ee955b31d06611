import { CASE_PARTNERS, CASE_PARTNER_LABELS, CLOSE_REASONS, CLOSE_REASON_LABELS, type CaseCommandKind } from '../bot/cases/caseModel';
import { allowedCommands, currentVersion } from '../bot/cases/caseStateMachine';
import { CASE_VERBS } from '../bot/cases/caseModel';
import { EXPLOITATION_FORM_LABELS } from '../bot/domain/vocabulary';
import { reportUrgency, DELIVERY_STATE_LABELS, REPORT_STATUS_LABELS, URGENCY_LABELS, type Report, type ReporterQuestionState, type Urgency } from '../bot/reports/reportModel';
import * as ACData from 'adaptivecards-templating';
import template from './reportChannelCard.json';
import { plainText, type AdaptiveCardJson } from './renderCard';
import { formatDutchDateTime } from '../bot/domain/amsterdamTime';
import { reportFacts, type Fact } from './reportSummaryFacts';

interface Choice {
    title: string;
    value: string;
}

/** Template data of the card the coordinators see in their channel. All user text is already escaped. */
export interface ReportChannelCardData {
    notice: string;
    /** "Arbeidsuitbuiting · Zutphen · ACUUT GEVAAR": what the report is, where, and how urgent. */
    headline: string;
    urgencyLabel: string;
    urgencyStyle: 'attention' | 'warning' | 'emphasis';
    urgencyColor: 'Attention' | 'Warning' | 'Default';
    reference: string;
    municipality: string;
    fallbackNotice: string;
    description: string;
    facts: Fact[];
    reporterName: string;
    submittedAt: string;
    statusLabel: string;
    assigneeLabel: string;
    lastChange: string;
    /** "2 (zie Geschiedenis en de thread)"; empty without additions. */
    additionsLabel: string;
    /** "Gesteld — wacht op antwoord" / "Beantwoord ..."; empty when the reporter was never asked. */
    questionLabel: string;
    deliveryLabel: string;
    purgedNotice: string;
    actionsNotice: string;
    reportId: string;
    version: number;
    canOppakken: boolean;
    canToewijzen: boolean;
    canDoorzetten: boolean;
    canAfsluiten: boolean;
    canNotitie: boolean;
    canHeropenen: boolean;
    canVraagMelder: boolean;
    questionButtonTitle: string;
    /** Inside the question form when one is open: a new question replaces it. */
    questionOpenHint: string;
    showHistory: boolean;
    /** "Behandelen" on the shared card, for clients that do not refresh (the bot answers per person). */
    showRefreshButton: boolean;
    /** 'secondary' (the "…" menu) when the buttons of the state would be more than Teams shows in a row. */
    historyMode: 'primary' | 'secondary';
    coordinators: Choice[];
    partners: Choice[];
    closeReasons: Choice[];
}

/**
 * Who the card is for. `shared`: the message in the channel that everyone sees, read-only, with a
 * Universal Actions refresh so each viewer's client asks for their own view. `coordinator`: the answer to
 * a coordinator of the municipality, with the buttons of the state for that person. `readOnly`: the answer
 * to anyone else. Who may act is checked again on the server for every action.
 */
export type ChannelCardView = { kind: 'shared' } | { kind: 'coordinator'; aadObjectId: string } | { kind: 'readOnly' };

export interface ReportChannelCardOptions {
    /** Coordinators of the report's municipality, for "Toewijzen aan". */
    coordinators?: readonly { aadObjectId: string; name: string }[];
    /** A line at the top, e.g. why an action was refused (only in the invoke response to one person). */
    notice?: string;
    /** Default: the shared card. */
    view?: ChannelCardView;
    /** Teams user ids (29:...) of the municipality's coordinators: the refresh's `userIds` (Teams takes 60). */
    coordinatorTeamsIds?: readonly string[];
}

/** Teams refreshes a card automatically for at most 60 listed users. */
export const REFRESH_MAX_USERS = 60;

/** The headline's last part: short, so form and municipality stay readable at normal card width. */
const URGENCY_HEADLINE: Record<Urgency, string> = {
    acuut: 'ACUUT GEVAAR',
    mogelijkAcuut: 'MOGELIJK ACUUT GEVAAR',
    hoog: 'minderjarige betrokken',
    normaal: 'niet acuut',
};

export function channelCardHeadline(report: Pick<Report, 'forms' | 'municipality' | 'acuteDanger' | 'dangerInText' | 'minor' | 'estimatedAge'>): string {
    const forms = report.forms.length === 0 || report.forms.includes('onbekend') ? 'Vorm onbekend' : report.forms.map((f) => EXPLOITATION_FORM_LABELS[f]).join(' en ');
    return `${forms} · ${report.municipality} · ${URGENCY_HEADLINE[reportUrgency(report)]}`;
}

/**
 * One primary action per state, first and in the positive style; Oppakken only while nobody has the
 * report (taking over goes through Toewijzen aan). The rest follow in a fixed order.
 */
const PRIMARY: Record<Report['status'], CaseCommandKind> = {
    nieuw: 'oppakken',
    in_behandeling: 'doorzetten',
    doorgezet: 'afsluiten',
    afgesloten: 'heropenen',
};
const ACTION_ORDER: readonly string[] = ['oppakken', 'doorzetten', 'afsluiten', 'heropenen', 'toewijzen', 'notitie', 'vraagMelder', 'geschiedenis'];

const URGENCY_LOOK: Record<Urgency, Pick<ReportChannelCardData, 'urgencyStyle' | 'urgencyColor'>> = {
    acuut: { urgencyStyle: 'attention', urgencyColor: 'Attention' },
    mogelijkAcuut: { urgencyStyle: 'attention', urgencyColor: 'Attention' },
    hoog: { urgencyStyle: 'warning', urgencyColor: 'Warning' },
    normaal: { urgencyStyle: 'emphasis', urgencyColor: 'Default' },
};

/** What a report says does not change with case actions: its rendering is kept, so an action does not redo it (Intl formatting is slow). */
type StaticPart = Pick<ReportChannelCardData, 'description' | 'facts' | 'reporterName' | 'submittedAt'>;
const staticParts = new Map<string, StaticPart>();
const STATIC_CACHE_SIZE = 500;

function staticPart(report: Report, purged: boolean): StaticPart {
    // Keyed by the content itself, so a changed or purged report can never get an old rendering.
    const { handling: _handling, delivery: _delivery, status: _status, ...content } = report;
    const key = JSON.stringify(content);
    const cached = staticParts.get(key);
    if (cached) return cached;
    const part: StaticPart = {
        description: purged ? 'Verwijderd na de bewaartermijn.' : plainText(report.description),
        facts: reportFacts(report),
        reporterName: purged ? 'Verwijderd na de bewaartermijn' : report.reporter.displayName ? plainText(report.reporter.displayName) : 'Onbekende naam (zie Teams-account)',
        submittedAt: formatDutchDateTime(report.submittedAt),
    };
    if (staticParts.size >= STATIC_CACHE_SIZE) staticParts.delete(staticParts.keys().next().value as string);
    staticParts.set(key, part);
    return part;
}

const whenChanged = formatDutchDateTime;

/** Teams shows at most six primary actions on a card; more go to its "…" menu as `mode: secondary`. */
const MAX_PRIMARY_ACTIONS = 6;

const QUESTION_LABELS: Record<ReporterQuestionState, string> = {
    open: 'Vraag aan melder gesteld — wacht op antwoord',
    beantwoord: 'Vraag aan melder beantwoord (antwoord in de thread en onder Geschiedenis)',
};

export function reportChannelCardData(report: Report, options: ReportChannelCardOptions = {}): ReportChannelCardData {
    const urgency = reportUrgency(report);
    const handling = report.handling;
    const purged = report.purgedAt !== undefined;
    const view = options.view ?? { kind: 'shared' };
    // Buttons only on a coordinator's own view; who may press is checked on the server per action.
    const inState = new Set<CaseCommandKind>(
        purged || view.kind !== 'coordinator' ? [] : allowedCommands(report, view.aadObjectId).filter((k) => k !== 'oppakken' || report.status === 'nieuw'),
    );
    const coordinators = (options.coordinators ?? []).map((c) => ({ title: c.name, value: c.aadObjectId }));
    const questionOpen = handling?.questionState === 'open';
    const partnerLabel = handling?.partner && (CASE_PARTNERS as readonly string[]).includes(handling.partner)
        ? CASE_PARTNER_LABELS[handling.partner as (typeof CASE_PARTNERS)[number]]
        : undefined;
    const canVraagMelder = inState.has('vraagMelder') && report.reporter.aadObjectId !== '';
    const canToewijzen = inState.has('toewijzen') && coordinators.length > 0;
    // Every button of the state plus Geschiedenis; Teams shows six primary actions.
    const primary = [...inState].filter((k) => (k === 'vraagMelder' ? canVraagMelder : k === 'toewijzen' ? canToewijzen : true)).length + 1;
    return {
        notice: options.notice ? plainText(options.notice) : '',
        headline: channelCardHeadline(report),
        urgencyLabel: urgency === 'normaal' ? '' : URGENCY_LABELS[urgency],
        ...URGENCY_LOOK[urgency],
        reference: report.reference,
        municipality: report.municipality,
        fallbackNotice: report.delivery.rerouted
            ? `Het kanaal van ${report.municipality} was niet bereikbaar; deze melding staat daarom in het reservekanaal. Zet haar door naar de aandachtfunctionaris van ${report.municipality}.`
            : report.channelKind === 'fallback'
              ? `Voor ${report.municipality} is nog geen kanaal gekoppeld; deze melding staat daarom in het algemene kanaal. Zet haar door naar de aandachtfunctionaris van ${report.municipality}.`
              : '',
        ...staticPart(report, purged),
        statusLabel: report.status === 'doorgezet' && partnerLabel ? `${REPORT_STATUS_LABELS.doorgezet}: ${partnerLabel}` : REPORT_STATUS_LABELS[report.status],
        assigneeLabel: handling?.assigneeName ? plainText(handling.assigneeName) : 'Nog niemand',
        lastChange: handling?.lastChangeSummary && handling.lastChangeAt
            ? `${plainText(handling.lastChangeSummary)} (${whenChanged(handling.lastChangeAt)})`
            : 'Nog geen',
        additionsLabel: handling?.additions ? `${handling.additions} (tekst in de thread en onder Geschiedenis)` : '',
        questionLabel: purged || !handling?.questionState ? '' : QUESTION_LABELS[handling.questionState],
        deliveryLabel: report.delivery.state === 'niet_bezorgd' && report.delivery.failureReason
            ? `${DELIVERY_STATE_LABELS.niet_bezorgd}: ${plainText(report.delivery.failureReason)}`
            : DELIVERY_STATE_LABELS[report.delivery.state === 'wachtrij' ? 'bezorgd' : report.delivery.state],
        purgedNotice: purged ? `De persoonsgegevens en vrije tekst van deze melding zijn verwijderd op ${whenChanged(report.purgedAt ?? '')} (bewaartermijn). De cijfers blijven meetellen.` : '',
        actionsNotice: purged || view.kind === 'coordinator' ? '' : `Alleen de aandachtfunctionarissen van ${report.municipality} kunnen deze melding behandelen; zij zien hier de knoppen.`,
        reportId: report.reportId,
        version: currentVersion(report),
        canOppakken: inState.has('oppakken'),
        canToewijzen,
        canDoorzetten: inState.has('doorzetten'),
        canAfsluiten: inState.has('afsluiten'),
        canNotitie: inState.has('notitie'),
        canHeropenen: inState.has('heropenen'),
        // Only a report with a reporter to ask; whether the bot can reach them is checked when asked.
        canVraagMelder,
        questionButtonTitle: questionOpen ? 'Nieuwe vraag aan melder…' : 'Vraag aan melder…',
        questionOpenHint: questionOpen ? 'Er staat al een vraag open bij de melder. Een nieuwe vraag vervangt die: de melder kan de oude dan niet meer beantwoorden.' : '',
        showHistory: view.kind === 'coordinator',
        showRefreshButton: view.kind === 'shared' && !purged,
        historyMode: primary > MAX_PRIMARY_ACTIONS ? 'secondary' : 'primary',
        coordinators,
        partners: CASE_PARTNERS.map((p) => ({ title: CASE_PARTNER_LABELS[p], value: p })),
        closeReasons: CLOSE_REASONS.map((r) => ({ title: CLOSE_REASON_LABELS[r], value: r })),
    };
}

/**
 * This card is rendered on every case action (invoke answer and shared-card update). Building a
 * Template costs about 6 ms and expanding an existing one under 1 ms, so the Template is kept;
 * expand() does not change it.
 */
let compiled: ACData.Template | undefined;

/** The kind of an expanded action: its verb's command, or that of the Execute inside its ShowCard. */
function actionKind(action: unknown): string {
    const a = action as { verb?: unknown; card?: { actions?: { verb?: unknown }[] } };
    const verb = typeof a.verb === 'string' ? a.verb : a.card?.actions?.[0]?.verb;
    return typeof verb === 'string' ? verb.replace(/^case\./, '') : '';
}

function orderedActions(actions: readonly unknown[], status: Report['status']): unknown[] {
    const rank = (a: unknown) => {
        const i = ACTION_ORDER.indexOf(actionKind(a));
        return actionKind(a) === PRIMARY[status] ? -1 : i < 0 ? ACTION_ORDER.length : i;
    };
    return [...actions].sort((a, b) => rank(a) - rank(b)).map((a) => {
        if (actionKind(a) !== PRIMARY[status]) {
            const { style: _style, ...rest } = a as Record<string, unknown>;
            return actionKind(a) === 'afsluiten' ? a : rest;
        }
        return { ...(a as object), style: 'positive' };
    });
}

/**
 * The card about a report in the aandachtfunctionaris channel: the shared read-only card (posted and
 * updated for everyone), or one person's view (the answer to a refresh or an action). Every view carries
 * the refresh, so a client that shows it asks for its own view again after the next update.
 */
export function renderReportChannelCard(report: Report, options: ReportChannelCardOptions = {}): AdaptiveCardJson {
    compiled ??= new ACData.Template(template);
    const data = reportChannelCardData(report, options);
    const expanded: unknown = compiled.expand({ $root: data });
    const card = expanded as Partial<AdaptiveCardJson> | null;
    if (!card || card.type !== 'AdaptiveCard' || !Array.isArray(card.body)) throw new Error('channel card template did not expand to an AdaptiveCard');
    const actions = orderedActions(Array.isArray(card.actions) ? card.actions : [], report.status);
    const refreshIds = [...new Set(options.coordinatorTeamsIds ?? [])].slice(0, REFRESH_MAX_USERS);
    const refresh = report.purgedAt
        ? undefined
        : {
              action: { type: 'Action.Execute', title: 'Vernieuwen', verb: CASE_VERBS.kaartVerversen, data: { reportId: data.reportId, version: data.version } },
              ...(refreshIds.length > 0 && { userIds: refreshIds }),
          };
    return { ...(card as AdaptiveCardJson), actions, ...(refresh && { refresh }) };
}
