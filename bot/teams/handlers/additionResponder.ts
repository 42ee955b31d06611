/**
 * Aanvullen in the personal chat: the "Aanvullen" button of "Mijn meldingen", the typed command
 * `aanvullen MH-2026-0042` (with or without the text after it) and the form's "Aanvulling opslaan".
 * Who adds comes from the Teams activity; card data only names the report and the form, and the
 * domain (bot/cases/reportAdditions.ts) checks on every request that the report is the person's own.
 * The confirmation is this turn's reply; what the coordinators get was queued in the outbox with the
 * addition and is sent from there.
 */
import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import { renderAdditionFormCard } from '../../../cards/additionFormCard';
import { sendCard } from '../../../dialogs/cardMessage';
import { ADDITION_ID_PATTERN, ADDITION_MAX_LENGTH, checkAdditionText, type AdditionService, type AddingPerson } from '../../cases/reportAdditions';
import type { Logger } from '../../logger';
import type { Report } from '../../reports/reportModel';
import { reporterFrom } from '../identity';

export const ADDITION_TEXTS = {
    onlyInPersonalChat: 'Een melding aanvullen gaat in je 1-op-1-chat met mij, zodat niemand anders meeleest. Open die chat en typ "mijn meldingen". Er is niets opgeslagen.',
    unidentified: 'Ik kan niet zien wie je bent. Aanvullen kan alleen vanuit Microsoft Teams van je eigen organisatie. Er is niets opgeslagen.',
    /** The one answer for unknown, purged and someone else's reports: it says nothing about which it was. */
    notYours: 'Ik vind geen melding van jou met dit kenmerk. Je kunt alleen je eigen meldingen aanvullen; typ "mijn meldingen" om ze te zien. Er is niets opgeslagen.',
    noReference: 'Welke melding wil je aanvullen? Typ het kenmerk erbij, bijvoorbeeld "aanvullen MH-2026-0042", of kies Aanvullen bij de melding onder "mijn meldingen".',
    empty: 'Je aanvulling is leeg. Typ wat je wilt toevoegen en kies opnieuw "Aanvulling opslaan". Er is niets opgeslagen.',
    tooLong: (length: number) =>
        `Je aanvulling is te lang: ${length} tekens, hoogstens ${ADDITION_MAX_LENGTH}. Maak haar korter of verdeel haar over twee aanvullingen. Er is niets opgeslagen.`,
    forged: 'Deze knop hoort niet bij een kaart van de Signaalbot of is beschadigd. Er is niets opgeslagen.',
    unavailable:
        'Het lukt me nu niet om je aanvulling op te slaan door een storing. Probeer het over een paar minuten opnieuw met dezelfde knop; was ze toch al opgeslagen, dan komt ze er niet twee keer in. Bij acuut gevaar: bel 112.',
    added: (r: Report) => `Je aanvulling op melding ${r.reference} is opgeslagen en gaat naar de aandachtfunctionaris mensenhandel van ${r.municipality}. Dank je wel.`,
    addedClosed: (r: Report) =>
        `Je aanvulling op melding ${r.reference} is opgeslagen. Deze melding was al afgesloten: de aandachtfunctionaris mensenhandel van ${r.municipality} krijgt je aanvulling en beslist of ze opnieuw wordt bekeken. Dank je wel.`,
    duplicate: (r: Report) => `Deze aanvulling op melding ${r.reference} was al opgeslagen; ik heb haar niet nog een keer toegevoegd.`,
} as const;

const personal = (context: TurnContext) => context.activity.conversation?.conversationType === 'personal';

export class AdditionResponder {
    constructor(
        private readonly service: AdditionService,
        /** The outbox worker: sends the follow-ups the addition queued now instead of at its next poll. */
        private readonly followUps: { deliverQueued(reportId: string): void },
        private readonly logger: Logger,
    ) {}

    /** "Aanvullen" in "Mijn meldingen": the form for that report, if it is the presser's own. */
    async start(context: TurnContext, reportId: unknown): Promise<void> {
        const person = await this.person(context);
        if (!person) return;
        await this.guarded(context, async () => {
            const report = await this.service.ownReport(person, reportId);
            if (!report) return this.refuse(context);
            await sendCard(context, renderAdditionFormCard(report, randomUUID()));
        });
    }

    /** Typed `aanvullen MH-2026-0042 [tekst]`: with a text it is stored at once, without one the form comes. */
    async typed(context: TurnContext, reference: string | undefined, text: string | undefined): Promise<void> {
        const person = await this.person(context);
        if (!person) return;
        if (!reference) {
            await context.sendActivity(ADDITION_TEXTS.noReference);
            return;
        }
        await this.guarded(context, async () => {
            const report = await this.service.ownReportByReference(person, reference);
            if (!report) return this.refuse(context);
            if (text === undefined || text.trim() === '') {
                await sendCard(context, renderAdditionFormCard(report, randomUUID()));
                return;
            }
            // A Teams retry of this message is stopped by the activity dedupe; its id keeps it one addition anyway.
            await this.store(context, person, report.reportId, text, idFromActivity(context));
        });
    }

    /** "Aanvulling opslaan" on the form. */
    async save(context: TurnContext, data: Record<string, unknown>): Promise<void> {
        const person = await this.person(context);
        if (!person) return;
        const { reportId, additionId } = data;
        if (typeof reportId !== 'string' || typeof additionId !== 'string' || !ADDITION_ID_PATTERN.test(additionId)) {
            this.logger.info({ activityId: context.activity.id, event: 'addition.forged', outcome: 'refused' }, 'addition refused: forged card data');
            await context.sendActivity(ADDITION_TEXTS.forged);
            return;
        }
        await this.guarded(context, () => this.store(context, person, reportId, data.aanvulling, additionId));
    }

    private async store(context: TurnContext, person: AddingPerson, reportId: string, rawText: unknown, additionId: string): Promise<void> {
        const checked = checkAdditionText(rawText);
        if (!checked.ok) {
            this.logger.info({ activityId: context.activity.id, event: 'addition.invalid', reason: checked.reason, outcome: 'refused' }, 'addition refused');
            const message =
                checked.reason === 'empty' ? ADDITION_TEXTS.empty : checked.reason === 'tooLong' ? ADDITION_TEXTS.tooLong(String(rawText).trim().length) : ADDITION_TEXTS.forged;
            await context.sendActivity(message);
            return;
        }
        const outcome = await this.service.add(person, reportId, checked.text, additionId);
        switch (outcome.kind) {
            case 'notYours':
                return this.refuse(context);
            case 'duplicate':
                await context.sendActivity(ADDITION_TEXTS.duplicate(outcome.report));
                return;
            case 'added':
                await context.sendActivity(outcome.reopenAsked ? ADDITION_TEXTS.addedClosed(outcome.report) : ADDITION_TEXTS.added(outcome.report));
                this.followUps.deliverQueued(outcome.report.reportId);
                return;
        }
    }

    private async refuse(context: TurnContext): Promise<void> {
        await context.sendActivity(ADDITION_TEXTS.notYours);
    }

    private async person(context: TurnContext): Promise<AddingPerson | undefined> {
        if (!personal(context)) {
            // The form and the confirmation name the report; in a channel everyone would read them.
            await context.sendActivity(ADDITION_TEXTS.onlyInPersonalChat);
            return undefined;
        }
        const reporter = reporterFrom(context);
        if (!reporter) {
            await context.sendActivity(ADDITION_TEXTS.unidentified);
            return undefined;
        }
        return reporter;
    }

    private async guarded(context: TurnContext, work: () => Promise<void>): Promise<void> {
        try {
            await work();
        } catch (err) {
            this.logger.warn({ activityId: context.activity.id, event: 'addition.failed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'addition failed');
            await context.sendActivity(ADDITION_TEXTS.unavailable);
        }
    }
}

/** An addition id from the Teams activity id (the same message delivered twice gives the same id). */
function idFromActivity(context: TurnContext): string {
    const raw = (context.activity.id ?? '').replace(/[^A-Za-z0-9_-]/g, '').slice(-64);
    return raw.length >= 8 ? raw : randomUUID();
}
