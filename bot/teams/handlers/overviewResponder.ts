/**
 * "overzicht": numbers per municipality, form of exploitation, status and month or quarter, as a card
 * with Teams chart elements (tables where numbers are protected or charts are not supported) and a CSV
 * export of the aggregated numbers as a real .csv file, through Teams' file-consent flow (personal chat
 * only): the bot offers the file, Teams asks the person, and on "accept" Teams hands the bot an upload URL
 * in the person's OneDrive; the bot puts the bytes there and shows the file. Rights and scope are decided
 * again at the upload, and only the upload is audited as an export.
 * Only in the personal chat: in a channel or group chat everyone in it would read the numbers. Which
 * municipalities a person sees, and whether exactly, the case service decides on every request (typed
 * command and every button press alike), from the organisation file. Viewing and exporting are audited.
 */
import { sendCard } from '../../../dialogs/cardMessage';
import type { TurnContext } from 'botbuilder';
import { ACTIONS, OVERVIEW_ACTIONS } from '../../../cards/actions';
import { renderOverviewCard } from '../../../cards/overviewCard';
import type { Granularity } from '../../cases/caseStatistics';
import { csvFileName, statisticsCsvFile } from '../../cases/statisticsCsvFile';
import type { CaseService } from '../../cases/caseService';
import type { Logger } from '../../logger';

export const OVERVIEW_TEXTS = {
    onlyInPersonalChat: 'Het overzicht met cijfers laat ik alleen zien in je 1-op-1-chat met mij, zodat niemand anders meekijkt. Open die chat en typ "overzicht".',
    notCoordinator: 'Het overzicht met cijfers is alleen voor de aandachtfunctionarissen mensenhandel. Wil je iets melden? Typ "melden".',
    unavailable: 'Ik kan het overzicht nu niet maken door een storing. Probeer het over een paar minuten opnieuw.',
    unknownChoice: 'Die keuze ken ik niet. Typ "overzicht" voor het overzicht per kwartaal.',
    csvOffered: 'Hier is de CSV met alleen getelde aantallen, zonder persoonsgegevens. Kies "Toestaan" om het bestand in je OneDrive op te slaan.',
    csvDeclined: 'Oké, ik heb het bestand niet opgeslagen.',
    uploadFailed: 'Het opslaan van het CSV-bestand in je OneDrive is niet gelukt. Probeer het later opnieuw via "overzicht".',
} as const;

export const FILE_CONSENT_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.consent';
export const FILE_INFO_CONTENT_TYPE = 'application/vnd.microsoft.teams.card.file.info';

/** What Teams hands back on "Toestaan" (FileConsentCardResponse): only these fields are read. */
export interface FileConsentAnswer {
    action?: unknown;
    context?: unknown;
    uploadInfo?: { uploadUrl?: unknown; contentUrl?: unknown; name?: unknown; uniqueId?: unknown; fileType?: unknown };
}

/** Local mode: only this machine (the fake connector, the Playground). */
export function isLoopbackUrl(url: string): boolean {
    try {
        const host = new URL(url).hostname;
        return host === 'localhost' || host === '127.0.0.1' || host === '[::1]';
    } catch {
        return false;
    }
}

/** In production only Microsoft's file hosts take our bytes; a forged invoke cannot send the numbers elsewhere. */
export function isMicrosoftUploadUrl(url: string): boolean {
    try {
        const parsed = new URL(url);
        return parsed.protocol === 'https:' && ['.sharepoint.com', '.sharepoint.us', '.sharepoint-df.com'].some((suffix) => parsed.hostname.endsWith(suffix));
    } catch {
        return false;
    }
}


const isGranularity = (v: unknown): v is Granularity => v === 'maand' || v === 'kwartaal';
const personal = (context: TurnContext) => context.activity.conversation?.conversationType === 'personal';

export class OverviewResponder {
    constructor(
        private readonly service: CaseService,
        private readonly logger: Logger,
        private readonly clock: () => Date = () => new Date(),
        private readonly isTrustedUploadUrl: (url: string) => boolean = isMicrosoftUploadUrl,
    ) {}

    /** The BotFeatures.overview seam: typed "overzicht" and the menu button. */
    async show(context: TurnContext, granularity: Granularity = 'kwartaal'): Promise<void> {
        if (!(await this.inPersonalChat(context))) return;
        try {
            const view = await this.service.overview(context.activity.from?.aadObjectId, granularity);
            if (!view) {
                this.logger.info({ activityId: context.activity.id, event: 'overview.refused' }, 'overview refused: not a coordinator');
                await context.sendActivity(OVERVIEW_TEXTS.notCoordinator);
                return;
            }
            await sendCard(context, renderOverviewCard(view, this.clock()));
            this.logger.info({ event: 'overview.shown', granularity, scope: view.scope.kind, protected: view.stats.protected }, 'overview shown');
        } catch (err) {
            this.logger.warn({ event: 'overview.failed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'overview failed');
            await context.sendActivity(OVERVIEW_TEXTS.unavailable);
        }
    }

    /** Buttons on the overview card (Action.Submit); true when the action was ours. */
    async handleCardAction(context: TurnContext, action: string, value: Record<string, unknown>): Promise<boolean> {
        if (!(OVERVIEW_ACTIONS as readonly string[]).includes(action)) return false;
        // A button press is a new request: refused outside the personal chat, rights checked again below.
        if (!(await this.inPersonalChat(context))) return true;
        if (action === ACTIONS.overview.month) await this.show(context, 'maand');
        else if (action === ACTIONS.overview.quarter) await this.show(context, 'kwartaal');
        else await this.exportCsv(context, value.granularity);
        return true;
    }

    private async exportCsv(context: TurnContext, granularityRaw: unknown): Promise<void> {
        if (!isGranularity(granularityRaw)) {
            await context.sendActivity(OVERVIEW_TEXTS.unknownChoice);
            return;
        }
        try {
            const exported = await this.service.exportCsv(context.activity.from?.aadObjectId, granularityRaw, { audit: false });
            if (!exported) {
                this.logger.info({ activityId: context.activity.id, event: 'overview.exportRefused' }, 'export refused: not a coordinator');
                await context.sendActivity(OVERVIEW_TEXTS.notCoordinator);
                return;
            }
            const bytes = Buffer.byteLength(statisticsCsvFile(exported.stats), 'utf8');
            const consentContext = { kind: 'overzichtCsv', granularity: granularityRaw };
            await context.sendActivity({
                type: 'message',
                text: OVERVIEW_TEXTS.csvOffered,
                attachments: [
                    {
                        contentType: FILE_CONSENT_CONTENT_TYPE,
                        name: csvFileName(granularityRaw, exported.scope, this.clock()),
                        content: { description: 'Meldingen mensenhandel: getelde aantallen, kleine aantallen afgeschermd', sizeInBytes: bytes, acceptContext: consentContext, declineContext: consentContext },
                    },
                ],
            });
            this.logger.info({ event: 'overview.csvOffered', granularity: granularityRaw, scope: exported.scope.kind, rows: exported.stats.rows.length }, 'csv file offered');
        } catch (err) {
            this.logger.warn({ event: 'overview.exportFailed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'export failed');
            await context.sendActivity(OVERVIEW_TEXTS.unavailable);
        }
    }

    /**
     * Teams' answer to the file-consent card. On accept the numbers are made again for this person (rights
     * may have changed since the offer), audited, and put at the upload URL Teams gave; then the file card.
     */
    async fileConsent(context: TurnContext, answer: FileConsentAnswer): Promise<void> {
        if (!(await this.inPersonalChat(context))) return;
        const ctx = answer.context as { kind?: unknown; granularity?: unknown } | undefined;
        if (ctx?.kind !== 'overzichtCsv' || !isGranularity(ctx.granularity)) {
            this.logger.info({ activityId: context.activity.id, event: 'overview.consentForged', outcome: 'refused' }, 'file consent with unknown context');
            await context.sendActivity(OVERVIEW_TEXTS.unknownChoice);
            return;
        }
        if (answer.action !== 'accept') {
            await context.sendActivity(OVERVIEW_TEXTS.csvDeclined);
            return;
        }
        const info = answer.uploadInfo;
        const uploadUrl = typeof info?.uploadUrl === 'string' ? info.uploadUrl : '';
        if (!this.isTrustedUploadUrl(uploadUrl)) {
            this.logger.warn({ activityId: context.activity.id, event: 'overview.uploadUrlRefused', outcome: 'refused' }, 'upload url not trusted');
            await context.sendActivity(OVERVIEW_TEXTS.uploadFailed);
            return;
        }
        try {
            const exported = await this.service.exportCsv(context.activity.from?.aadObjectId, ctx.granularity);
            if (!exported) {
                await context.sendActivity(OVERVIEW_TEXTS.notCoordinator);
                return;
            }
            const body = Buffer.from(statisticsCsvFile(exported.stats), 'utf8');
            const res = await fetch(uploadUrl, {
                method: 'PUT',
                headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Length': String(body.length), 'Content-Range': `bytes 0-${body.length - 1}/${body.length}` },
                body,
                // A redirect would carry the numbers to wherever it points: the checked host only.
                redirect: 'error',
                signal: AbortSignal.timeout(30_000),
            });
            if (!res.ok) throw Object.assign(new Error('upload refused'), { code: `UPLOAD_${res.status}` });
            await context.sendActivity({
                type: 'message',
                attachments: [
                    {
                        contentType: FILE_INFO_CONTENT_TYPE,
                        contentUrl: typeof info?.contentUrl === 'string' ? info.contentUrl : '',
                        name: typeof info?.name === 'string' ? info.name : csvFileName(ctx.granularity, exported.scope, this.clock()),
                        content: { uniqueId: typeof info?.uniqueId === 'string' ? info.uniqueId : '', fileType: 'csv' },
                    },
                ],
            });
            this.logger.info({ event: 'overview.exported', granularity: ctx.granularity, scope: exported.scope.kind, rows: exported.stats.rows.length, bytes: body.length }, 'overview exported as file');
        } catch (err) {
            this.logger.warn({ event: 'overview.uploadFailed', code: (err as { code?: unknown }).code ?? 'UNKNOWN' }, 'csv upload failed');
            await context.sendActivity(OVERVIEW_TEXTS.uploadFailed);
        }
    }

    /** Says where the overview can be seen when this is not the personal chat; the same answer for everyone. */
    private async inPersonalChat(context: TurnContext): Promise<boolean> {
        if (personal(context)) return true;
        this.logger.info({ activityId: context.activity.id, event: 'overview.notPersonal', conversationType: context.activity.conversation?.conversationType ?? 'unknown' }, 'overview refused outside the personal chat');
        await context.sendActivity(OVERVIEW_TEXTS.onlyInPersonalChat);
        return false;
    }
}
