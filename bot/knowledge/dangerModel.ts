import model from './dangerModel.json';
import { decodeWeights, modelWords, wordFeatures } from './textFeatures';

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

/**
 * The probability of danger for a whole text and, in a long one, the highest of its windows: in a
 * report description the danger is often one clause among ten calm ones ("... en hij komt haar
 * vanavond halen"), which the whole text's average dilutes.
 */
export function windowedProbability(text: string, bits: number, weight: (index: number) => number, bias: number): number {
    const ws = modelWords(text);
    const p = (part: readonly string[]) => 1 / (1 + Math.exp(-dangerLogit(wordFeatures(part, bits), weight, bias)));
    let best = p(ws);
    if (ws.length <= WINDOW_WORDS) return best;
    for (let i = 0; i + WINDOW_WORDS / 2 < ws.length; i += WINDOW_WORDS / 2) {
        const q = p(ws.slice(i, i + WINDOW_WORDS));
        if (q >= WINDOW_ALARM) best = Math.max(best, q);
    }
    return best;
}

/** How likely the model finds that the text describes acute danger, 0 to 1. */
export function dangerProbability(text: string): number {
    return windowedProbability(text, DANGER_MODEL.bits, (i) => WEIGHTS[i] * DANGER_MODEL.scale, DANGER_MODEL.bias);
}
