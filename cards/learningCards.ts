/**
 * The learning cards (issue 18): settings (role and municipality), a case with its three options, the
 * feedback on an answer, the quiz as one card that moves through its questions, the quiz result, and
 * the Ambitie 3 figures beside the overview. Content texts come from the checked content files.
 */
import { formatDutchDate } from '../bot/domain/amsterdamTime';
import { MUNICIPALITIES, type Municipality } from '../bot/domain/vocabulary';
import { ROLE_LABELS, LEARNING_ROLES, type LearningCase, type LearningRole, type LearningSource, type QuizQuestion } from '../bot/learning/learningContent';
import type { LearningFigures } from '../bot/learning/learningFigures';
import { SMALL_NUMBERS_TEXT, dutchList } from './overviewCard';
import caseTemplate from './learningCase.json';
import feedbackTemplate from './learningFeedback.json';
import figuresTemplate from './learningFigures.json';
import quizTemplate from './quizQuestion.json';
import resultTemplate from './quizResult.json';
import settingsTemplate from './learningSettings.json';
import { expandCard, type AdaptiveCardJson } from './renderCard';

const LETTERS = ['A', 'B', 'C', 'D'];
/** Teams shows a handful of buttons well; more knowledge links than this are named in text. */
const MAX_ENTRY_BUTTONS = 4;

export interface LearningSettingsCardData {
    title: string;
    intro: string;
    role: string;
    municipality: string;
    roles: { title: string; value: string }[];
    municipalities: { title: string; value: string }[];
    privacy: string;
    saveTitle: string;
}

export function renderLearningSettingsCard(current: { role?: LearningRole; municipality?: Municipality; optedIn: boolean }): AdaptiveCardJson {
    const data: LearningSettingsCardData = {
        title: current.optedIn ? 'Je rol en gemeente voor de casus van de week' : 'Meedoen met de casus van de week',
        intro: current.optedIn
            ? 'Pas je rol of gemeente aan. Je krijgt nooit een casus die je al had.'
            : 'Elke maandag krijg je in deze chat een korte casus uit de praktijk met de vraag: wat zou jij doen? Kies je rol, dan past de casus bij je werk. Stoppen kan altijd met "leren uit".',
        role: current.role ?? 'algemeen',
        municipality: current.municipality ?? '',
        roles: LEARNING_ROLES.map((r) => ({ title: ROLE_LABELS[r], value: r })),
        municipalities: MUNICIPALITIES.map((m) => ({ title: m, value: m })),
        privacy:
            'Ik bewaar alleen je rol, je gemeente en welke casussen je al kreeg en beantwoordde, zodat je niets dubbel krijgt; nooit of je antwoord goed was. De aandachtfunctionaris ziet alleen getelde aantallen per gemeente.',
        saveTitle: current.optedIn ? 'Opslaan' : 'Meedoen',
    };
    return expandCard(settingsTemplate, data);
}

export interface LearningCaseCardData {
    heading: string;
    title: string;
    story: string;
    question: string;
    caseId: string;
    options: { letter: string; text: string; index: number }[];
    footer: string;
}

export function renderLearningCaseCard(learningCase: LearningCase, mode: 'weekly' | 'campaign' | 'again'): AdaptiveCardJson {
    const data: LearningCaseCardData = {
        heading: mode === 'campaign' ? 'Casus van de aandachtfunctionaris mensenhandel' : 'Casus van de week',
        title: learningCase.title,
        story: learningCase.story,
        question: learningCase.question,
        caseId: learningCase.id,
        options: learningCase.options.map((o, index) => ({ letter: LETTERS[index] ?? String(index + 1), text: o.text, index })),
        footer:
            mode === 'campaign'
                ? 'Kies je antwoord: alleen jij ziet de uitleg die je daarna krijgt. Bij acuut gevaar: bel 112.'
                : 'Kies je antwoord; je krijgt meteen de uitleg. Stoppen met deze casussen: typ "leren uit".',
    };
    return expandCard(caseTemplate, data);
}

export interface LearningFeedbackCardData {
    title: string;
    notice: string;
    verdict: string;
    verdictColor: 'Good' | 'Attention';
    options: { letter: string; text: string; mark: string; explanation: string }[];
    signals: { text: string }[];
    route: string;
    sources: string;
    entries: { id: string; title: string }[];
    entriesText: string;
}

export function sourcesLine(sources: readonly LearningSource[], lastChecked: string): string {
    return `Bron: ${sources.map((s) => s.title).join('; ')}. Gecontroleerd op ${formatDutchDate(lastChecked)}.`;
}

function entryLinks(entries: readonly { id: string; title: string }[], withButtons: boolean): { entries: { id: string; title: string }[]; entriesText: string } {
    if (entries.length === 0) return { entries: [], entriesText: '' };
    if (!withButtons) return { entries: [], entriesText: `Meer weten? Vraag het mij in je 1-op-1-chat, bijvoorbeeld: ${dutchList(entries.map((e) => `"${e.title}"`))}.` };
    const shown = entries.slice(0, MAX_ENTRY_BUTTONS);
    const rest = entries.slice(MAX_ENTRY_BUTTONS);
    return { entries: shown, entriesText: rest.length > 0 ? `Ook in de kennisbank: ${dutchList(rest.map((e) => e.title))}.` : 'Lees meer in de kennisbank:' };
}

/**
 * The feedback on one answer: right or not, what every option means, the signals, the route and the
 * source, and the knowledge entries (buttons in the 1:1 chat; in a channel a button would answer to all).
 */
export function renderLearningFeedbackCard(
    learningCase: LearningCase,
    choice: number,
    options: { entries: readonly { id: string; title: string }[]; inPersonalChat: boolean; notice?: string },
): AdaptiveCardJson {
    const chosen = learningCase.options[choice];
    const right = chosen?.correct === true;
    const data: LearningFeedbackCardData = {
        title: learningCase.title,
        notice: options.notice ?? '',
        verdict: right
            ? `Goed gekozen: ${LETTERS[choice] ?? ''}. ${chosen?.explanation ?? ''}`
            : `Je koos ${LETTERS[choice] ?? ''}. Dat is niet de beste keuze. ${chosen?.explanation ?? ''}`,
        verdictColor: right ? 'Good' : 'Attention',
        options: learningCase.options.map((o, i) => ({ letter: LETTERS[i] ?? String(i + 1), text: o.text, mark: o.correct ? ' (de beste keuze)' : '', explanation: o.explanation })),
        signals: learningCase.signals.map((text) => ({ text })),
        route: learningCase.route,
        sources: sourcesLine(learningCase.sources, learningCase.lastChecked),
        ...entryLinks(options.entries, options.inPersonalChat),
    };
    return expandCard(feedbackTemplate, data);
}

export interface QuizQuestionCardData {
    heading: string;
    previous: string;
    previousColor: 'Good' | 'Attention' | 'Default';
    question: string;
    runId: string;
    step: number;
    options: { letter: string; text: string; index: number }[];
}

export function renderQuizQuestionCard(
    question: QuizQuestion,
    at: { runId: string; step: number; total: number },
    previous?: { question: QuizQuestion; choice: number },
): AdaptiveCardJson {
    const before = previous?.question.options[previous.choice];
    const data: QuizQuestionCardData = {
        heading: `Quiz mensenhandel: vraag ${at.step + 1} van ${at.total}`,
        previous: before ? `${before.correct ? 'Goed!' : 'Niet goed.'} ${before.explanation}` : '',
        previousColor: before ? (before.correct ? 'Good' : 'Attention') : 'Default',
        question: question.question,
        runId: at.runId,
        step: at.step,
        options: question.options.map((o, index) => ({ letter: LETTERS[index] ?? String(index + 1), text: o.text, index })),
    };
    return expandCard(quizTemplate, data);
}

export interface QuizResultCardData {
    title: string;
    score: string;
    questions: { number: number; question: string; given: string; mark: string; explanation: string }[];
    footer: string;
    entries: { id: string; title: string }[];
}

export function renderQuizResultCard(questions: readonly QuizQuestion[], answers: readonly number[], correct: number, entries: readonly { id: string; title: string }[]): AdaptiveCardJson {
    const data: QuizResultCardData = {
        title: 'Quiz klaar',
        score: `Je had ${correct} van de ${questions.length} vragen goed.`,
        questions: questions.map((q, i) => {
            const given = q.options[answers[i] ?? -1];
            const best = q.options.find((o) => o.correct);
            return {
                number: i + 1,
                question: q.question,
                given: given?.text ?? '-',
                mark: given?.correct ? ' (goed)' : ` (het goede antwoord: ${best?.text ?? '-'})`,
                explanation: best?.explanation ?? '',
            };
        }),
        footer: 'Je score bewaar ik niet; ik tel alleen dat er een quiz is gedaan. Nog een keer? Typ "quiz".',
        entries: entries.slice(0, MAX_ENTRY_BUTTONS),
    };
    return expandCard(resultTemplate, data);
}

export interface LearningFiguresCardData {
    intro: string;
    rows: { month: string; municipality: string; participants: string; cases: string; quizzes: string }[];
    footnote: string;
}

export function renderLearningFiguresCard(figures: LearningFigures): AdaptiveCardJson {
    const data: LearningFiguresCardData = {
        intro: `Casus van de week en quiz, per maand: hoeveel collega's meedoen en hoeveel casussen en quizzen zijn beantwoord (${dutchList(figures.scope.municipalities)}).`,
        rows: [...figures.rows].reverse(),
        footnote: `${figures.protected ? `${SMALL_NUMBERS_TEXT} ` : ''}Alleen getelde aantallen; scores worden niet bewaard. Een deelnemer telt mee in elke maand waarin die meedeed.`,
    };
    return expandCard(figuresTemplate, data);
}
