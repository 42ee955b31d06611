import { normalise, stem } from './dutchText';
import { MAX_WORD_CHARS } from './textLimits';

/**
 * Hashed word and letter n-grams of a text, the input of the two trained models (danger and
 * question). Letter 5-grams make a typo or an inflection share most features with the word
 * ("opgeslote", "opgesloten"); stem bigrams and trigrams carry a little word order ("niet weg").
 *
 * Cost is linear in the text: at most MAX_MODEL_WORDS words, each at most MAX_WORD_CHARS letters.
 */

/**
 * The question model reads this many words: a question is far shorter, a pasted e-mail says its point
 * early. The danger model reads the whole message in windows (dangerModel.ts): danger can be the last line.
 */
export const MAX_MODEL_WORDS = 600;
const CHAR_GRAM = 5;

/** FNV-1a, 32 bits: cheap, and the same on every run and machine. */
function hash(s: string, mask: number): number {
    let x = 0x811c9dc5;
    for (let i = 0; i < s.length; i += 1) {
        x ^= s.charCodeAt(i);
        x = Math.imul(x, 0x01000193);
    }
    return (x >>> 0) & mask;
}

/** The words a model reads: normalised (so cut at MAX_MESSAGE_CHARS), over-long words dropped, at most `max`. */
export function modelWords(text: string, max = MAX_MODEL_WORDS): string[] {
    const ws: string[] = [];
    for (const w of normalise(text).split(' ')) {
        if (w.length === 0 || w.length > MAX_WORD_CHARS) continue;
        ws.push(w);
        if (ws.length >= max) break;
    }
    return ws;
}

/** The distinct features of a run of words, as indexes below 2^bits. */
export function wordFeatures(ws: readonly string[], bits: number): number[] {
    const mask = (1 << bits) - 1;
    const found = new Set<number>();
    const stems = ws.map(stem);
    for (let i = 0; i < stems.length; i += 1) {
        found.add(hash(`u${stems[i]}`, mask));
        if (i + 1 < stems.length) found.add(hash(`b${stems[i]} ${stems[i + 1]}`, mask));
        if (i + 2 < stems.length) found.add(hash(`t${stems[i]} ${stems[i + 1]} ${stems[i + 2]}`, mask));
        const padded = ` ${ws[i]} `;
        for (let j = 0; j + CHAR_GRAM <= padded.length; j += 1) found.add(hash(`c${padded.slice(j, j + CHAR_GRAM)}`, mask));
    }
    return [...found];
}

/** The features each word position starts: its unigram and letters (own), and the bigram and trigram that begin there. */
export interface PositionFeatures {
    own: number[][];
    bigram: number[];
    trigram: number[];
}

/** Per-position features of a run of words, so many windows over it cost a lookup each, not a rehash. */
export function positionFeatures(ws: readonly string[], bits: number): PositionFeatures {
    const mask = (1 << bits) - 1;
    const stems = ws.map(stem);
    const own: number[][] = [];
    const bigram: number[] = [];
    const trigram: number[] = [];
    for (let i = 0; i < stems.length; i += 1) {
        const mine = [hash(`u${stems[i]}`, mask)];
        const padded = ` ${ws[i]} `;
        for (let j = 0; j + CHAR_GRAM <= padded.length; j += 1) mine.push(hash(`c${padded.slice(j, j + CHAR_GRAM)}`, mask));
        own.push(mine);
        bigram.push(i + 1 < stems.length ? hash(`b${stems[i]} ${stems[i + 1]}`, mask) : -1);
        trigram.push(i + 2 < stems.length ? hash(`t${stems[i]} ${stems[i + 1]} ${stems[i + 2]}`, mask) : -1);
    }
    return { own, bigram, trigram };
}

/**
 * The distinct features of words [from, to) as wordFeatures would give for that slice, read from
 * positionFeatures. `seen` (one slot per feature) and `stamp` (new for each call) avoid a Set per window.
 */
export function windowFeatures(pf: PositionFeatures, from: number, to: number, seen: Int32Array, stamp: number): number[] {
    const out: number[] = [];
    const add = (f: number) => {
        if (f >= 0 && seen[f] !== stamp) {
            seen[f] = stamp;
            out.push(f);
        }
    };
    for (let i = from; i < to; i += 1) {
        for (const f of pf.own[i]) add(f);
        if (i + 1 < to) add(pf.bigram[i]);
        if (i + 2 < to) add(pf.trigram[i]);
    }
    return out;
}

/** The distinct features of a text, as indexes below 2^bits. */
export function textFeatures(text: string, bits: number): number[] {
    return wordFeatures(modelWords(text), bits);
}

/** Signed bytes in base64, as the model files store their weights (weight = byte * scale). */
export function decodeWeights(base64: string, expected: number, file: string): Int8Array {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.length !== expected) throw new Error(`${file}: ${bytes.length} weights, expected ${expected}`);
    return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** Weights to signed bytes, scaled so the largest is 127. */
export function encodeWeights(w: ArrayLike<number>): { weights: string; scale: number } {
    let max = 0;
    for (let i = 0; i < w.length; i += 1) max = Math.max(max, Math.abs(w[i]));
    const scale = max / 127 || 1;
    const bytes = new Int8Array(w.length);
    for (let i = 0; i < w.length; i += 1) bytes[i] = Math.round(w[i] / scale);
    return { weights: Buffer.from(bytes.buffer).toString('base64'), scale };
}
