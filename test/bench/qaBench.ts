/**
 * Knowledge benchmark: accuracy on the evaluation questions, the safety sets, contact numbers,
 * and time per question (also for the longest inputs a colleague can paste).
 * Run with `npm run bench:qa`; `--verbose` lists the tuning set's misses. The held-out misses are
 * never printed unless `--verbose-heldout` is given, so nobody tunes on them by accident.
 * `--tuning-only` leaves the held-out sets out entirely (not loaded, scored, timed or printed):
 * the run for whoever works on the search.
 */
import { performance } from 'node:perf_hooks';
import { loadKnowledgeBase } from '../../bot/knowledge/knowledgeBase';
import { MAX_MESSAGE_CHARS } from '../../bot/knowledge/textLimits';
import {
    EVAL_SET_NAMES,
    isHeldOutSet,
    foreignNumbers,
    loadEvalSet,
    loadSafetySet,
    SAFETY_SET_NAMES,
    scoreEvalSet,
    scoreSafetySet,
    type EvalScore,
    type EvalSet,
    type SafetyScore,
} from '../knowledge-eval/evalSet';

const verbose = process.argv.includes('--verbose');
const verboseHeldout = process.argv.includes('--verbose-heldout');
const tuningOnly = process.argv.includes('--tuning-only');
/** Every held-out set: written before tuning, never tuned on. The targets are measured on all of them together. */
const isHeldOut = isHeldOutSet;
const evalSetNames = EVAL_SET_NAMES.filter((n) => !(tuningOnly && isHeldOut(n)));
const safetySetNames = SAFETY_SET_NAMES.filter((n) => !(tuningOnly && isHeldOut(n)));
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const targets: string[] = [];
const target = (label: string, met: boolean, figure: string) => targets.push(`${met ? 'MET    ' : 'NOT MET'}  ${label}: ${figure}`);

function percentile(times: number[], p: number): number {
    const sorted = [...times].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function main(): void {
    const t0 = performance.now();
    const kb = loadKnowledgeBase();
    console.log(`Kennisbank geladen in ${(performance.now() - t0).toFixed(0)} ms: ${kb.content.entries.length} items, ${kb.content.contacts.length} contacten\n`);

    const sets: EvalSet[] = evalSetNames.map((n) => loadEvalSet(n));
    const heldOutQuestions: EvalScore[] = [];
    const heldOutSafety: SafetyScore[] = [];
    console.log('set       vragen  off-topic  top-1    top-3    afgewezen(on)  zeker-fout  off-topic afgewezen  situaties met route');
    for (const s of sets) {
        const r = scoreEvalSet(kb, s);
        console.log(
            `${r.name.padEnd(9)} ${String(r.questions).padStart(6)}  ${String(r.offTopic).padStart(9)}  ${pct(r.top1).padStart(7)}  ${pct(r.top3).padStart(7)}  ${pct(r.declinedOnTopic).padStart(13)}  ${pct(r.confidentWrong).padStart(10)}  ${pct(r.offTopicDeclined).padStart(19)}  ${pct(r.situationsRouted).padStart(8)} van ${r.situations}`,
        );
        if (isHeldOut(s.name)) heldOutQuestions.push(r);
        if (isHeldOut(s.name) ? verboseHeldout : verbose) for (const f of r.failures) console.log(`    ${f}`);
    }
    if (heldOutQuestions.length > 0) {
        const n = heldOutQuestions.reduce((sum, r) => sum + r.questions, 0);
        const off = heldOutQuestions.reduce((sum, r) => sum + r.offTopic, 0);
        const pooled = (f: (r: EvalScore) => number, of: (r: EvalScore) => number, total: number) => heldOutQuestions.reduce((sum, r) => sum + f(r) * of(r), 0) / total;
        const top1 = pooled((r) => r.top1, (r) => r.questions, n);
        const top3 = pooled((r) => r.top3, (r) => r.questions, n);
        const offDeclined = pooled((r) => r.offTopicDeclined, (r) => r.offTopic, off);
        const label = `held-out (${heldOutQuestions.map((r) => r.name).join(' + ')}: ${n} vragen, ${off} off-topic)`;
        console.log(`${label}: top-1 ${pct(top1)}, top-3 ${pct(top3)}, off-topic afgewezen ${pct(offDeclined)}`);
        target('held-out top-1 >= 92 %', top1 >= 0.92, pct(top1));
        target('held-out top-3 >= 98 %', top3 >= 0.98, pct(top3));
        target('held-out off-topic declined >= 95 %', offDeclined >= 0.95, pct(offDeclined));
    }

    console.log('\nveiligheid  acuut  geen-alarm  recall   valse alarmen');
    for (const name of safetySetNames) {
        const r = scoreSafetySet(kb, loadSafetySet(name));
        console.log(`${r.name.padEnd(10)} ${String(r.acute).padStart(6)}  ${String(r.calm).padStart(10)}  ${pct(r.recall).padStart(7)}  ${pct(r.falseAlarms).padStart(13)}`);
        if (isHeldOut(name)) heldOutSafety.push(r);
        if (isHeldOut(name) ? verboseHeldout : verbose) for (const f of r.failures) console.log(`    ${f}`);
    }
    if (heldOutSafety.length > 0) {
        const acute = heldOutSafety.reduce((sum, r) => sum + r.acute, 0);
        const calm = heldOutSafety.reduce((sum, r) => sum + r.calm, 0);
        const caught = Math.round(heldOutSafety.reduce((sum, r) => sum + r.recall * r.acute, 0));
        const alarms = Math.round(heldOutSafety.reduce((sum, r) => sum + r.falseAlarms * r.calm, 0));
        console.log(`held-out (${heldOutSafety.map((r) => r.name).join(' + ')}): acuut herkend ${caught}/${acute}, valse alarmen ${alarms}/${calm}`);
        target('held-out acute recall = 100 %', caught === acute, `${pct(caught / acute)} (${caught}/${acute})`);
        target('held-out false alarms <= 10 %', alarms / calm <= 0.1, `${pct(alarms / calm)} (${alarms}/${calm})`);
    }

    const questions = [...sets.flatMap((s) => s.questions.map((q) => q.vraag)), ...sets.flatMap((s) => s.offTopic)];
    const safety = safetySetNames.flatMap((n) => {
        const s = loadSafetySet(n);
        return [...s.acute, ...s.calm];
    });
    const all = [...questions, ...safety];
    const wrongNumbers = foreignNumbers(kb, all.map((q) => kb.ask(q)));
    console.log(`\nAntwoorden met een telefoonnummer dat niet in contacten.yaml staat: ${wrongNumbers.length}`);
    for (const w of wrongNumbers) console.log(`    ${w}`);
    target('answers with a number not in contacten.yaml = 0', wrongNumbers.length === 0, String(wrongNumbers.length));

    for (const q of all) kb.ask(q);
    const times: number[] = [];
    for (let round = 0; round < 10; round++) {
        for (const q of all) {
            const s = performance.now();
            kb.ask(q);
            times.push(performance.now() - s);
        }
    }
    const p99 = percentile(times, 0.99);
    console.log(`\nTijd per vraag (${times.length} metingen): mediaan ${percentile(times, 0.5).toFixed(3)} ms, p99 ${p99.toFixed(3)} ms, max ${times.reduce((m, t) => Math.max(m, t), 0).toFixed(3)} ms`);
    target('p99 per question < 5 ms', p99 < 5, `${p99.toFixed(3)} ms`);

    // The inputs that froze the bot before: one token as long as a Teams message, and a wall of words.
    const longInputs: [string, string][] = [
        [`één woord van ${MAX_MESSAGE_CHARS} tekens`, 'a'.repeat(MAX_MESSAGE_CHARS)],
        ['base64-blok', Buffer.from('x'.repeat((MAX_MESSAGE_CHARS * 3) / 4)).toString('base64')],
        ['5.000 woorden', Array.from({ length: 5000 }, (_, i) => ['mensenhandel', 'opgesloten', 'arbeidsuitbuting', `woord${i}`][i % 4]).join(' ')],
        ['lange link', `https://example.org/${'pad/'.repeat(6000)}`],
    ];
    for (const [label, text] of longInputs) {
        const runs: number[] = [];
        for (let i = 0; i < 5; i++) {
            const s = performance.now();
            kb.ask(text);
            runs.push(performance.now() - s);
        }
        const worst = Math.max(...runs);
        console.log(`Lange invoer, ${label}: slechtste van 5 ${worst.toFixed(1)} ms`);
        target(`${label} answered in < 50 ms`, worst < 50, `${worst.toFixed(1)} ms`);
    }

    console.log(tuningOnly ? '\nDoelen (zonder held-out: alleen nummers, tijd en lange invoer):' : '\nDoelen (held-out, nooit op getuned):');
    for (const t of targets) console.log(`  ${t}`);
}

main();
