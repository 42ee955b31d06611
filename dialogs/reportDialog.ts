/**
 * The guided report flow: safety question -> form (two steps) -> summary -> store -> confirmation.
 *
 * Card submits arrive as message activities with `value` and empty text. Every value is validated on
 * the server (bot/reports/reportValidation); the dialog state, not the card, is the source of truth,
 * and a stale or forged card changes nothing. The reporter is who Teams says sent the activity.
 */
import { cardMessage, pressedCardId, replaceOrSendCard } from './cardMessage';
import { renderCaseNoticeCard } from '../cards/caseNoticeCard';
import { randomUUID } from 'node:crypto';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { ComponentDialog, Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { ACTIONS, REPORT_ACTIONS, type ReportAction } from '../cards/actions';
import { renderReportConfirmationCard } from '../cards/reportConfirmationCard';
import { renderReportFormCard } from '../cards/reportFormCard';
import { renderReportSafetyAdviceCard, renderReportSafetyCard } from '../cards/reportSafetyCard';
import { renderReportSummaryCard } from '../cards/reportSummaryCard';
import { reporterFrom } from '../bot/teams/identity';
import { noteStoredReport } from '../bot/teams/turnNotes';
import { isStopWord } from '../bot/teams/intents';
import { isMunicipality, type ReportPrefill } from '../bot/domain/vocabulary';
import type { Logger } from '../bot/logger';
import { ReportRateLimitedError, isReportError } from '../bot/reports/reportErrors';
import { signalsDangerInText, type ReportDetails, type ReportDraft, type ReporterIdentity, type ReporterPreferences } from '../bot/reports/reportModel';
import type { AdaptiveCardJson } from '../cards/renderCard';
import type { ReportService, SubmitResult } from '../bot/reports/reportService';
import {
    todayInAmsterdam,
    validateDetails,
    validateSignals,
    type FieldErrors,
} from '../bot/reports/reportValidation';
import { draftToFormValues, emptyFormValues, readFormValues, type ReportFormValues } from '../cards/reportFormValues';

export interface ReportDialogBeginOptions {
    prefill?: ReportPrefill;
}

export interface ReportDialogOptions {
    clock?: () => Date;
    newSubmissionId?: () => string;
    /** The 112 card for a text that signals danger now (the knowledge responder's); none: no card. */
    dangerCardFor?: (text: string) => AdaptiveCardJson | undefined;
}

export type ReportDialogOutcome = 'submitted' | 'cancelled' | 'unidentified';

export interface ReportDialogResult {
    outcome: ReportDialogOutcome;
    reportId?: string;
    reference?: string;
}


type Step = 'safety' | 'details' | 'signals' | 'summary';

interface FlowState {
    step: Step;
    acuteDanger?: boolean;
    values: ReportFormValues;
    details?: ReportDetails;
    draft?: ReportDraft;
    submissionId?: string;
    /**
     * The message that shows the flow's card: each step replaces it, so the chat keeps one card per report.
     * A submit from any other card (an older one) is refused and that card turns read-only.
     */
    cardId?: string;
}

const FLOW_DIALOG_ID = 'reportDialog.flow';

export const REPORT_TEXTS = {
    unidentified: 'Ik kan niet zien wie je bent. Melden kan alleen vanuit Microsoft Teams van je eigen organisatie.',
    cancelled: 'Je melding is geannuleerd. Er is niets opgeslagen.',
    typedInstead: "Gebruik de kaart hieronder om verder te gaan. Wil je stoppen? Kies Annuleren of typ 'stop'.",
    staleCard: 'Die kaart is niet meer actueel. Ga verder met de kaart hieronder.',
    /** A button on an older card of the flow (the current one is elsewhere in the chat). */
    outdatedCard: 'Die kaart is niet meer actueel: er is niets veranderd. Ga verder op de nieuwste kaart van je melding.',
    outdatedTitle: 'Deze kaart is niet meer actueel',
    outdatedNote: 'Er is niets veranderd. Ga verder op de nieuwste kaart van je melding.',
    movedNote: 'Je melding gaat verder op de kaart hieronder.',
    sentTitle: (reference: string) => `Melding ${reference} is verstuurd`,
    sentNote: 'De bevestiging staat hieronder. Deze kaart kun je niet meer wijzigen.',
    cancelledTitle: 'Melding geannuleerd',
    notSaved:
        'Je melding is NIET opgeslagen. Er ging iets mis bij het opslaan, waarschijnlijk een tijdelijke storing. Je gegevens staan nog klaar: druk hieronder opnieuw op Versturen. Lukt het na een paar minuten nog steeds niet? Neem dan direct contact op met de aandachtfunctionaris.',
    notSavedBanner: 'Je melding is NIET opgeslagen. Druk opnieuw op Versturen.',
    acuteReminder: 'Is er acuut gevaar? Bel nu 112.',
    invalidOnServer: 'Er klopt nog iets niet in je melding. Kijk het formulier na.',
    orphanSend: 'Deze melding is niet verstuurd: het gesprek was verlopen. Kies Melden om opnieuw te beginnen.',
    orphanOther: 'Deze kaart hoort bij een melding die al is afgerond of gestopt. Kies Melden om een nieuwe melding te beginnen.',
    orphanUnknown: 'Ik kan nu niet nagaan of je melding is opgeslagen. Kijk over een paar minuten bij Mijn meldingen.',
    rateLimitedBanner: 'Deze melding is nog NIET opgeslagen. Probeer het later opnieuw met Versturen.',
} as const;

/** Friendly words for the colleague who reached the hourly maximum of reports. */
export function rateLimitedText(err: ReportRateLimitedError, acuteDanger: boolean): string {
    const minutes = Math.max(1, Math.ceil(err.retryAfterMs / 60_000));
    const hour = err.windowMs === 60 * 60 * 1000;
    const span = hour ? 'het afgelopen uur' : `de afgelopen ${Math.round(err.windowMs / 60_000)} minuten`;
    return [
        `Dank je wel voor je meldingen. Je hebt in ${span} al ${err.maxPerWindow} meldingen verstuurd; meer kan niet ${hour ? 'per uur' : 'in die tijd'}. Zo beschermen we het meldpunt tegen misbruik.`,
        `Deze melding is daarom nog NIET opgeslagen. Je gegevens blijven staan: druk over ongeveer ${minutes} ${minutes === 1 ? 'minuut' : 'minuten'} opnieuw op Versturen.`,
        acuteDanger ? REPORT_TEXTS.acuteReminder : 'Kan het niet wachten? Neem dan direct contact op met de aandachtfunctionaris van je gemeente.',
    ].join(' ');
}

type Bag = Record<string, unknown>;

function cardValue(context: TurnContext): Bag | undefined {
    const value: unknown = context.activity.value;
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Bag) : undefined;
}

function actionOf(data: Bag | undefined): string | undefined {
    return typeof data?.action === 'string' ? data.action : undefined;
}

class ReportFlowDialog extends Dialog<ReportDialogBeginOptions> {
    private readonly clock: () => Date;
    private readonly dangerCardFor: ReportDialogOptions['dangerCardFor'];
    private readonly newSubmissionId: () => string;

    constructor(
        private readonly service: ReportService,
        private readonly preferences: StatePropertyAccessor<ReporterPreferences>,
        private readonly logger: Logger,
        options: ReportDialogOptions,
    ) {
        super(FLOW_DIALOG_ID);
        this.clock = options.clock ?? (() => new Date());
        this.newSubmissionId = options.newSubmissionId ?? (() => randomUUID());
        this.dangerCardFor = options.dangerCardFor;
    }

    override async beginDialog(dc: DialogContext, options?: ReportDialogBeginOptions): Promise<DialogTurnResult> {
        if (!reporterFrom(dc.context)) {
            await dc.context.sendActivity(REPORT_TEXTS.unidentified);
            return dc.endDialog({ outcome: 'unidentified' } satisfies ReportDialogResult);
        }
        const prefill = options?.prefill ?? {};
        const remembered = await this.preferences.get(dc.context, {});
        const values = emptyFormValues();
        if (remembered.municipality && isMunicipality(remembered.municipality)) values.municipality = remembered.municipality;
        const prefilled = draftToFormValues({ ...(prefill.forms && { forms: prefill.forms }), ...(prefill.minor && { minor: prefill.minor }) });
        values.forms = prefilled.forms;
        values.minor = prefilled.minor;
        const state: FlowState = { step: 'safety', values };
        this.save(dc, state);
        if (prefill.acuteDanger === true) {
            state.acuteDanger = true;
            state.step = 'details';
            await dc.context.sendActivity(cardMessage(renderReportSafetyAdviceCard()));
        } else if (prefill.acuteDanger === false) {
            // The route wizard already asked about acute danger; asking again reads as not listening.
            state.acuteDanger = false;
            state.step = 'details';
        }
        // A new flow gets a new card, also when it was started by a button on another card.
        await this.sendCurrent(dc, state, 'new');
        this.logger.info({ event: 'report.flowStarted', prefilled: Object.keys(prefill) }, 'report flow started');
        return Dialog.EndOfTurn;
    }

    override async continueDialog(dc: DialogContext): Promise<DialogTurnResult> {
        if (dc.context.activity.type !== 'message') return Dialog.EndOfTurn;
        const state = this.load(dc);
        const data = cardValue(dc.context);
        const action = actionOf(data);
        if (action === undefined) {
            if (isStopWord(dc.context.activity.text)) return this.cancel(dc, state);
            await dc.context.sendActivity(REPORT_TEXTS.typedInstead);
            // The card moves below the typed text; its old place turns read-only.
            await this.retireCard(dc, state.cardId, REPORT_TEXTS.outdatedTitle, REPORT_TEXTS.movedNote);
            await this.sendCurrent(dc, state, 'new');
            return Dialog.EndOfTurn;
        }
        const pressed = pressedCardId(dc.context);
        if (pressed !== undefined && state.cardId !== undefined && pressed !== state.cardId) {
            // A button on an older card of this flow (or of one before it): change nothing, and make that card read-only.
            this.logger.info({ event: 'report.outdatedCard', action: REPORT_ACTIONS.includes(action as ReportAction) ? action : 'unknown', step: state.step }, 'button on an outdated card');
            await dc.context.sendActivity(REPORT_TEXTS.outdatedCard);
            await this.retireCard(dc, pressed, REPORT_TEXTS.outdatedTitle, REPORT_TEXTS.outdatedNote);
            return Dialog.EndOfTurn;
        }
        if (action === ACTIONS.report.cancel) return this.cancel(dc, state);

        const expected: Record<Step, readonly string[]> = {
            safety: [ACTIONS.report.safety],
            details: [ACTIONS.report.details],
            signals: [ACTIONS.report.signals, ACTIONS.report.back],
            summary: [ACTIONS.report.send, ACTIONS.report.edit],
        };
        if (!expected[state.step].includes(action)) {
            this.logger.info({ event: 'report.staleAction', action: REPORT_ACTIONS.includes(action as ReportAction) ? action : 'unknown', step: state.step }, 'card action out of step');
            await dc.context.sendActivity(REPORT_TEXTS.staleCard);
            await this.sendCurrent(dc, state);
            return Dialog.EndOfTurn;
        }
        switch (action) {
            case ACTIONS.report.safety:
                return this.onSafety(dc, state, data ?? {});
            case ACTIONS.report.details:
                return this.onDetails(dc, state, data ?? {});
            case ACTIONS.report.signals:
                return this.onSignals(dc, state, data ?? {});
            case ACTIONS.report.back:
            case ACTIONS.report.edit:
                state.step = 'details';
                delete state.draft;
                delete state.submissionId;
                this.save(dc, state);
                await this.sendCurrent(dc, state);
                return Dialog.EndOfTurn;
            default:
                return this.onSend(dc, state, data ?? {});
        }
    }

    private async onSafety(dc: DialogContext, state: FlowState, data: Bag): Promise<DialogTurnResult> {
        const answer = data.acuteDanger === true || data.acuteDanger === 'true' ? true : data.acuteDanger === false || data.acuteDanger === 'false' ? false : undefined;
        if (answer === undefined) {
            await dc.context.sendActivity(REPORT_TEXTS.staleCard);
            await this.sendCurrent(dc, state);
            return Dialog.EndOfTurn;
        }
        state.acuteDanger = answer;
        state.step = 'details';
        this.save(dc, state);
        if (answer) {
            // 112 first: the safety card becomes the advice, and the form follows below it ("vul hieronder in").
            await this.showAboveNext(dc, state, renderReportSafetyAdviceCard());
            return Dialog.EndOfTurn;
        }
        await this.sendCurrent(dc, state);
        return Dialog.EndOfTurn;
    }

    private async onDetails(dc: DialogContext, state: FlowState, data: Bag): Promise<DialogTurnResult> {
        state.values = readFormValues(data, state.values);
        const result = validateDetails(data, this.today());
        if (!result.ok) {
            this.save(dc, state);
            await this.sendForm(dc, state, result.errors);
            return Dialog.EndOfTurn;
        }
        state.details = result.value;
        state.step = 'signals';
        this.save(dc, state);
        await this.sendCurrent(dc, state);
        return Dialog.EndOfTurn;
    }

    private async onSignals(dc: DialogContext, state: FlowState, data: Bag): Promise<DialogTurnResult> {
        state.values = readFormValues(data, state.values);
        const details = state.details;
        if (!details) {
            state.step = 'details';
            this.save(dc, state);
            await this.sendCurrent(dc, state);
            return Dialog.EndOfTurn;
        }
        const result = validateSignals(data, details.forms);
        if (!result.ok) {
            this.save(dc, state);
            await this.sendForm(dc, state, result.errors);
            return Dialog.EndOfTurn;
        }
        state.draft = { ...details, ...result.value, acuteDanger: state.acuteDanger === true };
        state.submissionId = this.newSubmissionId();
        state.step = 'summary';
        this.save(dc, state);
        // Danger first: a description that reads like danger now gets 112 before (above) its summary.
        const danger = signalsDangerInText(state.draft) ? this.dangerCardFor?.(state.draft.description) : undefined;
        if (danger !== undefined) {
            await this.showAboveNext(dc, state, danger);
            return Dialog.EndOfTurn;
        }
        await this.sendCurrent(dc, state);
        return Dialog.EndOfTurn;
    }

    private async onSend(dc: DialogContext, state: FlowState, data: Bag): Promise<DialogTurnResult> {
        const { draft, submissionId } = state;
        if (!draft || !submissionId || data.submissionId !== submissionId) {
            await dc.context.sendActivity(REPORT_TEXTS.staleCard);
            await this.sendCurrent(dc, state);
            return Dialog.EndOfTurn;
        }
        const reporter = reporterFrom(dc.context);
        if (!reporter) {
            await dc.context.sendActivity(REPORT_TEXTS.unidentified);
            return Dialog.EndOfTurn;
        }
        let result: SubmitResult;
        try {
            result = await this.service.submit(draft, reporter, submissionId);
        } catch (err) {
            if (err instanceof ReportRateLimitedError) {
                this.logger.info({ event: 'report.rateLimited' }, 'report refused: rate limit');
                await dc.context.sendActivity(rateLimitedText(err, state.acuteDanger === true));
                await this.present(dc, state, renderReportSummaryCard(draft, submissionId, REPORT_TEXTS.rateLimitedBanner), 'inPlace');
                return Dialog.EndOfTurn;
            }
            if (isReportError(err, 'INVALID_REPORT')) {
                this.logger.warn({ event: 'report.invalidOnServer' }, 'draft refused by the service');
                state.step = 'details';
                this.save(dc, state);
                await dc.context.sendActivity(REPORT_TEXTS.invalidOnServer);
                await this.sendCurrent(dc, state);
                return Dialog.EndOfTurn;
            }
            // Whatever failed, the report may not be stored: never confirm, keep everything for a retry.
            this.logger.warn({ event: 'report.notSaved', code: isReportError(err) ? err.code : 'UNKNOWN' }, 'report could not be saved');
            await dc.context.sendActivity(state.acuteDanger ? `${REPORT_TEXTS.notSaved} ${REPORT_TEXTS.acuteReminder}` : REPORT_TEXTS.notSaved);
            await this.present(dc, state, renderReportSummaryCard(draft, submissionId, REPORT_TEXTS.notSavedBanner), 'inPlace');
            return Dialog.EndOfTurn;
        }
        // Stored: from here on a failure in this turn (the confirmation's send, the state write at the
        // end) must not reach the "NIET opgeslagen" branch above, and the turn's error handler says it is stored.
        noteStoredReport(dc.context, { reportId: result.report.reportId, reference: result.report.reference });
        await this.preferences.set(dc.context, { ...(await this.preferences.get(dc.context, {})), municipality: draft.municipality });
        // The flow's card turns read-only; the confirmation is a message of its own (it carries the reference).
        await this.retireCard(dc, state.cardId, REPORT_TEXTS.sentTitle(result.report.reference), REPORT_TEXTS.sentNote);
        await dc.context.sendActivity(cardMessage(renderReportConfirmationCard(result.report, result.coordinator)));
        this.logger.info({ event: 'report.confirmed', reportId: result.report.reportId, created: result.created }, 'report confirmed to reporter');
        return dc.endDialog({ outcome: 'submitted', reportId: result.report.reportId, reference: result.report.reference } satisfies ReportDialogResult);
    }

    private async cancel(dc: DialogContext, state: FlowState): Promise<DialogTurnResult> {
        await this.retireCard(dc, state.cardId, REPORT_TEXTS.cancelledTitle, REPORT_TEXTS.cancelled);
        await dc.context.sendActivity(REPORT_TEXTS.cancelled);
        this.logger.info({ event: 'report.cancelled' }, 'report flow cancelled');
        return dc.endDialog({ outcome: 'cancelled' } satisfies ReportDialogResult);
    }

    /**
     * Shows the current step: in place of the flow's card when the person pressed that card, otherwise
     * (no card id from Teams, a new flow, a typed message) as a new message that becomes the flow's card.
     */
    private async sendCurrent(dc: DialogContext, state: FlowState, mode: 'inPlace' | 'new' = 'inPlace'): Promise<void> {
        await this.present(dc, state, this.currentCard(state), mode);
    }

    private currentCard(state: FlowState, errors?: FieldErrors): AdaptiveCardJson {
        if (state.step === 'safety') return renderReportSafetyCard();
        if (state.step === 'summary' && state.draft && state.submissionId) return renderReportSummaryCard(state.draft, state.submissionId);
        const step = state.step === 'signals' && state.details ? 2 : 1;
        return renderReportFormCard({
            step,
            values: state.values,
            today: this.today(),
            ...(errors && { errors }),
            ...(step === 2 && state.details && { forms: state.details.forms }),
        });
    }

    private async sendForm(dc: DialogContext, state: FlowState, errors?: FieldErrors): Promise<void> {
        await this.present(dc, state, this.currentCard(state, errors), 'inPlace');
    }

    private async present(dc: DialogContext, state: FlowState, card: AdaptiveCardJson, mode: 'inPlace' | 'new'): Promise<void> {
        const pressed = pressedCardId(dc.context);
        const target = mode === 'inPlace' && pressed !== undefined && (state.cardId === undefined || pressed === state.cardId) ? pressed : undefined;
        state.cardId = await replaceOrSendCard(dc.context, card, target);
        this.save(dc, state);
    }

    /** The pressed card becomes `above` (112 advice, read-only), and the current step follows as a new card below it. */
    private async showAboveNext(dc: DialogContext, state: FlowState, above: AdaptiveCardJson): Promise<void> {
        const pressed = pressedCardId(dc.context);
        await replaceOrSendCard(dc.context, above, pressed !== undefined && (state.cardId === undefined || pressed === state.cardId) ? pressed : undefined);
        await this.sendCurrent(dc, state, 'new');
    }

    /** Turns a card of the flow into a read-only line (no buttons left to press); nothing when there is no id. */
    private async retireCard(dc: DialogContext, cardId: string | undefined, title: string, message: string): Promise<void> {
        if (cardId === undefined) return;
        try {
            await dc.context.updateActivity({ ...cardMessage(renderCaseNoticeCard({ title, message })), id: cardId });
        } catch {
            // An old card that cannot be changed (deleted, too old) keeps its buttons; the server still refuses them.
            this.logger.info({ event: 'report.retireFailed' }, 'could not make an old card read-only');
        }
    }

    private today(): string {
        return todayInAmsterdam(this.clock());
    }

    private load(dc: DialogContext): FlowState {
        const stored = (dc.activeDialog?.state as { flow?: FlowState } | undefined)?.flow;
        return stored ?? { step: 'safety', values: emptyFormValues() };
    }

    private save(dc: DialogContext, state: FlowState): void {
        if (dc.activeDialog) (dc.activeDialog.state as { flow?: FlowState }).flow = state;
    }
}

/**
 * Started by the router with `beginDialog(ReportDialog.id, { prefill })`. Ends with a ReportDialogResult.
 * The caller saves the state behind the preferences accessor at the end of the turn.
 */
export class ReportDialog extends ComponentDialog {
    static readonly id = 'reportDialog';

    constructor(
        private readonly service: ReportService,
        preferences: StatePropertyAccessor<ReporterPreferences>,
        private readonly logger: Logger,
        options: ReportDialogOptions = {},
    ) {
        super(ReportDialog.id);
        this.addDialog(new ReportFlowDialog(service, preferences, logger, options));
        this.initialDialogId = FLOW_DIALOG_ID;
    }

    /** True when the activity is a submit from one of this flow's cards. */
    static isReportAction(context: TurnContext): boolean {
        const action = actionOf(cardValue(context));
        return action !== undefined && (REPORT_ACTIONS as readonly string[]).includes(action);
    }

    /**
     * For a report card clicked when no report dialog is active (a second click on Versturen after the
     * report was stored, a Teams retry after the turn ended, an old card). Answers and returns true when
     * the activity was a report action; the router then does nothing else with it.
     */
    async handleOrphanAction(context: TurnContext): Promise<boolean> {
        if (!ReportDialog.isReportAction(context)) return false;
        const data = cardValue(context) ?? {};
        const reporter = reporterFrom(context);
        if (data.action === ACTIONS.report.send && reporter && typeof data.submissionId === 'string') {
            try {
                const earlier = await this.service.findSubmission(reporter, data.submissionId);
                if (earlier) {
                    noteStoredReport(context, { reportId: earlier.report.reportId, reference: earlier.report.reference });
                    await context.sendActivity(cardMessage(renderReportConfirmationCard(earlier.report, earlier.coordinator)));
                    this.logger.info({ event: 'report.repeatedSend', reportId: earlier.report.reportId }, 'repeated send answered with the stored report');
                    return true;
                }
                await context.sendActivity(REPORT_TEXTS.orphanSend);
                return true;
            } catch (err) {
                this.logger.warn({ event: 'report.orphanLookupFailed', code: isReportError(err) ? err.code : 'UNKNOWN' }, 'could not look up submission');
                await context.sendActivity(REPORT_TEXTS.orphanUnknown);
                return true;
            }
        }
        await context.sendActivity(REPORT_TEXTS.orphanOther);
        return true;
    }
}
