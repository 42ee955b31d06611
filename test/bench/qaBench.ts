/**
 * Knowledge search benchmark: accuracy on the evaluation questions and time per query.
 * Run with `npm run bench:qa` (add `--verbose` to list every miss).
 */
import { performance } from 'node:perf_hooks';
import { loadKnowledgeBase } from '../../bot/knowledge/knowledgeBase';
import { EVAL_SET_NAMES, loadEvalSet, scoreEvalSet, type EvalSet } from '../knowledge-eval/evalSet';

const verbose = process.argv.includes('--verbose');
// The held-out misses stay hidden unless asked for, so nobody tunes on them by accident.
const verboseHeldout = process.argv.includes('--verbose-heldout');
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

function main(): void {
    const t0 = performance.now();
    const kb = loadKnowledgeBase();
    const loadMs = performance.now() - t0;
    const sets: EvalSet[] = EVAL_SET_NAMES.map((n) => loadEvalSet(n));
    const all: EvalSet = {
        name: 'all',
        questions: sets.flatMap((s) => s.questions),
        offTopic: sets.flatMap((s) => s.offTopic),
    };

    console.log(`Kennisbank geladen in ${loadMs.toFixed(0)} ms: ${kb.content.entries.length} items, ${kb.content.contacts.length} contacten\n`);
    console.log('set       vragen  off-topic  top-1    top-3    afgewezen(on)  zeker-fout  off-topic afgewezen');
    for (const s of [...sets, all]) {
        const r = scoreEvalSet(kb, s);
        console.log(
            `${r.name.padEnd(9)} ${String(r.questions).padStart(6)}  ${String(r.offTopic).padStart(9)}  ${pct(r.top1).padStart(7)}  ${pct(r.top3).padStart(7)}  ${pct(r.declinedOnTopic).padStart(13)}  ${pct(r.confidentWrong).padStart(10)}  ${pct(r.offTopicDeclined).padStart(19)}`,
        );
        const show = s.name === 'heldout' ? verboseHeldout : verbose && s !== all;
        if (show) for (const f of r.failures) console.log(`    ${f}`);
    }

    const queries = [...all.questions.map((q) => q.vraag), ...all.offTopic];
    for (const q of queries) kb.ask(q);
    const rounds = 20;
    const times: number[] = [];
    for (let r = 0; r < rounds; r++) {
        for (const q of queries) {
            const s = performance.now();
            kb.ask(q);
            times.push(performance.now() - s);
        }
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))];
    console.log(`\nTijd per vraag (${times.length} metingen): mediaan ${at(0.5).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms, max ${times[times.length - 1].toFixed(3)} ms`);
}

main();
