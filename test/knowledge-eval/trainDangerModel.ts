/**
 * `npm run train:danger [-- --cv | --fresh=<set>]`: trains the danger model (bot/knowledge/dangerModel.ts)
 * on the tuning safety sets and writes bot/knowledge/dangerModel.json. The held-out sets are never read.
 *
 * - `--cv`: leave one writer's set out at a time and print recall and false alarms on it: what the model
 *   does on wording it has not seen, the honest figure for choosing the features. It also prints how many
 *   false alarms and acute messages a firm cue raises below each low p (`--show-veto` lists them at 0.02):
 *   what letting the model overrule a firm cue would cost.
 * - `--fresh=<set>`: train without that set and score it, beside the cue detector alone: how a new writer's
 *   set is scored at first sight, before it is trained on. Writes nothing.
 *
 * Training is deterministic (a seeded shuffle), so the same sets give the same file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONTENT_DIR } from '../../bot/knowledge/knowledgeBase';
import { loadKnowledgeContent } from '../../bot/knowledge/knowledgeLoader';
import { dangerLogit as logit, windowedProbability, type DangerModelFile } from '../../bot/knowledge/dangerModel';
import { encodeWeights, textFeatures } from '../../bot/knowledge/textFeatures';
import { countWords, cueDanger, dangerFlags, dangerVerdict, MODEL_ALARM } from '../../bot/knowledge/dangerDetector';
import { digest, heldOutTexts, sameText, seeded, shuffle } from './modelTraining';
import { EVAL_SET_NAMES, isHeldOutSet, loadEvalSet, loadSafetySet, SAFETY_SET_NAMES, type SafetySet } from './evalSet';

const BITS = 16;
const EPOCHS = 30;
const LEARNING_RATE = 1;
const L2 = 1e-6;
const OUT = path.join(__dirname, '../../bot/knowledge/dangerModel.json');

interface Example {
    x: number[];
    y: 0 | 1;
    /** The question sets count less than the stories: there are many of them, and all calm. */
    weight: number;
}
const QUESTION_WEIGHT = 0.5;
const BIAS_RATE = 1;
const RUNS = 3;

export const TRAINING_SETS = SAFETY_SET_NAMES.filter((n) => !isHeldOutSet(n));
/** Entries whose questions are about danger: they are left out. */
const DANGER_ENTRIES = new Set(['acuut-gevaar', 'alarmnummer-112']);

/**
 * The question sets' questions and off-topic messages, as one more calm set: the bot reads every
 * question for danger, and without these the model had only seen stories, not "adres gemeentehuis".
 */
/**
 * The knowledge content's example questions, summaries and paragraphs: calm writing about exploitation,
 * violence and coercion as concepts, and the way colleagues ask about them.
 */
function contentAsCalm(): SafetySet {
    const content = loadKnowledgeContent(DEFAULT_CONTENT_DIR);
    const calm: string[] = [];
    for (const entry of content.entries) {
        if (DANGER_ENTRIES.has(entry.id)) continue;
        calm.push(...entry.questions, entry.summary);
        for (const paragraph of entry.text.split(/\n\s*\n/)) if (paragraph.length >= 30) calm.push(paragraph);
    }
    return { name: 'vragen-inhoud', acute: [], calm };
}

/**
 * The question sets as calm sets: every question and off-topic message, except those for the acute-danger
 * entry, which are neither (some are stories of danger now, some ask when to call 112).
 */
function questionsAsSafety(): SafetySet[] {
    return EVAL_SET_NAMES.filter((n) => !isHeldOutSet(n)).map((name) => {
        const set = loadEvalSet(name);
        const danger = (q: { verwacht: string[] }) => q.verwacht.some((id) => DANGER_ENTRIES.has(id));
        return {
            name: `vragen-${name}`,
            acute: [],
            calm: [...set.questions.filter((q) => !danger(q)).map((q) => q.vraag), ...set.offTopic],
        };
    });
}

function examples(sets: readonly SafetySet[]): Example[] {
    return sets.flatMap((s) => {
        const weight = s.name.startsWith('vragen-') ? QUESTION_WEIGHT : 1;
        return [...s.acute.map((t) => ({ x: textFeatures(t, BITS), y: 1 as const, weight })), ...s.calm.map((t) => ({ x: textFeatures(t, BITS), y: 0 as const, weight }))];
    });
}

/** One pass of stochastic gradient descent per epoch, in a shuffled order drawn from `seed`. */
function trainOnce(data: readonly Example[], seed: number): { w: Float64Array; bias: number } {
    const w = new Float64Array(1 << BITS);
    let bias = 0;
    const random = seeded(seed);
    const order = data.map((_, i) => i);
    for (let epoch = 0; epoch < EPOCHS; epoch += 1) {
        shuffle(order, random);
        for (const i of order) {
            const { x, y, weight } = data[i];
            const p = 1 / (1 + Math.exp(-logit(x, (k) => w[k], bias)));
            const g = (p - y) * LEARNING_RATE * weight;
            const perFeature = g / Math.sqrt(Math.max(1, x.length));
            for (const k of x) w[k] -= perFeature + L2 * w[k];
            bias -= g * BIAS_RATE;
        }
    }
    return { w, bias };
}

/**
 * The mean of models trained in different orders. The model is linear, so the mean of their weights
 * is the mean of their logits: one model of the same size that depends less on the order it saw.
 */
function train(data: readonly Example[]): { w: Float64Array; bias: number } {
    const w = new Float64Array(1 << BITS);
    let bias = 0;
    for (let r = 0; r < RUNS; r += 1) {
        const m = trainOnce(data, 20261202 + r);
        for (let k = 0; k < w.length; k += 1) w[k] += m.w[k] / RUNS;
        bias += m.bias / RUNS;
    }
    return { w, bias };
}

/** What the model is trained on: the tuning safety sets (stories), and the question sets and content as calm. */
function trainingSets(): { stories: SafetySet[]; questions: SafetySet[] } {
    const heldOut = heldOutTexts();
    const keep = (s: SafetySet): SafetySet => ({ ...s, acute: s.acute.filter((t) => !heldOut.has(sameText(t))), calm: s.calm.filter((t) => !heldOut.has(sameText(t))) });
    return { stories: TRAINING_SETS.map((n) => keep(loadSafetySet(n))), questions: [...questionsAsSafety(), contentAsCalm()].map(keep) };
}

/** Every text the model is trained on (a test checks none is a held-out text). */
export function dangerTrainingTexts(): string[] {
    const { stories, questions } = trainingSets();
    return [...stories, ...questions].flatMap((s) => [...s.acute, ...s.calm]);
}

/** The digest the model file must carry for the sets as they are now (a test compares the two). */
export function currentDangerCorpus(): string {
    const { stories, questions } = trainingSets();
    return corpusDigest([...stories, ...questions]);
}

export function corpusDigest(sets: readonly SafetySet[]): string {
    return digest(sets.flatMap((s) => [...s.acute.map((t) => ['1', t] as const), ...s.calm.map((t) => ['0', t] as const)]));
}

const probability = (m: { w: Float64Array; bias: number }, text: string) => windowedProbability(text, BITS, (k) => m.w[k], m.bias);
const THRESHOLDS = [0.2, 0.3, 0.4, 0.5];

function score(m: { w: Float64Array; bias: number }, s: SafetySet): { acute: number[]; calm: number[] } {
    return { acute: s.acute.map((t) => probability(m, t)), calm: s.calm.map((t) => probability(m, t)) };
}

function main(): void {
    const arg = process.argv.slice(2);
    const fresh = arg.find((a) => a.startsWith('--fresh='))?.slice('--fresh='.length);
    const { stories, questions } = trainingSets();
    const sets = [...stories, ...questions];
    if (arg.includes('--cv')) {
        // Fold k leaves out one writer's safety set and one question set: wording the model has not seen.
        const sum = THRESHOLDS.map(() => ({ hit: 0, alarm: 0, asked: 0 }));
        let acute = 0;
        let calm = 0;
        let asked = 0;
        // Out-of-fold p of every message a firm cue calls acute: where the model could overrule a firm cue.
        const firmCued: { p: number; acute: boolean; text: string }[] = [];
        stories.forEach((out, k) => {
            const outQuestions = questions[k % questions.length];
            const m = train(examples(sets.filter((s) => s !== out && s !== outQuestions)));
            const p = score(m, out);
            const q = outQuestions.calm.map((t) => probability(m, t));
            const firmly = (t: string) => { const f = dangerFlags(t); return f.acute && f.firm; };
            out.acute.forEach((t, i) => { if (firmly(t)) firmCued.push({ p: p.acute[i], acute: true, text: t }); });
            out.calm.forEach((t, i) => { if (firmly(t)) firmCued.push({ p: p.calm[i], acute: false, text: t }); });
            acute += p.acute.length;
            calm += p.calm.length;
            asked += q.length;
            const cells = THRESHOLDS.map((th, i) => {
                const hit = p.acute.filter((v) => v >= th).length;
                const alarm = p.calm.filter((v) => v >= th).length;
                const qAlarm = q.filter((v) => v >= th).length;
                sum[i].hit += hit;
                sum[i].alarm += alarm;
                sum[i].asked += qAlarm;
                return `${th}: ${hit}/${p.acute.length}, ${alarm}/${p.calm.length}, ${qAlarm}/${q.length}`;
            });
            console.log(`${out.name.padEnd(8)} ${cells.join(' | ')}`);
            if (arg.includes('--show')) out.acute.forEach((t, i) => { if (p.acute[i] < THRESHOLDS[0]) console.log(`   miss ${p.acute[i].toFixed(2)} ${cueDanger(t) ? 'cues' : '    '} ${t}`); });
        });
        for (const veto of [0.005, 0.01, 0.02, 0.03, 0.05]) {
            const below = firmCued.filter((x) => x.p < veto);
            if (arg.includes('--show-veto') && veto === 0.02) below.forEach((x) => console.log(`   ${x.acute ? 'LOST ' : 'gone '} ${x.p.toFixed(4)} ${x.text.slice(0, 140)}`));
            console.log(`firm cue overruled below ${veto}: ${below.filter((x) => !x.acute).length} false alarms of ${firmCued.filter((x) => !x.acute).length} gone, ${below.filter((x) => x.acute).length} acute of ${firmCued.filter((x) => x.acute).length} lost`);
        }
        for (const [i, th] of THRESHOLDS.entries()) {
            console.log(`all >= ${th}: recall ${((100 * sum[i].hit) / acute).toFixed(1)} %, false alarms ${((100 * sum[i].alarm) / calm).toFixed(1)} % of stories, ${((100 * sum[i].asked) / asked).toFixed(1)} % of questions`);
        }
        return;
    }
    if (fresh !== undefined) {
        const out = sets.find((s) => s.name === fresh);
        if (out === undefined) throw new Error(`--fresh=${fresh}: not a tuning safety set`);
        const m = train(examples(sets.filter((s) => s !== out)));
        const p = score(m, out);
        console.log(`${out.name}: cues alone ${out.acute.filter((t) => cueDanger(t)).length}/${out.acute.length} acute, ${out.calm.filter((t) => cueDanger(t)).length}/${out.calm.length} false alarms`);
        if (arg.includes('--by-length')) {
            const len = (t: string) => t.split(/\s+/).length;
            for (const [lo, hi] of [[0, 5], [6, 10], [11, 20], [21, 1000]]) {
                const a = p.acute.filter((_, i) => len(out.acute[i]) >= lo && len(out.acute[i]) <= hi);
                const c = p.calm.filter((_, i) => len(out.calm[i]) >= lo && len(out.calm[i]) <= hi);
                console.log(`  words ${lo}-${hi}: ` + [0.3, 0.5, 0.7, 0.8, 0.9].map((th) => `>= ${th}: ${a.filter((v) => v >= th).length}/${a.length}, ${c.filter((v) => v >= th).length}/${c.length}`).join(' | '));
            }
        }
        const verdict = (ps: number[], texts: string[]) => ps.filter((v, i) => dangerVerdict(v, dangerFlags(texts[i]), countWords(texts[i]))).length;
        console.log(`  model >= ${MODEL_ALARM} alone: ${p.acute.filter((v) => v >= MODEL_ALARM).length}/${out.acute.length} acute, ${p.calm.filter((v) => v >= MODEL_ALARM).length}/${out.calm.length} false alarms`);
        console.log(`  the detector (model and cues, assessDanger): ${verdict(p.acute, out.acute)}/${out.acute.length} acute, ${verdict(p.calm, out.calm)}/${out.calm.length} false alarms`);
        if (arg.includes('--show')) {
            out.acute.forEach((t, i) => {
                if (!dangerVerdict(p.acute[i], dangerFlags(t), countWords(t))) console.log(`   miss ${p.acute[i].toFixed(3)} ${t}`);
            });
            out.calm.forEach((t, i) => {
                if (dangerVerdict(p.calm[i], dangerFlags(t), countWords(t))) console.log(`   false alarm ${p.calm[i].toFixed(3)} ${t}`);
            });
        }
        return;
    }
    const m = train(examples(sets));
    const { weights, scale } = encodeWeights(m.w);
    const file: DangerModelFile = {
        bits: BITS,
        scale,
        bias: m.bias,
        weights,
        corpus: corpusDigest(sets),
        trainedOn: sets.map((s) => s.name),
    };
    fs.writeFileSync(OUT, `${JSON.stringify(file, null, 1)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${sets.reduce((n, s) => n + s.acute.length + s.calm.length, 0)} messages from ${sets.length} sets`);
}

if (require.main === module) main();
