import model from './dangerModel.json';
import { decodeWeights, textFeatures } from './textFeatures';

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

/** How likely the model finds that the text describes acute danger, 0 to 1. */
export function dangerProbability(text: string): number {
    const z = dangerLogit(textFeatures(text, DANGER_MODEL.bits), (i) => WEIGHTS[i] * DANGER_MODEL.scale, DANGER_MODEL.bias);
    return 1 / (1 + Math.exp(-z));
}
