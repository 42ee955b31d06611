/**
 * The one route table: every card action, Execute verb and typed command, and what it does. The router
 * (teamsBot.ts) only decides *when* a route runs (menu buttons end an open flow, other card actions go
 * to the open flow first); *what* runs is here. Adding a card action is one line below plus its id in
 * cards/actions.ts; test/unit/architecture/actionTable.test.ts fails until both are there and a card uses it.
 */
import type { AdaptiveCardInvokeResponse, AdaptiveCardInvokeValue, TurnContext } from 'botbuilder';
import { ACTIONS, EXECUTE_VERBS, type ExecuteVerb, type SubmitAction } from '../../cards/actions';
import { NOT_UNDERSTOOD, WELCOME, renderWelcomeCard } from '../../cards/welcomeCard';
import { cardMessage } from '../../dialogs/cardMessage';
import { ReportDialog } from '../../dialogs/reportDialog';
import { RouteWizardDialog } from '../../dialogs/routeWizardDialog';
import { sanitizePrefill } from '../domain/vocabulary';
import type { Intent } from './intents';

/** The parts of the product the routes hand work to. Each is optional so the router can be tested alone. */
export interface BotFeatures {
    knowledge?: {
        answer(context: TurnContext, question: string): Promise<void>;
        showTopics(context: TurnContext): Promise<void>;
        showEntry(context: TurnContext, entryId: unknown): Promise<void>;
        showTopic(context: TurnContext, topicId: unknown): Promise<void>;
        askCoordinator(context: TurnContext, municipality: unknown): Promise<void>;
        /** Danger first: shows the 112 card when a text that is not answered as a question signals danger; true when shown. */
        warnIfDanger(context: TurnContext, text: string): Promise<boolean>;
    };
    myReports?: { show(context: TurnContext): Promise<void> };
    overview?: {
        show(context: TurnContext): Promise<void>;
        /** The overview card's buttons; true when handled. */
        handleCardAction(context: TurnContext, action: string, value: Record<string, unknown>): Promise<boolean>;
    };
    /** A report card clicked when no report flow is open (a second Versturen, an old card); true when answered. */
    reportOrphans?: (context: TurnContext) => Promise<boolean>;
    /** "onbezorgd": the admins' list of undelivered reports, and its resend button. */
    undelivered?: { show(context: TurnContext): Promise<void>; resend(context: TurnContext, reportId: unknown): Promise<void> };
    /** "koppel <gemeente>" in a channel. */
    channelBinding?: { bind(context: TurnContext, target: Extract<Intent, { kind: 'bind' }>['target'], raw: string): Promise<void> };
    /** Questions to the aandachtfunctionaris: the 1:1 form, sending, follow-ups, the admins' suggestions. */
    questions?: {
        rememberQuestion(context: TurnContext): Promise<void>;
        showForm(context: TurnContext, municipality: unknown): Promise<void>;
        askTyped(context: TurnContext, text: string, municipality: Extract<Intent, { kind: 'askCoordinator' }>['municipality']): Promise<void>;
        send(context: TurnContext, data: Record<string, unknown>): Promise<void>;
        cancel(context: TurnContext): Promise<void>;
        followUp(context: TurnContext, data: Record<string, unknown>): Promise<void>;
        showSuggestions(context: TurnContext): Promise<void>;
    };
    /** Universal Actions (Action.Execute) on the question card in a coordinators' channel. */
    questionActions?: (context: TurnContext, value: AdaptiveCardInvokeValue) => Promise<AdaptiveCardInvokeResponse>;
    /** Learning (issue 18): the weekly case, the quiz and campaigns; the feature checks chat type and rights. */
    learning?: {
        showSettings(context: TurnContext): Promise<void>;
        save(context: TurnContext, data: Record<string, unknown>): Promise<void>;
        optOut(context: TurnContext): Promise<void>;
        startQuiz(context: TurnContext): Promise<void>;
        campaign(context: TurnContext, caseId: string | undefined): Promise<void>;
    };
    /** Universal Actions on the learning cards (case answers, quiz steps): the response is the answering person's own card. */
    learningActions?: (context: TurnContext, value: AdaptiveCardInvokeValue) => Promise<AdaptiveCardInvokeResponse>;
    /** Aanvullen: a reporter adds to their own report (1:1 chat only; the feature checks whose report it is). */
    additions?: {
        start(context: TurnContext, reportId: unknown): Promise<void>;
        save(context: TurnContext, data: Record<string, unknown>): Promise<void>;
        typed(context: TurnContext, reference: string | undefined, text: string | undefined): Promise<void>;
    };
    /** The reporter's answer to a coordinator's question (1:1 chat only; the feature checks whose report and which question). */
    reporterAnswers?: { answer(context: TurnContext, data: Record<string, unknown>): Promise<void> };
    /** "open meldingen" and a typed reference (1:1 chat only; rights checked by the feature on every request). */
    coordinatorTools?: {
        openReports(context: TurnContext): Promise<void>;
        showReference(context: TurnContext, reference: string): Promise<void>;
    };
    /** Teams' answer to a file-consent card (the overview's CSV file); the feature checks chat, context and rights. */
    fileConsent?: (context: TurnContext, answer: { action?: unknown; context?: unknown; uploadInfo?: Record<string, unknown> }) => Promise<void>;
    /** Universal Actions (Action.Execute) on the report card in a coordinators' channel. */
    caseActions?: (context: TurnContext, value: AdaptiveCardInvokeValue) => Promise<AdaptiveCardInvokeResponse>;
}

/** What a route may do: the router's own moves and the features the composition root gave it. */
export interface RouteContext {
    readonly features: BotFeatures;
    startDialog(context: TurnContext, dialogId: string, options: object | undefined): Promise<void>;
    runIntent(context: TurnContext, intent: Intent): Promise<void>;
}

type Run = (bot: RouteContext, context: TurnContext, data: Record<string, unknown>) => Promise<boolean>;

export interface SubmitRoute {
    /** Menu buttons end any open flow and always run; other actions belong to an open flow first. */
    endsFlow: boolean;
    /** Runs even when a flow is open and leaves that flow open (the flow never knew this card). */
    besideFlow?: boolean;
    /** What the action does when no flow takes it; false or absent: the router says the card is old. */
    run?: Run;
}

const done = async (work: Promise<void> | undefined): Promise<boolean> => {
    if (!work) return false;
    await work;
    return true;
};
const menu = (run: (bot: RouteContext, context: TurnContext, data: Record<string, unknown>) => Promise<void>): SubmitRoute => ({
    endsFlow: true,
    run: (bot, context, data) => done(run(bot, context, data)),
});
const card = (run: Run): SubmitRoute => ({ endsFlow: false, run });
/** Adding to a report neither belongs to an open flow nor may lose a half-filled new report. */
const beside = (run: Run): SubmitRoute => ({ endsFlow: false, besideFlow: true, run });
/** Handled by the open flow only; outside it the card is old. */
const inFlow: SubmitRoute = { endsFlow: false };

const REPORT_ORPHAN = card((bot, context) => bot.features.reportOrphans?.(context) ?? Promise.resolve(false));
/** The overview feature refuses these outside the personal chat and checks rights itself on every press. */
const overview = (action: SubmitAction) => card((bot, context, data) => bot.features.overview?.handleCardAction(context, action, data) ?? Promise.resolve(false));

export const SUBMIT_ROUTES: Record<SubmitAction, SubmitRoute> = {
    [ACTIONS.menu.report]: menu((bot, context, data) =>
        context.activity.conversation?.conversationType !== 'personal'
            ? bot.runIntent(context, { kind: 'report' })
            : bot.startDialog(context, ReportDialog.id, { prefill: sanitizePrefill(data.prefill) }),
    ),
    [ACTIONS.menu.routeWizard]: menu((bot, context) => bot.startDialog(context, RouteWizardDialog.id, undefined)),
    [ACTIONS.menu.question]: menu((bot, context) => bot.runIntent(context, { kind: 'askQuestionPrompt' })),
    [ACTIONS.menu.topics]: menu((bot, context) => bot.runIntent(context, { kind: 'topics' })),
    [ACTIONS.menu.myReports]: menu((bot, context) => bot.runIntent(context, { kind: 'myReports' })),
    [ACTIONS.knowledge.entry]: card((bot, context, data) => done(bot.features.knowledge?.showEntry(context, data.entryId))),
    [ACTIONS.knowledge.topic]: card((bot, context, data) => done(bot.features.knowledge?.showTopic(context, data.topicId))),
    // With questions switched on, the button opens the question form; without, it shows the contact.
    [ACTIONS.knowledge.askCoordinator]: card((bot, context, data) =>
        done(bot.features.questions ? bot.features.questions.showForm(context, data.municipality) : bot.features.knowledge?.askCoordinator(context, data.municipality)),
    ),
    [ACTIONS.question.send]: card((bot, context, data) => done(bot.features.questions?.send(context, data))),
    [ACTIONS.question.cancel]: card((bot, context) => done(bot.features.questions?.cancel(context))),
    [ACTIONS.question.followUp]: card((bot, context, data) => done(bot.features.questions?.followUp(context, data))),
    [ACTIONS.overview.month]: overview(ACTIONS.overview.month),
    [ACTIONS.overview.quarter]: overview(ACTIONS.overview.quarter),
    [ACTIONS.overview.csv]: overview(ACTIONS.overview.csv),
    [ACTIONS.report.safety]: REPORT_ORPHAN,
    [ACTIONS.report.details]: REPORT_ORPHAN,
    [ACTIONS.report.signals]: REPORT_ORPHAN,
    [ACTIONS.report.back]: REPORT_ORPHAN,
    [ACTIONS.report.edit]: REPORT_ORPHAN,
    [ACTIONS.report.send]: REPORT_ORPHAN,
    [ACTIONS.report.cancel]: REPORT_ORPHAN,
    [ACTIONS.addition.start]: beside((bot, context, data) => done(bot.features.additions?.start(context, data.reportId))),
    [ACTIONS.addition.save]: beside((bot, context, data) => done(bot.features.additions?.save(context, data))),
    [ACTIONS.reporterQuestion.answer]: beside((bot, context, data) => done(bot.features.reporterAnswers?.answer(context, data))),
    [ACTIONS.learning.optIn]: menu((bot, context) => bot.runIntent(context, { kind: 'learnOn' })),
    [ACTIONS.learning.save]: card((bot, context, data) => done(bot.features.learning?.save(context, data))),
    [ACTIONS.admin.resend]: card((bot, context, data) => done(bot.features.undelivered?.resend(context, data.reportId))),
    [ACTIONS.routeWizard.answer]: inFlow,
    [ACTIONS.routeWizard.stop]: inFlow,
};

export function submitRoute(action: string): SubmitRoute | undefined {
    return Object.prototype.hasOwnProperty.call(SUBMIT_ROUTES, action) ? SUBMIT_ROUTES[action as SubmitAction] : undefined;
}

type ExecuteHandler = (features: BotFeatures) => BotFeatures['caseActions'];
const cases: ExecuteHandler = (features) => features.caseActions;
const questions: ExecuteHandler = (features) => features.questionActions;
const learning: ExecuteHandler = (features) => features.learningActions;

export const EXECUTE_ROUTES: Record<ExecuteVerb, ExecuteHandler> = {
    [EXECUTE_VERBS.oppakken]: cases,
    [EXECUTE_VERBS.toewijzen]: cases,
    [EXECUTE_VERBS.doorzetten]: cases,
    [EXECUTE_VERBS.afsluiten]: cases,
    [EXECUTE_VERBS.notitie]: cases,
    [EXECUTE_VERBS.heropenen]: cases,
    [EXECUTE_VERBS.geschiedenis]: cases,
    [EXECUTE_VERBS.kaart]: cases,
    [EXECUTE_VERBS.kaartVerversen]: cases,
    [EXECUTE_VERBS.vraagMelder]: cases,
    [EXECUTE_VERBS.beantwoorden]: questions,
    [EXECUTE_VERBS.kennisbank]: questions,
    [EXECUTE_VERBS.answerCase]: learning,
    [EXECUTE_VERBS.answerQuiz]: learning,
};

/**
 * The handler of an Execute verb. An unknown or forged verb also goes to the case handler: the report
 * card is the only card with Execute buttons, and its handler answers a forged action with its own
 * "nothing changed" card, the same as for forged data.
 */
export function executeRoute(verb: unknown): ExecuteHandler {
    return typeof verb === 'string' && Object.prototype.hasOwnProperty.call(EXECUTE_ROUTES, verb) ? EXECUTE_ROUTES[verb as ExecuteVerb] : cases;
}

export const REPORT_ONLY_IN_PERSONAL_CHAT =
    'Melden gaat in een 1-op-1-chat met mij, zodat niemand anders de gegevens ziet. Open de chat met de Signaalbot en typ "melden".';

type IntentRun<K extends Intent['kind']> = (bot: RouteContext, context: TurnContext, intent: Extract<Intent, { kind: K }>) => Promise<boolean>;

const welcome = async (context: TurnContext): Promise<boolean> => {
    await context.sendActivity(cardMessage(renderWelcomeCard(WELCOME)));
    return true;
};
const personal = (context: TurnContext) => context.activity.conversation?.conversationType === 'personal';

/** Typed commands (bot/intents.ts recognises them); false: not available here, the router says so. */
export const INTENT_ROUTES: { [K in Intent['kind']]: IntentRun<K> } = {
    cancel: async (_bot, context) => {
        await context.sendActivity('Oké, ik ben gestopt. Er is niets verstuurd.');
        return welcome(context);
    },
    empty: (_bot, context) => welcome(context),
    welcome: (_bot, context) => welcome(context),
    report: async (bot, context) => {
        if (!personal(context)) {
            // A report in a channel or group chat would show its details to everyone in it.
            await context.sendActivity(REPORT_ONLY_IN_PERSONAL_CHAT);
            return true;
        }
        return done(bot.startDialog(context, ReportDialog.id, {}));
    },
    routeWizard: (bot, context) => done(bot.startDialog(context, RouteWizardDialog.id, undefined)),
    askQuestionPrompt: async (_bot, context) => {
        await context.sendActivity(
            'Stel je vraag maar in gewone woorden, bijvoorbeeld: "Wat zijn signalen van arbeidsuitbuiting?" of "Waar meld ik een minderjarige die misschien wordt uitgebuit?"',
        );
        return true;
    },
    topics: (bot, context) => done(bot.features.knowledge?.showTopics(context)),
    myReports: async (bot, context) => {
        if (!personal(context)) {
            await context.sendActivity('Je eigen meldingen laat ik alleen zien in je 1-op-1-chat met mij. Open die chat en typ "mijn meldingen".');
            return true;
        }
        return done(bot.features.myReports?.show(context));
    },
    // The personal-chat check is in the overview feature, so typed commands and button presses share it.
    overview: (bot, context) => done(bot.features.overview?.show(context)),
    undelivered: async (bot, context) => {
        if (!personal(context)) {
            // The list names references, municipalities and acute danger: not for everyone in a channel.
            await context.sendActivity('De lijst met niet-bezorgde meldingen laat ik alleen zien in je 1-op-1-chat met mij. Open die chat en typ "onbezorgd".');
            return true;
        }
        return done(bot.features.undelivered?.show(context));
    },
    addition: (bot, context, intent) => done(bot.features.additions?.typed(context, intent.reference, intent.text)),
    reference: (bot, context, intent) => done(bot.features.coordinatorTools?.showReference(context, intent.reference)),
    openReports: (bot, context) => done(bot.features.coordinatorTools?.openReports(context)),
    bind: (bot, context, intent) => done(bot.features.channelBinding?.bind(context, intent.target, intent.raw)),
    question: async (bot, context, intent) => {
        // Kept so "Vraag het de aandachtfunctionaris" on the answer can offer this question for editing.
        await bot.features.questions?.rememberQuestion(context);
        return done(bot.features.knowledge?.answer(context, intent.text));
    },
    askCoordinator: (bot, context, intent) => done(bot.features.questions?.askTyped(context, intent.text, intent.municipality)),
    knowledgeSuggestions: (bot, context) => done(bot.features.questions?.showSuggestions(context)),
    learnOn: (bot, context) => done(bot.features.learning?.showSettings(context)),
    learnSettings: (bot, context) => done(bot.features.learning?.showSettings(context)),
    learnOff: (bot, context) => done(bot.features.learning?.optOut(context)),
    quiz: (bot, context) => done(bot.features.learning?.startQuiz(context)),
    campaign: (bot, context, intent) => done(bot.features.learning?.campaign(context, intent.caseId)),
};

export async function runIntentRoute(bot: RouteContext, context: TurnContext, intent: Intent): Promise<void> {
    const run = INTENT_ROUTES[intent.kind] as IntentRun<Intent['kind']>;
    if (!(await run(bot, context, intent))) await context.sendActivity(cardMessage(renderWelcomeCard(NOT_UNDERSTOOD)));
}
