/**
 * The YAML an admin can paste into a topic file of bot/knowledge/content/onderwerpen/ (under `items:`)
 * to turn a suggested question and answer into a knowledge item. It is a draft on purpose: the bot never
 * publishes it itself, and the summary ("TODO") and the keywords are for a person to write.
 */
import YAML from 'yaml';
import { todayInAmsterdam } from '../domain/amsterdamTime';
import type { CoordinatorQuestion } from './questionModel';

export function knowledgeSnippet(q: CoordinatorQuestion): string {
    const answered = q.turns.filter((t) => t.answer !== undefined);
    const first = q.turns[0]?.text ?? '';
    const title = first.split('\n')[0]?.slice(0, 80) ?? '';
    const date = todayInAmsterdam(new Date(answered[answered.length - 1]?.answeredAt ?? q.suggestion?.at ?? Date.now()));
    const item = {
        id: `vraag-${q.questionId.slice(0, 8)}`,
        titel: title,
        samenvatting: 'TODO: één zin die het antwoord samenvat',
        tekst: answered.map((t) => t.answer ?? '').join('\n\n'),
        vragen: q.turns.map((t) => t.text.replace(/\s+/g, ' ').slice(0, 200)),
        trefwoorden: [],
        bronnen: [{ titel: `Antwoord van ${answered[0]?.answeredByName ?? 'de aandachtfunctionaris'}, aandachtfunctionaris mensenhandel ${q.municipality}, ${date}` }],
        gecontroleerd: date,
    };
    // One list item, indented as it sits under `items:`.
    return YAML.stringify([item], { lineWidth: 0 })
        .trimEnd()
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n');
}
