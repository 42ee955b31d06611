/**
 * Answers every Universal Action (adaptiveCard/action) from a report card in a coordinators' channel.
 * Who acts comes from the activity (Entra object id, tenant, conversation), never from card data; the
 * card data only names the report, the card version and the inputs, and is validated like any input.
 * The answer follows the Teams contract: status 200 with a card, quickly; the shared card, the thread
 * line and the reporter's message were queued with the change and follow from the outbox.
 */
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { renderCaseHistoryCard } from '../../../cards/caseHistoryCard';
import { renderCaseNoticeCard } from '../../../cards/caseNoticeCard';
import { ADAPTIVE_CARD_CONTENT_TYPE, type AdaptiveCardJson } from '../../../cards/renderCard';
import type { ChannelCardView } from '../../../cards/reportChannelCard';
import { formatDutchDateTime } from '../../domain/amsterdamTime';
import { parseCaseAction } from '../../cases/caseActionValidation';
import type { CaseErrorCode } from '../../cases/caseModel';
import type { CaseOutcome, CaseService } from '../../cases/caseService';
import { tenantOf } from '../identity';
import type { Logger } from '../../logger';
import { REPORT_STATUS_LABELS, type Report } from '../../reports/reportModel';

export const CASE_TEXTS = {
    title: 'Er is niets veranderd',
    unidentified: 'Ik kan niet zien wie je bent. Acties op meldingen kunnen alleen vanuit Microsoft Teams van je eigen organisatie. Er is niets veranderd.',
    foreignTenant: 'Deze actie kan alleen vanuit de eigen organisatie. Er is niets veranderd.',
    notFound: 'Deze melding bestaat niet (meer) of hoort niet bij deze kaart. Er is niets veranderd.',
    unavailable: 'Het lukt me nu niet om de melding bij te werken door een storing. Probeer het over een paar minuten opnieuw. Er is niets veranderd.',
    readOnly: (municipality: string) => `Alleen de aandachtfunctionarissen mensenhandel van ${municipality} kunnen deze melding behandelen. Jij ziet de kaart alleen om te lezen.`,
    notCoordinator: (municipality: string) => `Alleen de aandachtfunctionarissen mensenhandel van ${municipality} kunnen deze melding behandelen. Er is niets veranderd.`,
    wrongState: (status: string) => `Dat kan niet bij de huidige status van de melding (${status}). Er is niets veranderd.`,
    purged: 'Van deze melding zijn de gegevens na de bewaartermijn verwijderd; ze kan niet meer worden behandeld. Er is niets veranderd.',
    noReporterChat:
        'De melder heeft geen 1-op-1-chat met de Signaalbot (bijvoorbeeld omdat de app bij de melder niet meer is geïnstalleerd), dus de vraag kan de melder niet bereiken. Er is niets verstuurd. Neem zo nodig op een andere manier contact op.',
    notAssignable: (municipality: string) => `Die persoon is geen aandachtfunctionaris van ${municipality}. Er is niets veranderd.`,
    conflict: (what: string) =>
        `Iemand was je net voor: ${what}. Je actie is daarom niet uitgevoerd. Hieronder zie je de melding zoals ze nu is; kies opnieuw als dat nog nodig is.`,
} as const;

export interface CaseActionHandlerDeps {
    service: CaseService;
    /** Sends the follow-ups the change queued (card update, thread line, reporter) now. */
    followUps: { deliverQueued(reportId: string): void };
    /** Renders the channel card with the coordinator choices of the report's municipality, for one view. */
    renderCard: (report: Report, options: { notice?: string; view: ChannelCardView }) => AdaptiveCardJson;
    logger: Logger;
}

function cardResponse(card: AdaptiveCardJson): AdaptiveCardInvokeResponse {
    return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: card };
}

export class CaseActionHandler {
    constructor(private readonly deps: CaseActionHandlerDeps) {}

    /** The BotFeatures.adaptiveCardActions seam. */
    readonly handle = async (context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> => {
        const activity = context.activity;
        const parsed = parseCaseAction(value?.action?.verb, value?.action?.data);
        const aadObjectId = activity.from?.aadObjectId;
        const tenantId = tenantOf(activity);
        if (!aadObjectId || !tenantId || !activity.conversation?.id) return this.notice(CASE_TEXTS.unidentified);
        const person = { aadObjectId, tenantId, conversationId: activity.conversation.id };
        // The coordinator's own view: everything the service let through was checked for this person.
        const mine: ChannelCardView = { kind: 'coordinator', aadObjectId };
        try {
            if (!parsed.ok) {
                this.deps.logger.info({ activityId: activity.id, event: 'case.invalidAction', reason: parsed.reason, outcome: 'refused' }, 'case action refused');
                if (parsed.reason === 'forged' || parsed.reportId === undefined) return this.notice(parsed.message);
                // A field left empty: show the card again (after the same checks) with what is missing.
                const shown = await this.deps.service.act(person, { reportId: parsed.reportId, cardVersion: parsed.cardVersion ?? 0, request: { kind: 'kaart' } });
                return shown.kind === 'card' ? cardResponse(this.deps.renderCard(shown.report, { notice: parsed.message, view: mine })) : this.respond(shown, mine);
            }
            const outcome = await this.deps.service.act(person, parsed.value);
            if (parsed.value.request.kind === 'verversen') {
                // Automatic refreshes happen whenever a client shows the card: answer without a word; a
                // pressed "Behandelen" by someone who may not gets told why there are no buttons.
                // The SDK's invoke value drops `trigger`; the activity still has it.
                const raw: unknown = activity.value;
                const automatic = typeof raw === 'object' && raw !== null && (raw as { trigger?: unknown }).trigger === 'automatic';
                if (outcome.kind === 'refused' && outcome.code === 'NOT_ALLOWED' && outcome.report) {
                    const notice = automatic ? undefined : CASE_TEXTS.readOnly(outcome.report.municipality);
                    return cardResponse(this.deps.renderCard(outcome.report, { view: { kind: 'readOnly' }, ...(notice && { notice }) }));
                }
            }
            return this.respond(outcome, mine);
        } catch (err) {
            this.deps.logger.warn({ activityId: activity.id, event: 'case.failed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'case action failed');
            return this.notice(CASE_TEXTS.unavailable);
        }
    };

    private respond(outcome: CaseOutcome, mine: ChannelCardView): AdaptiveCardInvokeResponse {
        switch (outcome.kind) {
            case 'applied': {
                this.deps.followUps.deliverQueued(outcome.report.reportId);
                return cardResponse(this.deps.renderCard(outcome.report, { view: mine }));
            }
            case 'history':
                return cardResponse(renderCaseHistoryCard(outcome.report, outcome.entries));
            case 'card':
                return cardResponse(this.deps.renderCard(outcome.report, { view: mine }));
            case 'conflict': {
                const h = outcome.report.handling;
                const what = h?.lastChangeSummary && h.lastChangeAt ? `${h.lastChangeSummary} (${formatDutchDateTime(h.lastChangeAt)})` : 'de melding is intussen gewijzigd';
                return cardResponse(this.deps.renderCard(outcome.report, { notice: CASE_TEXTS.conflict(what), view: mine }));
            }
            case 'refused': {
                if (!outcome.report) return this.notice(refusalText(outcome.code, undefined));
                // Someone who is not a coordinator here gets the read-only card: no buttons to be refused again.
                const view: ChannelCardView = outcome.code === 'NOT_ALLOWED' ? { kind: 'readOnly' } : mine;
                return cardResponse(this.deps.renderCard(outcome.report, { notice: refusalText(outcome.code, outcome.report, outcome.detail), view }));
            }
        }
    }

    private notice(message: string): AdaptiveCardInvokeResponse {
        return cardResponse(renderCaseNoticeCard({ title: CASE_TEXTS.title, message }));
    }
}

function refusalText(code: CaseErrorCode, report: Report | undefined, detail?: string): string {
    switch (code) {
        case 'NOT_ALLOWED':
            return report ? CASE_TEXTS.notCoordinator(report.municipality) : CASE_TEXTS.foreignTenant;
        case 'WRONG_STATE':
            if (report?.purgedAt) return CASE_TEXTS.purged;
            return CASE_TEXTS.wrongState(report ? REPORT_STATUS_LABELS[report.status] : 'onbekend');
        case 'INVALID_ACTION':
            return detail === 'assignee' && report ? CASE_TEXTS.notAssignable(report.municipality) : CASE_TEXTS.notFound;
        case 'NOT_FOUND':
        case 'NOT_DELIVERED':
            return CASE_TEXTS.notFound;
        case 'CONFLICT':
            return CASE_TEXTS.conflict('de melding is intussen gewijzigd');
        case 'NO_PERSONAL_CHAT':
            return CASE_TEXTS.noReporterChat;
    }
}
