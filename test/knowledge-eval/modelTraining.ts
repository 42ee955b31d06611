import { createHash } from 'node:crypto';

/** mulberry32: a small seeded generator, so a retrain on the same sets gives the same weights. */
export function seeded(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

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
