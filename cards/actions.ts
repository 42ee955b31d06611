/**
 * Every id a card can send, declared once: `data.action` of an Action.Submit, and the verbs of
 * Action.Execute (the case verbs belong to the cases domain, which parses them; they are re-exported
 * here so this file is the one list). bot/teams/routeTable.ts routes each of them, and
 * test/unit/architecture/actionTable.test.ts checks every card JSON against that table, both ways.
 */
import { CASE_VERBS, type CaseVerb } from '../bot/cases/caseModel';

/** Action.Execute verbs on the question card in a coordinators' channel (issue 15). */
export const QUESTION_VERBS = {
    beantwoorden: 'vraag.beantwoorden',
    kennisbank: 'vraag.kennisbank',
} as const;
export type QuestionVerb = (typeof QUESTION_VERBS)[keyof typeof QUESTION_VERBS];

/**
 * Action.Execute verbs of learning (issue 18): an answer to a case (weekly in the 1:1 chat, or a
 * campaign card in a channel, where the invoke response shows the feedback to the one who pressed) and
 * an answer in the quiz (one card that moves through its questions).
 */
export const LEARNING_VERBS = {
    answerCase: 'leren.antwoord',
    answerQuiz: 'quiz.antwoord',
} as const;
export type LearningVerb = (typeof LEARNING_VERBS)[keyof typeof LEARNING_VERBS];

export const ACTIONS = {
    menu: {
        report: 'menu.melden',
        routeWizard: 'menu.waarMeldIk',
        question: 'menu.vraag',
        topics: 'menu.onderwerpen',
        myReports: 'menu.mijnMeldingen',
    },
    knowledge: {
        entry: 'knowledge.entry',
        topic: 'knowledge.topic',
        /** "Vraag het de aandachtfunctionaris" on a non-answer; carries the named municipality only. */
        askCoordinator: 'knowledge.askCoordinator',
    },
    overview: {
        month: 'overzicht.maand',
        quarter: 'overzicht.kwartaal',
        csv: 'overzicht.csv',
    },
    report: {
        safety: 'report.safety',
        details: 'report.details',
        signals: 'report.signals',
        back: 'report.back',
        edit: 'report.edit',
        send: 'report.send',
        cancel: 'report.cancel',
    },
    routeWizard: {
        answer: 'routeWizard.answer',
        stop: 'routeWizard.stop',
    },
    question: {
        /** The 1:1 form "Vraag aan de aandachtfunctionaris": municipality and question are inputs, formId is the bot's. */
        send: 'vraag.versturen',
        cancel: 'vraag.annuleren',
        /** A follow-up under an answer in the 1:1 chat; carries the questionId (checked against the asker). */
        followUp: 'vraag.vervolg',
    },
    addition: {
        /** "Aanvullen" per report in "Mijn meldingen"; carries the reportId only (checked on the server). */
        start: 'aanvulling.start',
        /** "Aanvulling opslaan" on the addition form; carries reportId and additionId, the text is the input. */
        save: 'aanvulling.opslaan',
    },
    reporterQuestion: {
        /** "Antwoord versturen" on the reporter's 1:1 question card; carries reportId and questionVersion, the text is the input. */
        answer: 'melderVraag.antwoorden',
    },
    learning: {
        /** "Casus van de week" on the welcome card: the settings card (role, municipality) to opt in. */
        optIn: 'leren.aan',
        /** "Meedoen"/"Opslaan" on the settings card; role and municipality are inputs, checked on the server. */
        save: 'leren.opslaan',
    },
    admin: {
        /** "Opnieuw versturen" on the admins' list of undelivered reports; carries the reportId only. */
        resend: 'beheer.opnieuwVersturen',
    },
} as const;

type Values<T> = T[keyof T];
export type MenuAction = Values<typeof ACTIONS.menu>;
export type ReportAction = Values<typeof ACTIONS.report>;
export type OverviewAction = Values<typeof ACTIONS.overview>;
export type SubmitAction = { [K in keyof typeof ACTIONS]: Values<(typeof ACTIONS)[K]> }[keyof typeof ACTIONS];

export const REPORT_ACTIONS: readonly ReportAction[] = Object.values(ACTIONS.report);
export const OVERVIEW_ACTIONS: readonly OverviewAction[] = Object.values(ACTIONS.overview);

/** Action.Execute verbs (Universal Actions on the channel cards: reports and questions). */
export const EXECUTE_VERBS = { ...CASE_VERBS, ...QUESTION_VERBS, ...LEARNING_VERBS };
export type ExecuteVerb = CaseVerb | QuestionVerb | LearningVerb;

export function isSubmitAction(value: string): value is SubmitAction {
    return Object.values(ACTIONS).some((group) => (Object.values(group) as string[]).includes(value));
}
