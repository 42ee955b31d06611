import model from './dangerModel.json';
import { decodeWeights, MAX_MODEL_WORDS, modelWords, positionFeatures, windowFeatures, wordFeatures } from './textFeatures';

/**
 * A linear classifier over word and letter n-grams (textFeatures.ts) that reads a message as acute
 * danger or not. It is trained (`npm run train:danger`, test/knowledge-eval/trainDangerModel.ts) on the
 * tuning safety sets, written in many colleagues' voices, and never on the held-out sets. It exists
 * because hand-written cues learn the wording of the sets they were written for: on a fresh writer's
 * set the cues caught four in five acute messages, this model all of them with fewer false alarms
 * (test/knowledge-eval/README.md). The cues stay as a second opinion (dangerDetector.ts).
 *
 * No weights are downloaded: the model is a JSON file in the repository, 64 Ki signed bytes.
 */

export interface DangerModelFile {
    /** Features are hashed into 2^bits weights. */
    bits: number;
    /** weight = byte * scale. */
    scale: number;
    bias: number;
    /** base64 of one signed byte per weight. */
    weights: string;
    /** sha256 of the training messages and labels, so a test can tell the model is stale. */
    corpus: string;
    trainedOn: string[];
}

/** The logit of a feature set; the sum is divided by the root of the feature count, in training too. */
export function dangerLogit(features: readonly number[], weight: (index: number) => number, bias: number): number {
    let z = 0;
    for (const f of features) z += weight(f);
    return bias + z / Math.sqrt(Math.max(1, features.length));
}

export const DANGER_MODEL: DangerModelFile = model;
const WEIGHTS = decodeWeights(DANGER_MODEL.weights, 1 << DANGER_MODEL.bits, 'dangerModel.json');

/** A long description is also read in windows of this many words, overlapping by half. */
export const WINDOW_WORDS = 24;
/**
 * A window counts only when the model is this sure of it: a few words of a calm description can read
 * like danger by themselves (on a fresh set of long descriptions, from 0.9 on the windows added more
 * false alarms than they found danger; at 0.97 they found three more acute messages for one).
 */
export const WINDOW_ALARM = 0.97;
/** Words read in windows: the first WINDOW_HEAD and the last WINDOW_TAIL (a 2,000-character description is some 350). */
export const WINDOW_HEAD = 1_000;
export const WINDOW_TAIL = 400;

/**
 * The probability of danger for a whole text and, in a long one, the highest of its windows: in a
 * report description the danger is often one clause among ten calm ones ("... en hij komt haar
 * vanavond halen"), which the whole text's average dilutes.
 */
/** One buffer per feature space, reused by every call (the thread is single and the loop synchronous): no 256 KiB per message. */
const buffers = new Map<number, { slots: Int32Array; stamp: number }>();
function seenBuffer(bits: number): { slots: Int32Array; stamp: number } {
    let b = buffers.get(bits);
    if (b === undefined) {
        b = { slots: new Int32Array(1 << bits), stamp: 0 };
        buffers.set(bits, b);
    }
    return b;
}
function nextStamp(b: { slots: Int32Array; stamp: number }): number {
    if (b.stamp >= 0x7fffffff) {
        b.slots.fill(0);
        b.stamp = 0;
    }
    b.stamp += 1;
    return b.stamp;
}

export function windowedProbability(text: string, bits: number, weight: (index: number) => number, bias: number): number {
    // The start and the end of the message, where a colleague puts what matters and a pasted mail its last line:
    // at most WINDOW_HEAD + WINDOW_TAIL words, some 115 windows, each read from features computed once per word.
    const all = modelWords(text, Number.MAX_SAFE_INTEGER);
    const ws = all.length > WINDOW_HEAD + WINDOW_TAIL ? [...all.slice(0, WINDOW_HEAD), ...all.slice(-WINDOW_TAIL)] : all;
    const p = (features: readonly number[]) => 1 / (1 + Math.exp(-dangerLogit(features, weight, bias)));
    const whole = ws.length > MAX_MODEL_WORDS ? ws.slice(0, MAX_MODEL_WORDS) : ws;
    let best = p(wordFeatures(whole, bits));
    if (ws.length <= WINDOW_WORDS) return best;
    const pf = positionFeatures(ws, bits);
    const seen = seenBuffer(bits);
    for (let i = 0; i + WINDOW_WORDS / 2 < ws.length; i += WINDOW_WORDS / 2) {
        const q = p(windowFeatures(pf, i, Math.min(ws.length, i + WINDOW_WORDS), seen.slots, nextStamp(seen)));
        if (q >= WINDOW_ALARM) best = Math.max(best, q);
    }
    return best;
}

/** How likely the model finds that the text describes acute danger, 0 to 1. */
export function dangerProbability(text: string): number {
    return windowedProbability(text, DANGER_MODEL.bits, (i) => WEIGHTS[i] * DANGER_MODEL.scale, DANGER_MODEL.bias);
}
