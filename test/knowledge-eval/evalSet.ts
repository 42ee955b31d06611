import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { KnowledgeBase } from '../../bot/knowledge/knowledgeBase';

export interface EvalQuestion {
    vraag: string;
    verwacht: string;
}

export interface EvalSet {
    name: string;
    questions: EvalQuestion[];
    offTopic: string[];
}

export const EVAL_SET_NAMES = ['tune', 'heldout'] as const;

export function loadEvalSet(name: (typeof EVAL_SET_NAMES)[number]): EvalSet {
    const raw: unknown = parseYaml(fs.readFileSync(path.join(__dirname, `${name}.yaml`), 'utf8'));
    const doc = raw as { vragen?: EvalQuestion[]; offTopic?: string[] };
    if (!Array.isArray(doc.vragen) || !Array.isArray(doc.offTopic)) throw new Error(`eval set ${name} lacks vragen or offTopic`);
    return { name, questions: doc.vragen, offTopic: doc.offTopic };
}

export interface EvalScore {
    name: string;
    questions: number;
    offTopic: number;
    top1: number;
    top3: number;
    /** On-topic questions the bot declined (safe but unhelpful). */
    declinedOnTopic: number;
    /** On-topic questions answered confidently with the wrong entry: the worst outcome. */
    confidentWrong: number;
    offTopicDeclined: number;
    failures: string[];
}

/**
 * Scores what a colleague would see. Top-1: the bot answers with the expected entry. Top-3: the
 * expected entry is the answer or one of the (up to three) alternatives or suggestions on the card.
 */
export function scoreEvalSet(kb: KnowledgeBase, set: EvalSet): EvalScore {
    let top1 = 0;
    let top3 = 0;
    let declined = 0;
    let wrong = 0;
    const failures: string[] = [];
    for (const q of set.questions) {
        const a = kb.ask(q.vraag);
        const shown = a.kind === 'answer' ? [a.entry.id, ...a.alternatives.map((e) => e.id)] : a.suggestions.map((e) => e.id);
        const first = a.kind === 'answer' && a.entry.id === q.verwacht;
        if (first) top1 += 1;
        if (shown.slice(0, 3).includes(q.verwacht) || first) top3 += 1;
        if (a.kind === 'noMatch') declined += 1;
        else if (!first) wrong += 1;
        if (!first) failures.push(`${q.vraag} -> ${a.kind === 'answer' ? a.entry.id : 'afgewezen'} [${shown.join(', ')}] (verwacht ${q.verwacht})`);
    }
    let offDeclined = 0;
    for (const q of set.offTopic) {
        const a = kb.ask(q);
        if (a.kind === 'noMatch') offDeclined += 1;
        else failures.push(`OFF-TOPIC beantwoord: ${q} -> ${a.entry.id}`);
    }
    const n = set.questions.length;
    return {
        name: set.name,
        questions: n,
        offTopic: set.offTopic.length,
        top1: top1 / n,
        top3: top3 / n,
        declinedOnTopic: declined / n,
        confidentWrong: wrong / n,
        offTopicDeclined: offDeclined / Math.max(1, set.offTopic.length),
        failures,
    };
}
