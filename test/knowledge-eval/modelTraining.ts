export { seeded } from '../support/seededRandom';
import { createHash } from 'node:crypto';

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
