import { decodeWeights, textFeatures } from './textFeatures';

/**
 * A linear classifier (softmax over word and letter n-grams, textFeatures.ts) that reads which entry
 * a question is about, or that it is not about the domain at all. Trained (`npm run train:questions`,
 * test/knowledge-eval/trainQuestionModel.ts) on the content's own example questions and the tuning
 * question sets, never on the held-out sets. The lexical search was tuned on its writers' wording;
 * left out one writer at a time, this model still found the right entry for some nine in ten, where
 * the search found four in five on a fresh writer (test/knowledge-eval/README.md). KnowledgeBase uses
 * both: the model when it is sure, the search for the rest.
 *
 * No weights are downloaded: the model is a JSON file in the repository, one signed byte per feature
 * and class.
 */

/** The class of questions the bot should decline. */
export const OFF_TOPIC = '(buiten het onderwerp)';

export interface QuestionModelFile {
    bits: number;
    /** Entry ids, and OFF_TOPIC. */
    classes: string[];
    /** weight = byte * scale; feature-major (feature f, class k at f * classes.length + k). */
    scale: number;
    weights: string;
    /** sha256 of the training questions and labels, so a test can tell the model is stale. */
    corpus: string;
    trainedOn: string[];
}

export interface ClassGuess {
    id: string;
    p: number;
}

/** Softmax of the class scores; the sum over features is divided by the root of their count, as in training. */
export function classProbabilities(features: readonly number[], classes: number, weight: (index: number) => number): Float64Array {
    const z = new Float64Array(classes);
    const s = 1 / Math.sqrt(Math.max(1, features.length));
    for (const f of features) for (let k = 0; k < classes; k += 1) z[k] += weight(f * classes + k) * s;
    let max = -Infinity;
    for (const v of z) max = Math.max(max, v);
    let sum = 0;
    for (let k = 0; k < classes; k += 1) {
        z[k] = Math.exp(z[k] - max);
        sum += z[k];
    }
    for (let k = 0; k < classes; k += 1) z[k] /= sum;
    return z;
}

export class QuestionModel {
    private readonly weights: Int8Array;

    constructor(private readonly file: QuestionModelFile) {
        this.weights = decodeWeights(file.weights, (1 << file.bits) * file.classes.length, 'questionModel.json');
    }

    get classes(): readonly string[] {
        return this.file.classes;
    }

    /** The classes by probability, best first; only those above `floor`. */
    guess(text: string, floor = 0.01): ClassGuess[] {
        const k = this.file.classes.length;
        const p = classProbabilities(textFeatures(text, this.file.bits), k, (i) => this.weights[i] * this.file.scale);
        const out: ClassGuess[] = [];
        for (let i = 0; i < k; i += 1) if (p[i] >= floor) out.push({ id: this.file.classes[i], p: p[i] });
        return out.sort((a, b) => b.p - a.p);
    }
}
