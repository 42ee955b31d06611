export { seeded } from '../support/seededRandom';
import { createHash } from 'node:crypto';
import { HELD_OUT_SETS, loadEvalSet, loadSafetySet } from './evalSet';

/** Fisher-Yates in place with the given generator. */
export function shuffle(order: number[], random: () => number): void {
    for (let i = order.length - 1; i > 0; i -= 1) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
    }
}

/** sha256 of labelled texts, in order: a model file records it so a test sees when the sets changed. */
export function digest(labelled: Iterable<readonly [string, string]>): string {
    const h = createHash('sha256');
    for (const [label, text] of labelled) h.update(`${label}\t${text}\n`);
    return h.digest('hex');
}

/**
 * The held-out sets' texts, lower case and trimmed. Writers of different sets sometimes type the very same
 * line ("nr veilig thuis", "hoe vraag ik een parkeervergunning aan"); the trainers leave such a line out
 * of training, so a held-out figure never rests on a text the model was trained on. Only compared, never shown.
 */
export function heldOutTexts(): ReadonlySet<string> {
    const texts = new Set<string>();
    for (const name of HELD_OUT_SETS) {
        const q = loadEvalSet(name);
        const s = loadSafetySet(name);
        for (const t of [...q.questions.map((x) => x.vraag), ...q.offTopic, ...s.acute, ...s.calm]) texts.add(sameText(t));
    }
    return texts;
}

export const sameText = (t: string): string => t.trim().toLowerCase();
