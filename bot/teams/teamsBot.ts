import {
    type AdaptiveCardInvokeResponse,
    type AdaptiveCardInvokeValue,
    ConversationState,
    type FileConsentCardResponse,
    TeamsActivityHandler,
    TeamsInfo,
    TurnContext,
    type StatePropertyAccessor,
} from 'botbuilder';
import { DialogSet, DialogTurnStatus, type Dialog, type DialogState } from 'botbuilder-dialogs';
import { renderChannelIntroCard } from '../../cards/channelIntroCard';
import { ACTIONS } from '../../cards/actions';
import { NOT_UNDERSTOOD, WELCOME, renderWelcomeCard } from '../../cards/welcomeCard';
import { cardMessage } from '../../dialogs/cardMessage';
import { ReportDialog } from '../../dialogs/reportDialog';
import { RouteWizardDialog } from '../../dialogs/routeWizardDialog';
import type { ChannelRegistry } from '../channels/channelRegistry';
import type { CoordinatorTeamsIds } from '../channels/coordinatorTeamsIds';
import { rememberConversation } from '../channels/conversationReferences';
import { sanitizePrefill } from '../domain/vocabulary';
import { INTERRUPTING_INTENTS, recogniseIntent, type Intent } from './intents';
import type { Logger } from '../logger';
import {
    executeRoute,
    runIntentRoute,
    submitRoute,
    type BotFeatures,
    type RouteContext,
} from './routeTable';

export type { BotFeatures };

export interface SignaalBotDeps {
    conversationState: ConversationState;
    dialogs: Dialog[];
    registry: ChannelRegistry;
    logger: Logger;
    features: BotFeatures;
    /** Learns coordinators' Teams ids (for the channel card's refresh) from activities and the team roster. */
    teamsIds?: Pick<CoordinatorTeamsIds, 'learn' | 'learnAll'>;
}

/** Roster pages read when the bot joins a team: 20 x 500 members is more than any municipality's team. */
const MAX_ROSTER_PAGES = 20;

/** The value of a card submit, when it is a plain object with a string `action`. */
function cardAction(value: unknown): { action: string; data: Record<string, unknown> } | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const action = (value as { action?: unknown }).action;
    return typeof action === 'string' ? { action, data: value as Record<string, unknown> } : undefined;
}

/**
 * The colleague's own words in a submitted card: the addition, the answer to a coordinator's
 * question, a question or follow-up for the aandachtfunctionaris. The report form is left out: its
 * dialog shows the 112 card before the summary itself.
 */
const TYPED_FIELDS = ['aanvulling', 'antwoord', 'question', 'followUp'] as const;
function typedInCard(data: Record<string, unknown>): string | undefined {
    const parts = TYPED_FIELDS.map((f) => data[f]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
    return parts.length === 0 ? undefined : parts.join('\n');
}

/**
 * The Teams activity handler: decides *when* an activity's route runs; *what* runs is the route table
 * (routeTable.ts). Menu buttons always win (they cancel a half-finished flow), then an active dialog
 * gets the turn, then card actions and typed commands, and anything else is treated as a question.
 */
export class SignaalBot extends TeamsActivityHandler {
    private readonly dialogState: StatePropertyAccessor<DialogState>;
    private readonly dialogSet: DialogSet;
    private readonly routes: RouteContext;

    constructor(private readonly deps: SignaalBotDeps) {
        super();
        this.routes = {
            features: deps.features,
            startDialog: (context, dialogId, options) => this.startDialog(context, dialogId, options),
            runIntent: (context, intent) => this.runIntent(context, intent),
        };
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
            const added = context.activity.membersAdded ?? [];
            const botJoined = added.some((m) => m.id === botId);
            if (botJoined && context.activity.conversation?.conversationType === 'channel') {
                await this.greet(context);
                await this.learnRoster(context);
            } else {
                await this.deps.teamsIds?.learnAll(added);
            }
            await next();
        });
        this.onInstallationUpdateAdd(async (context, next) => {
            if (context.activity.conversation?.conversationType !== 'channel') await this.greet(context);
            await next();
        });
    }

    /** Teams shows "Something went wrong" for anything but status 200 with a card or a message. */
    protected override async onAdaptiveCardInvoke(context: TurnContext, value: AdaptiveCardInvokeValue): Promise<AdaptiveCardInvokeResponse> {
        const handler = executeRoute(value?.action?.verb)(this.deps.features);
        if (handler) return handler(context, value);
        return {
            statusCode: 200,
            type: 'application/vnd.microsoft.card.adaptive',
            value: { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'TextBlock', text: 'Deze actie ken ik niet.', wrap: true }] },
        };
    }

    /** fileConsent/invoke: Teams' answer to a file-consent card; the SDK answers the invoke with 200 after this. */
    protected override async handleTeamsFileConsent(context: TurnContext, response: FileConsentCardResponse): Promise<void> {
        const handler = this.deps.features.fileConsent;
        if (!handler) {
            await context.sendActivity('Dat bestand ken ik niet (meer). Vraag het opnieuw aan via "overzicht".');
            return;
        }
        await handler(context, { action: response?.action, context: response?.context, uploadInfo: { ...(response?.uploadInfo ?? {}) } });
    }

    override async run(context: TurnContext): Promise<void> {
        await rememberConversation(this.deps.registry, this.deps.logger, context);
        await this.deps.teamsIds?.learn({ id: context.activity.from?.id, aadObjectId: context.activity.from?.aadObjectId });
        await super.run(context);
        await this.deps.conversationState.saveChanges(context, false);
    }

    /** The team's members, page by page: the coordinators among them get the card with buttons at once. */
    private async learnRoster(context: TurnContext): Promise<void> {
        if (!this.deps.teamsIds) return;
        let continuationToken: string | undefined;
        try {
            for (let page = 0; page < MAX_ROSTER_PAGES; page++) {
                const result = await TeamsInfo.getPagedMembers(context, 500, continuationToken);
                await this.deps.teamsIds.learnAll(result.members ?? []);
                continuationToken = result.continuationToken || undefined;
                if (!continuationToken) break;
            }
        } catch (err) {
            // Not worth failing the greeting over: coordinators are learned from their first activity too.
            this.deps.logger.warn({ activityId: context.activity.id, event: 'teamsIds.rosterFailed', code: (err as { statusCode?: unknown }).statusCode }, 'could not read the team roster');
        }
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
        // Free text typed into a card in the 1:1 chat (an addition, an answer to the aandachtfunctionaris,
        // a question for them) is read for danger the same way, before the card's own route runs.
        const typed = submitted && context.activity.conversation?.conversationType === 'personal' ? typedInCard(submitted.data) : undefined;
        if (typed !== undefined) await this.deps.features.knowledge?.warnIfDanger(context, typed);

        // The wizard's own "also report it" button goes to the wizard, which builds the prefill from
        // the answers it kept; a prefill in card data is never trusted.
        const route = submitted ? submitRoute(submitted.action) : undefined;
        const wizardReport = submitted?.action === ACTIONS.menu.report && dc.activeDialog?.id === RouteWizardDialog.id;
        if (submitted && route?.besideFlow && route.run && (await route.run(this.routes, context, submitted.data))) return;
        if (submitted && !wizardReport && (route?.endsFlow || (!route && submitted.action.startsWith('menu.')))) {
            await dc.cancelAllDialogs();
            if (route?.run) {
                await route.run(this.routes, context, submitted.data);
                return;
            }
            await context.sendActivity('Die keuze ken ik niet. Kies een van de knoppen hieronder.');
            await context.sendActivity(cardMessage(renderWelcomeCard(WELCOME)));
            return;
        }
        const text = context.activity.conversation?.conversationType === 'personal'
            ? context.activity.text
            : TurnContext.removeRecipientMention(context.activity) ?? context.activity.text;
        const intent = recogniseIntent(text);
        // Danger first, for every free text: a question's answer card carries the 112 banner itself;
        // anything else ("help, ...", "hallo, ...", a typed answer in a flow) gets the 112 card before it.
        const answeredAsQuestion = !dc.activeDialog && intent.kind === 'question';
        if (!submitted && text !== undefined && text.trim() !== '' && !answeredAsQuestion) {
            await this.deps.features.knowledge?.warnIfDanger(context, text);
        }
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
            if (route?.run && (await route.run(this.routes, context, submitted.data))) return;
            // A button of a flow that has ended (an old card): say so instead of guessing.
            await context.sendActivity(
                'Deze knop hoort bij een gesprek dat al is afgerond of geannuleerd. Kies hieronder opnieuw wat je wilt doen.',
            );
            await context.sendActivity(cardMessage(renderWelcomeCard(WELCOME)));
            return;
        }
        await this.runIntent(context, intent);
    }

    private runIntent(context: TurnContext, intent: Intent): Promise<void> {
        return runIntentRoute(this.routes, context, intent);
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

    /** A dialog that ends may hand over to another flow (the route wizard to a prefilled report), or hand the turn back. */
    private async afterDialog(context: TurnContext, result: unknown): Promise<void> {
        if (typeof result === 'object' && result !== null && (result as { passOn?: unknown }).passOn === true) {
            // The dialog has ended, so this second pass cannot come back here.
            await this.routeMessage(context);
            return;
        }
        if (typeof result === 'object' && result !== null && (result as { startReport?: unknown }).startReport === true) {
            await this.startDialog(context, ReportDialog.id, { prefill: sanitizePrefill((result as { prefill?: unknown }).prefill) });
        }
    }
}
