/**
 * `npm run train:questions [-- --cv | --fresh=<set>]`: trains the question model (bot/knowledge/questionModel.ts)
 * on the content's example questions and the tuning question sets, and writes bot/knowledge/questionModel.json.
 * The held-out sets are never read.
 *
 * - `--cv`: leave one writer's set out at a time and print the model's own top-1, top-3 and off-topic on it.
 * - `--fresh=<set>`: train without that set and score the whole bot on it (`kb.ask`, as bench:qa does) with and
 *   without the model: how a new writer's set is scored at first sight. Writes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONTENT_DIR, KnowledgeBase } from '../../bot/knowledge/knowledgeBase';
import { loadKnowledgeContent } from '../../bot/knowledge/knowledgeLoader';
import { classProbabilities, OFF_TOPIC, QuestionModel, type QuestionModelFile } from '../../bot/knowledge/questionModel';
import { encodeWeights, textFeatures } from '../../bot/knowledge/textFeatures';
import { EVAL_SET_NAMES, isHeldOutSet, loadEvalSet, scoreEvalSet, type EvalSet } from './evalSet';
import { digest, heldOutTexts, sameText, seeded, shuffle } from './modelTraining';

const BITS = 14;
const EPOCHS = 15;
const LEARNING_RATE = 0.5;
const OUT = path.join(__dirname, '../../bot/knowledge/questionModel.json');

export const QUESTION_TRAINING_SETS = EVAL_SET_NAMES.filter((n) => !isHeldOutSet(n));

interface Example {
    text: string;
    x: number[];
    /** Classes that are equally right. */
    y: number[];
}

interface Corpus {
    classes: string[];
    base: Example[];
    sets: { set: EvalSet; examples: Example[] }[];
}

function corpus(): Corpus {
    const content = loadKnowledgeContent(DEFAULT_CONTENT_DIR);
    const classes = [...content.entries.map((e) => e.id), OFF_TOPIC];
    const index = new Map(classes.map((id, i) => [id, i]));
    const heldOut = heldOutTexts();
    const example = (text: string, ids: readonly string[]): Example | undefined => {
        if (heldOut.has(sameText(text))) return undefined;
        const y = ids.map((id) => index.get(id)).filter((k): k is number => k !== undefined);
        return y.length === 0 ? undefined : { text, x: textFeatures(text, BITS), y };
    };
    const base = content.entries.flatMap((e) => [e.title, ...e.questions].map((q) => example(q, [e.id]))).filter((e): e is Example => e !== undefined);
    const sets = QUESTION_TRAINING_SETS.map((name) => {
        const set = loadEvalSet(name);
        const examples = [...set.questions.map((q) => example(q.vraag, q.verwacht)), ...set.offTopic.map((t) => example(t, [OFF_TOPIC]))].filter((e): e is Example => e !== undefined);
        return { set, examples };
    });
    return { classes, base, sets };
}

function train(classes: number, data: readonly Example[]): Float32Array {
    const w = new Float32Array((1 << BITS) * classes);
    const random = seeded(20261202);
    const order = data.map((_, i) => i);
    for (let epoch = 0; epoch < EPOCHS; epoch += 1) {
        shuffle(order, random);
        for (const i of order) {
            const { x, y } = data[i];
            const p = classProbabilities(x, classes, (j) => w[j]);
            const s = LEARNING_RATE / Math.sqrt(Math.max(1, x.length));
            for (let k = 0; k < classes; k += 1) {
                const g = (p[k] - (y.includes(k) ? 1 / y.length : 0)) * s;
                if (Math.abs(g) < 1e-7) continue;
                for (const f of x) w[f * classes + k] -= g;
            }
        }
    }
    return w;
}

function fileOf(c: Corpus, w: Float32Array, trainedOn: readonly { set: EvalSet; examples: Example[] }[]): QuestionModelFile {
    const { weights, scale } = encodeWeights(w);
    const labelled = [...c.base, ...trainedOn.flatMap((s) => s.examples)].map((e) => [e.y.map((k) => c.classes[k]).join('|'), e.text] as const);
    return { bits: BITS, classes: c.classes, scale, weights, corpus: digest(labelled), trainedOn: trainedOn.map((s) => s.set.name) };
}

/** Every text the model is trained on (a test checks none is a held-out text). */
export function questionTrainingTexts(): string[] {
    const c = corpus();
    return [...c.base, ...c.sets.flatMap((s) => s.examples)].map((e) => e.text);
}

/** The digest the model file must carry for the sets and content as they are now (a test compares the two). */
export function currentQuestionCorpus(): string {
    const c = corpus();
    return digest([...c.base, ...c.sets.flatMap((s) => s.examples)].map((e) => [e.y.map((k) => c.classes[k]).join('|'), e.text] as const));
}

const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)} %`;

function main(): void {
    const arg = process.argv.slice(2);
    const c = corpus();
    const fresh = arg.find((a) => a.startsWith('--fresh='))?.slice('--fresh='.length);
    if (arg.includes('--cv')) {
        let n = 0;
        let top1 = 0;
        let top3 = 0;
        let off = 0;
        let offRight = 0;
        for (const out of c.sets) {
            const model = new QuestionModel(fileOf(c, train(c.classes.length, [...c.base, ...c.sets.filter((s) => s !== out).flatMap((s) => s.examples)]), []));
            let a1 = 0;
            let a3 = 0;
            for (const q of out.set.questions) {
                const g = model.guess(q.vraag, 0).map((h) => h.id);
                if (q.verwacht.includes(g[0])) a1 += 1;
                if (g.slice(0, 3).some((id) => q.verwacht.includes(id))) a3 += 1;
            }
            const o = out.set.offTopic.filter((t) => model.guess(t, 0)[0].id === OFF_TOPIC).length;
            n += out.set.questions.length;
            top1 += a1;
            top3 += a3;
            off += out.set.offTopic.length;
            offRight += o;
            console.log(`${out.set.name.padEnd(6)} top-1 ${pct(a1, out.set.questions.length)}, top-3 ${pct(a3, out.set.questions.length)}, off-topic ${pct(o, out.set.offTopic.length)}`);
        }
        console.log(`all    top-1 ${pct(top1, n)}, top-3 ${pct(top3, n)}, off-topic ${pct(offRight, off)}`);
        return;
    }
    if (fresh !== undefined) {
        const out = c.sets.find((s) => s.set.name === fresh);
        if (out === undefined) throw new Error(`--fresh=${fresh}: not a tuning question set`);
        const rest = c.sets.filter((s) => s !== out);
        const model = new QuestionModel(fileOf(c, train(c.classes.length, [...c.base, ...rest.flatMap((s) => s.examples)]), rest));
        const content = loadKnowledgeContent(DEFAULT_CONTENT_DIR);
        for (const [label, kb] of [['search alone', new KnowledgeBase(content, {}, null)], ['with the model', new KnowledgeBase(content, {}, model)]] as const) {
            const s = scoreEvalSet(kb, out.set);
            console.log(`${out.set.name} ${label}: top-1 ${pct(s.top1, 1)}, top-3 ${pct(s.top3, 1)}, off-topic declined ${pct(s.offTopicDeclined, 1)}, confidently wrong ${pct(s.confidentWrong, 1)}`);
            if (arg.includes('--show')) for (const f of s.failures) console.log(`    ${f}`);
        }
        return;
    }
    const file = fileOf(c, train(c.classes.length, [...c.base, ...c.sets.flatMap((s) => s.examples)]), c.sets);
    fs.writeFileSync(OUT, `${JSON.stringify(file)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${c.base.length + c.sets.reduce((k, s) => k + s.examples.length, 0)} questions, ${c.classes.length} classes`);
}

if (require.main === module) main();
