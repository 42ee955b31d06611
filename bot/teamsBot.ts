import {
    ActivityTypes,
    type AdaptiveCardInvokeResponse,
    type AdaptiveCardInvokeValue,
    ConversationState,
    TeamsActivityHandler,
    TurnContext,
    type StatePropertyAccessor,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { renderChannelIntroCard } from '../cards/channelIntroCard';
import { NOT_UNDERSTOOD, WELCOME, renderWelcomeCard } from '../cards/welcomeCard';
import { cardMessage } from '../dialogs/cardMessage';
import { ReportDialog } from '../dialogs/reportDialog';
import { RouteWizardDialog } from '../dialogs/routeWizardDialog';
import type { ChannelRegistry, ConversationTarget } from './channels/channelRegistry';
import { channelOf } from './channels/conversationIds';
import { isMunicipality, sanitizePrefill, type Municipality } from './domain/vocabulary';
import { tenantOf } from './guards/tenantGuard';
import { INTERRUPTING_INTENTS, recogniseIntent, type Intent } from './intents';
import type { Logger } from './logger';
import type { OrganisationDirectory } from './organisation/organisationDirectory';

/** The parts of the product the router hands work to. Each is optional so the router can be tested alone. */
export interface BotFeatures {
    knowledge?: {
        answer(context: TurnContext, question: string): Promise<void>;
        showTopics(context: TurnContext): Promise<void>;
        showEntry(context: TurnContext, entryId: unknown): Promise<void>;
        showTopic(context: TurnContext, topicId: unknown): Promise<void>;
    };
    myReports?: { show(context: TurnContext): Promise<void> };
    overview?: { show(context: TurnContext): Promise<void> };
    /** Card actions outside dialogs (e.g. coordinator actions); return true when handled. */
    cardActions?: (context: TurnContext, action: string, value: Record<string, unknown>) => Promise<boolean>;
    /** Universal Actions (Action.Execute) from cards, e.g. a coordinator acting on a report card in a channel. */
    adaptiveCardActions?: (context: TurnContext, value: AdaptiveCardInvokeValue) => Promise<AdaptiveCardInvokeResponse>;
}

export const REPORT_ONLY_IN_PERSONAL_CHAT =
    'Melden gaat in een 1-op-1-chat met mij, zodat niemand anders de gegevens ziet. Open de chat met de Signaalbot en typ "melden".';

export interface SignaalBotDeps {
    conversationState: ConversationState;
    dialogs: Dialog[];
    registry: ChannelRegistry;
    organisation: OrganisationDirectory;
    logger: Logger;
    features: BotFeatures;
}


/** The value of a card submit, when it is a plain object with a string `action`. */
function cardAction(value: unknown): { action: string; data: Record<string, unknown> } | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const action = (value as { action?: unknown }).action;
    return typeof action === 'string' ? { action, data: value as Record<string, unknown> } : undefined;
}


/**
 * The Teams activity handler: one place that decides what an activity is for and hands it on.
 * Menu buttons always win (they cancel a half-finished flow), then an active dialog gets the turn,
 * then typed commands, and anything else is treated as a question.
 */
export class SignaalBot extends TeamsActivityHandler {
    private readonly dialogState: StatePropertyAccessor<DialogState>;
    private readonly dialogSet: DialogSet;

    constructor(private readonly deps: SignaalBotDeps) {
        super();
        this.dialogState = deps.conversationState.createProperty<DialogState>('dialogState');
        this.dialogSet = new DialogSet(this.dialogState);
        for (const dialog of deps.dialogs) this.dialogSet.add(dialog);

        this.onMessage(async (context, next) => {
            await this.routeMessage(context);
            await next();
        });
        // Teams sends both conversationUpdate and installationUpdate when the bot is installed. Greet once:
        // personal chats on installationUpdate, teams when the bot itself is among the members added.
        this.onMembersAdded(async (context, next) => {
            const botId = context.activity.recipient?.id;
            const botJoined = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
            if (botJoined && context.activity.conversation?.conversationType === 'channel') await this.greet(context);
            await next();
        });
        this.onInstallationUpdateAdd(async (context, next) => {
            if (context.activity.conversation?.conversationType !== 'channel') await this.greet(context);
            await next();
        });
    }

    /** Teams shows "Something went wrong" for anything but status 200 with a card or a message. */
    protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
        const handler = this.deps.features.adaptiveCardActions;
        if (handler) return handler(context, value);
        return {
            statusCode: 200,
            type: 'application/vnd.microsoft.card.adaptive',
            value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Deze actie ken ik niet.', wrap: true }] },
        };
    }

    override async run(context: TurnContext): Promise<void> {
        await this.rememberConversation(context);
        await super.run(context);
        await this.deps.conversationState.saveChanges(context, false);
    }

    private async greet(context: TurnContext): Promise<void> {
        const type = context.activity.conversation?.conversationType;
        if (type === 'channel') {
            await context.sendActivity(cardMessage(renderChannelIntroCard()));
        } else {
            await context.sendActivity(cardMessage(renderWelcomeCard(WELCOME)));
        }
        this.deps.logger.info({ activityId: context.activity.id, conversationType: type }, 'greeted');
    }

    private async routeMessage(context: TurnContext): Promise<void> {
        const dc = await this.dialogSet.createContext(context);
        const submitted = cardAction(context.activity.value);

        // The wizard's own "also report it" button goes to the wizard, which builds the prefill from
        // the answers it kept; a prefill in card data is never trusted.
        const wizardReport = submitted?.action === 'menu.melden' && dc.activeDialog?.id === RouteWizardDialog.id;
        if (submitted?.action.startsWith('menu.') && !wizardReport) {
            await dc.cancelAllDialogs();
            await this.runMenuAction(context, submitted.action, submitted.data);
            return;
        }
        const text = context.activity.conversation?.conversationType === 'personal'
            ? context.activity.text
            : TurnContext.removeRecipientMention(context.activity) ?? context.activity.text;
        const intent = recogniseIntent(text);
        if (dc.activeDialog && !submitted) {
            // Typed commands work in the middle of a flow too (as in the core-bot's cancel/help handling):
            // a command ends the flow, "help" shows the options and leaves the flow open.
            if (INTERRUPTING_INTENTS.has(intent.kind)) {
                await dc.cancelAllDialogs();
                await this.runIntent(context, intent);
                return;
            }
            if (intent.kind === 'welcome') {
                await context.sendActivity('Je bent nog bezig; ga verder op de laatste kaart, of kies hieronder iets anders.');
                await context.sendActivity(cardMessage(renderWelcomeCard(WELCOME)));
                return;
            }
        }
        if (dc.activeDialog) {
            const result = await dc.continueDialog();
            if (result.status === DialogTurnStatus.complete) await this.afterDialog(context, result.result);
            return;
        }
        if (submitted) {
            const knowledge = this.deps.features.knowledge;
            if (knowledge && submitted.action === 'knowledge.entry') return knowledge.showEntry(context, submitted.data.entryId);
            if (knowledge && submitted.action === 'knowledge.topic') return knowledge.showTopic(context, submitted.data.topicId);
            if (this.deps.features.cardActions && (await this.deps.features.cardActions(context, submitted.action, submitted.data))) return;
            // A button of a flow that has ended (an old card): say so instead of guessing.
            await context.sendActivity(
                'Deze knop hoort bij een gesprek dat al is afgerond of geannuleerd. Kies hieronder opnieuw wat je wilt doen.',
            );
            await context.sendActivity(cardMessage(renderWelcomeCard(WELCOME)));
            return;
        }
        await this.runIntent(context, intent);
    }

    private async runMenuAction(context: TurnContext, action: string, data: Record<string, unknown>): Promise<void> {
        switch (action) {
            case 'menu.melden':
                if (context.activity.conversation?.conversationType !== 'personal') return this.runIntent(context, { kind: 'report' });
                return this.startDialog(context, ReportDialog.id, { prefill: sanitizePrefill(data.prefill) });
            case 'menu.waarMeldIk':
                return this.startDialog(context, RouteWizardDialog.id, undefined);
            case 'menu.vraag':
                return this.runIntent(context, { kind: 'askQuestionPrompt' });
            case 'menu.onderwerpen':
                return this.runIntent(context, { kind: 'topics' });
            case 'menu.mijnMeldingen':
                return this.runIntent(context, { kind: 'myReports' });
            case 'menu.overzicht':
                return this.runIntent(context, { kind: 'overview' });
            default:
                await context.sendActivity('Die keuze ken ik niet. Kies een van de knoppen hieronder.');
                await context.sendActivity(cardMessage(renderWelcomeCard(WELCOME)));
        }
    }

    private async runIntent(context: TurnContext, intent: Intent): Promise<void> {
        const { features } = this.deps;
        const personal = context.activity.conversation?.conversationType === 'personal';
        switch (intent.kind) {
            case 'cancel':
                await context.sendActivity('Oké, ik ben gestopt. Er is niets verstuurd.');
                await context.sendActivity(cardMessage(renderWelcomeCard(WELCOME)));
                return;
            case 'empty':
            case 'welcome':
                await context.sendActivity(cardMessage(renderWelcomeCard(WELCOME)));
                return;
            case 'report':
                if (!personal) {
                    // A report in a channel or group chat would show its details to everyone in it.
                    await context.sendActivity(REPORT_ONLY_IN_PERSONAL_CHAT);
                    return;
                }
                return this.startDialog(context, ReportDialog.id, {});
            case 'routeWizard':
                return this.startDialog(context, RouteWizardDialog.id, undefined);
            case 'askQuestionPrompt':
                await context.sendActivity(
                    'Stel je vraag maar in gewone woorden, bijvoorbeeld: "Wat zijn signalen van arbeidsuitbuiting?" of "Waar meld ik een minderjarige die misschien wordt uitgebuit?"',
                );
                return;
            case 'topics':
                if (features.knowledge) return features.knowledge.showTopics(context);
                break;
            case 'myReports':
                if (!personal) {
                    await context.sendActivity('Je eigen meldingen laat ik alleen zien in je 1-op-1-chat met mij. Open die chat en typ "mijn meldingen".');
                    return;
                }
                if (features.myReports) return features.myReports.show(context);
                break;
            case 'overview':
                if (features.overview) return features.overview.show(context);
                break;
            case 'bind':
                return this.bindChannel(context, intent.target, intent.raw);
            case 'question':
                if (features.knowledge) return features.knowledge.answer(context, intent.text);
                break;
        }
        await context.sendActivity(cardMessage(renderWelcomeCard(NOT_UNDERSTOOD)));
    }

    private async startDialog(context: TurnContext, dialogId: string, options: object | undefined): Promise<void> {
        const dc = await this.dialogSet.createContext(context);
        if (!dc.findDialog(dialogId)) {
            await context.sendActivity(cardMessage(renderWelcomeCard(NOT_UNDERSTOOD)));
            return;
        }
        await dc.cancelAllDialogs();
        const result = await dc.beginDialog(dialogId, options);
        if (result.status === DialogTurnStatus.complete) await this.afterDialog(context, result.result);
    }

    /** A dialog that ends may hand over to another flow (the route wizard to a prefilled report). */
    private async afterDialog(context: TurnContext, result: unknown): Promise<void> {
        if (typeof result === 'object' && result !== null && (result as { startReport?: unknown }).startReport === true) {
            await this.startDialog(context, ReportDialog.id, { prefill: sanitizePrefill((result as { prefill?: unknown }).prefill) });
        }
    }

    private async bindChannel(context: TurnContext, target: Municipality | 'reserve' | undefined, raw: string): Promise<void> {
        const activity = context.activity;
        const { logger, organisation, registry } = this.deps;
        if (activity.conversation?.conversationType !== 'channel') {
            await context.sendActivity('Koppelen doe je in het kanaal dat je wilt koppelen: noem daar de bot en typ "koppel Brummen" (of Lochem, Voorst, Zutphen).');
            return;
        }
        if (!organisation.isAdmin(activity.from?.aadObjectId)) {
            logger.warn({ activityId: activity.id, outcome: 'refused' }, 'channel binding refused: not an admin');
            await context.sendActivity('Alleen een beheerder van de Signaalbot mag een kanaal koppelen. Er is niets veranderd.');
            return;
        }
        if (target === undefined) {
            await context.sendActivity(
                raw === ''
                    ? 'Welke gemeente? Typ bijvoorbeeld "koppel Brummen". Mogelijk: Brummen, Lochem, Voorst, Zutphen of reservekanaal.'
                    : 'Die gemeente ken ik niet. Mogelijk: Brummen, Lochem, Voorst, Zutphen of reservekanaal. Er is niets veranderd.',
            );
            return;
        }
        const conversationId = channelOf(activity.conversation.id);
        await registry.bind(target, conversationId, activity.from.aadObjectId ?? 'onbekend');
        logger.info({ activityId: activity.id, municipality: target, outcome: 'bound' }, 'channel bound');
        const label = isMunicipality(target) ? `de gemeente ${target}` : 'het reservekanaal (voor gemeenten zonder eigen kanaal)';
        await context.sendActivity(`Dit kanaal is nu gekoppeld aan ${label}. Nieuwe meldingen verschijnen hier.`);
    }

    /** Keeps conversation references fresh: Teams may move a conversation to another serviceUrl. */
    private async rememberConversation(context: TurnContext): Promise<void> {
        const activity = context.activity;
        const tenantId = tenantOf(activity);
        if (!tenantId || !activity.serviceUrl || !activity.conversation?.id || !activity.recipient?.id) return;
        const channelData = activity.channelData as { team?: { id?: string }; channel?: { id?: string; name?: string } } | undefined;
        const type = activity.conversation.conversationType;
        const base: ConversationTarget = {
            conversationId: channelOf(activity.conversation.id),
            serviceUrl: activity.serviceUrl,
            tenantId,
            botId: activity.recipient.id,
        };
        try {
            if (type === 'channel') {
                await this.deps.registry.rememberChannel({
                    ...base,
                    conversationId: channelData?.channel?.id ?? base.conversationId,
                    teamId: channelData?.team?.id,
                    channelName: channelData?.channel?.name,
                });
            } else if (type === 'personal' && activity.from?.aadObjectId && activity.type !== ActivityTypes.InstallationUpdate) {
                await this.deps.registry.rememberPersonalChat(activity.from.aadObjectId.toLowerCase(), base);
            }
        } catch (err) {
            // Not worth failing the colleague's turn over; the next activity tries again.
            this.deps.logger.warn({ activityId: activity.id, err: { code: (err as { code?: string }).code } }, 'could not store conversation reference');
        }
    }
}
