/**
 * The cards of questions to the aandachtfunctionaris (issue 15): the 1:1 form, the card in the
 * coordinators' channel, the answer in the 1:1 chat, and the admins' list of knowledge suggestions.
 * Every text a person typed goes through plainText(): Teams renders markdown in a TextBlock.
 */
import { formatDutchDateTime } from '../bot/domain/amsterdamTime';
import { MUNICIPALITIES, type Municipality } from '../bot/domain/vocabulary';
import { knowledgeSnippet } from '../bot/questions/knowledgeSnippet';
import { MAX_TURNS, openTurn, type CoordinatorQuestion } from '../bot/questions/questionModel';
import { answeredBy } from '../bot/questions/questionTexts';
import answerTemplate from './questionAnswerCard.json';
import channelTemplate from './questionChannelCard.json';
import formTemplate from './questionFormCard.json';
import suggestionsTemplate from './knowledgeSuggestionsCard.json';
import { expandCard, plainText, type AdaptiveCardJson } from './renderCard';

export interface QuestionFormData {
    formId: string;
    municipality?: Municipality;
    question: string;
    /** The coordinators of the chosen municipality, when known. */
    coordinatorNames: readonly string[];
    notice?: string;
}

export function renderQuestionFormCard(data: QuestionFormData): AdaptiveCardJson {
    const names = data.coordinatorNames.join(', ');
    return expandCard(formTemplate, {
        formId: data.formId,
        municipality: data.municipality ?? '',
        question: data.question,
        municipalities: MUNICIPALITIES.map((m) => ({ title: m, value: m })),
        coordinatorLine: data.municipality && names ? `Aandachtfunctionaris in ${data.municipality}: ${plainText(names)}` : '',
        notice: data.notice ? plainText(data.notice) : '',
    });
}

export function renderQuestionChannelCard(q: CoordinatorQuestion, notice?: string): AdaptiveCardJson {
    const open = openTurn(q);
    const purged = q.purgedAt !== undefined;
    const last = q.turns[q.turns.length - 1];
    const turns = purged
        ? []
        : q.turns.map((t, i) => ({
              label: `${i === 0 ? 'Vraag' : 'Vervolgvraag'} (${formatDutchDateTime(t.askedAt)})`,
              text: plainText(t.text),
              answered: t.answer !== undefined,
              answerLabel: t.answeredAt ? `Antwoord van ${plainText(answeredBy(t))} (${formatDutchDateTime(t.answeredAt)})` : '',
              answer: plainText(t.answer ?? ''),
          }));
    return expandCard(channelTemplate, {
        notice: notice ? plainText(notice) : '',
        municipality: q.municipality,
        fallbackNotice: q.delivery.channelKind === 'fallback' ? `Deze vraag is voor ${q.municipality}, dat geen eigen kanaal heeft; alleen de aandachtfunctionarissen van ${q.municipality} kunnen antwoorden.` : '',
        byline: purged ? `Gesteld op ${formatDutchDateTime(q.turns[0]?.askedAt ?? '')}` : `Gesteld door ${plainText(q.asker.displayName)} op ${formatDutchDateTime(q.turns[0]?.askedAt ?? '')}`,
        purgedNotice: purged ? 'De tekst van deze vraag en het antwoord zijn na de bewaartermijn verwijderd.' : '',
        turns,
        statusLine: purged ? 'Opgeschoond' : open !== undefined ? 'Open: wacht op antwoord' : `Beantwoord door ${plainText(answeredBy(last))}`,
        suggestionLine: !purged && q.suggestion ? `Voorgesteld voor de kennisbank door ${plainText(q.suggestion.byName)}` : '',
        canAnswer: !purged && open !== undefined,
        canSuggest: !purged && open === undefined && !q.suggestion,
        questionId: q.questionId,
        openTurn: open ?? 0,
    });
}

export function renderQuestionAnswerCard(q: CoordinatorQuestion, turn: number): AdaptiveCardJson {
    const t = q.turns[turn];
    return expandCard(answerTemplate, {
        questionLabel: `Je ${turn === 0 ? 'vraag' : 'vervolgvraag'} aan ${q.municipality} (${formatDutchDateTime(t?.askedAt ?? '')})`,
        question: plainText(t?.text ?? ''),
        answerLabel: `Antwoord van ${plainText(answeredBy(t))} (${formatDutchDateTime(t?.answeredAt ?? '')})`,
        answer: plainText(t?.answer ?? ''),
        // Only under the newest answer: an older card's follow-up would be refused anyway.
        canFollowUp: turn === q.turns.length - 1 && q.turns.length < MAX_TURNS,
        questionId: q.questionId,
    });
}

export function renderKnowledgeSuggestionsCard(questions: readonly CoordinatorQuestion[]): AdaptiveCardJson {
    return expandCard(suggestionsTemplate, {
        count: questions.length,
        suggestions: questions.map((q) => ({
            heading: `${q.municipality} · voorgesteld door ${plainText(q.suggestion?.byName ?? '')} op ${formatDutchDateTime(q.suggestion?.at ?? '')}`,
            question: plainText(q.turns.map((t) => t.text).join('\n\n')),
            answer: plainText(q.turns.map((t) => t.answer ?? '').filter(Boolean).join('\n\n')),
            snippet: plainText(knowledgeSnippet(q)),
        })),
    });
}
