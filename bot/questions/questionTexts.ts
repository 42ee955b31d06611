/** The Dutch lines the questions domain sends and refuses with (cards render the rest). */
import { escapeMarkdown } from '../domain/invisibleText';
import type { CoordinatorQuestion, QuestionTurn } from './questionModel';
import { QUESTION_TEXT_MAX_CHARS, RECALL_AFTER_WORKING_DAYS } from './questionModel';
import type { QuestionThreadLine } from './ports';

export const QUESTION_TEXTS = {
    nothingChanged: 'Er is niets veranderd',
    empty: 'Je vraag is leeg. Typ wat je de aandachtfunctionaris wilt vragen en verstuur het opnieuw. Er is niets verstuurd.',
    tooLong: `Je tekst is te lang: hooguit ${QUESTION_TEXT_MAX_CHARS.toLocaleString('nl-NL')} tekens. Maak hem korter en verstuur hem opnieuw. Er is niets verstuurd.`,
    emptyAnswer: 'Het antwoord is leeg. Typ je antwoord en druk opnieuw op "Antwoord versturen". Er is niets veranderd.',
    tooLongAnswer: `Het antwoord is te lang: hooguit ${QUESTION_TEXT_MAX_CHARS.toLocaleString('nl-NL')} tekens. Er is niets veranderd.`,
    noMunicipality: 'Kies de gemeente van de aandachtfunctionaris die je vraag moet krijgen. Er is niets verstuurd.',
    noCoordinators: (m: string) =>
        `Voor ${m} staat nog geen aandachtfunctionaris in de bot, dus niemand kan je vraag beantwoorden. Er is niets verstuurd. Bel bij twijfel Veilig Thuis (0800-2000, dag en nacht) of bij acuut gevaar 112.`,
    noChannel: (m: string) =>
        `Voor ${m} is nog geen kanaal van de aandachtfunctionarissen gekoppeld (ook geen reservekanaal), dus je vraag kan nergens heen. Er is niets verstuurd. De beheerders kunnen een kanaal koppelen.`,
    forged: 'Deze kaart is niet (meer) geldig. Er is niets verstuurd. Typ "vraag aan de aandachtfunctionaris" om opnieuw te beginnen.',
    notFound: 'Deze vraag bestaat niet (meer) of hoort niet bij deze kaart. Er is niets veranderd.',
    purged: 'Van deze vraag is de tekst na de bewaartermijn verwijderd. Er is niets veranderd.',
    notCoordinator: (m: string) => `Alleen de aandachtfunctionarissen mensenhandel van ${m} kunnen deze vraag beantwoorden. Er is niets veranderd.`,
    alreadyAnswered: (by: string) => `Deze vraag is al beantwoord door ${by}. Er is niets veranderd.`,
    conflict: 'Iemand anders veranderde de vraag net. Hieronder zie je hoe ze nu is. Er is niets veranderd.',
    notAsker: 'Alleen wie de vraag stelde, kan er een vervolgvraag bij stellen. Er is niets verstuurd.',
    notYetAnswered: 'Je vorige vraag is nog niet beantwoord. Zodra de aandachtfunctionaris antwoordt, kun je een vervolgvraag stellen. Er is niets verstuurd.',
    tooManyTurns: 'Deze vraag heeft het maximum aantal vervolgvragen. Stel een nieuwe vraag met "vraag aan de aandachtfunctionaris". Er is niets verstuurd.',
    notAnswered: 'Alleen een beantwoorde vraag kan een voorstel voor de kennisbank worden. Er is niets veranderd.',
    alreadySuggested: (by: string) => `Deze vraag is al voorgesteld voor de kennisbank door ${by}. Er is niets veranderd.`,
    unavailable: 'Het lukt me nu niet door een storing. Probeer het over een paar minuten opnieuw. Er is niets veranderd.',
    unidentified: 'Ik kan niet zien wie je bent. Dit kan alleen vanuit Microsoft Teams van je eigen organisatie. Er is niets veranderd.',
    notAdmin: 'De voorstellen voor de kennisbank zijn alleen voor de beheerders van de bot.',
} as const;

export function answeredBy(turn: QuestionTurn | undefined): string {
    return turn?.answeredByName ?? 'een aandachtfunctionaris';
}

/** The text of a thread row, made when it is sent; '' when there is nothing (left) to say. */
export function threadLineText(question: CoordinatorQuestion, line: QuestionThreadLine, turn: number): string {
    const t = question.turns[turn];
    if (!t || question.purgedAt) return '';
    switch (line) {
        case 'followUp':
            // Teams reads a thread line as markdown: what the asker typed is text, not links or formatting.
            return `Vervolgvraag van ${escapeMarkdown(question.asker.displayName)}: ${escapeMarkdown(t.text)}`;
        case 'answered':
            return t.answer === undefined ? '' : `Beantwoord door ${answeredBy(t)}.`;
        case 'recall':
            return t.answer === undefined
                ? `Herinnering: deze vraag staat al ${RECALL_AFTER_WORKING_DAYS} werkdagen open. Kan een aandachtfunctionaris van ${question.municipality} hem beantwoorden op de kaart hierboven?`
                : '';
    }
}
