import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { dangerVerdict, MODEL_ALARM, MODEL_ALARM_SHORT, MODEL_SURE, MODEL_VETO, SHORT_WORDS } from '../../../bot/knowledge/dangerDetector';
import { DANGER_MODEL, dangerProbability } from '../../../bot/knowledge/dangerModel';
import { assessDanger } from '../../../bot/knowledge/dangerDetector';
import { classProbabilities, OFF_TOPIC, QuestionModel } from '../../../bot/knowledge/questionModel';
import questionModelFile from '../../../bot/knowledge/questionModel.json';
import { MAX_MODEL_WORDS, modelWords, positionFeatures, textFeatures, windowFeatures, wordFeatures } from '../../../bot/knowledge/textFeatures';
import { loadKnowledgeBase } from '../../../bot/knowledge/knowledgeBase';
import { HELD_OUT_SETS, isHeldOutSet, loadEvalSet, loadSafetySet } from '../../knowledge-eval/evalSet';
import { currentDangerCorpus, dangerTrainingTexts } from '../../knowledge-eval/trainDangerModel';
import { currentQuestionCorpus, questionTrainingTexts } from '../../knowledge-eval/trainQuestionModel';

describe('the trained danger and question models', () => {
    it('reads a long description in windows too, so one clause of danger is not averaged away', () => {
        const calm = 'Bij de controle zagen we acht matrassen in de schuur, de werkgever was vriendelijk en liet alle contracten zien, de mensen zeiden dat ze het naar hun zin hebben en dat ze volgende maand naar huis gaan.';
        const clause = ' Toen we weggingen fluisterde een van hen dat de baas hen vannacht opsluit in de container en dat hij hem net heeft geslagen.';
        assert.ok(dangerProbability(calm + clause) > dangerProbability(calm), 'the clause raises it');
        assert.ok(dangerProbability(calm + clause) >= MODEL_ALARM, 'enough for the alarm');
    });

    it('were trained on the sets as they are now, never on a held-out set (else: npm run train:danger / train:questions)', () => {
        assert.equal(DANGER_MODEL.corpus, currentDangerCorpus(), 'dangerModel.json is stale: run npm run train:danger');
        assert.equal(questionModelFile.corpus, currentQuestionCorpus(), 'questionModel.json is stale: run npm run train:questions');
        for (const name of [...DANGER_MODEL.trainedOn, ...questionModelFile.trainedOn]) assert.equal(isHeldOutSet(name), false, name);
    }).timeout(20000);

    it('shares no text with a held-out set (counted, never printed)', () => {
        const training = new Set([...dangerTrainingTexts(), ...questionTrainingTexts()].map((t) => t.trim().toLowerCase()));
        let shared = 0;
        for (const name of HELD_OUT_SETS) {
            const q = loadEvalSet(name);
            const safety = loadSafetySet(name);
            for (const t of [...q.questions.map((x) => x.vraag), ...q.offTopic, ...safety.acute, ...safety.calm]) if (training.has(t.trim().toLowerCase())) shared += 1;
        }
        assert.equal(shared, 0, `${shared} held-out texts are also training texts`);
    }).timeout(20000);

    it('hears danger in the last line of a long message, after word 600', () => {
        const calm = Array.from({ length: 120 }, () => 'Bij de controle was alles rustig en de werkgever liet de contracten zien.').join(' ');
        assert.ok(calm.split(' ').length > 1000);
        assert.equal(assessDanger(calm).acute, false);
        assert.equal(assessDanger(`${calm} Ze belde net: hij heeft haar opgesloten in de kelder en ze krijgt geen lucht.`).acute, true);
    });

    it('lets no model overrule a child in danger now, in English too', () => {
        for (const m of ['my daughter is missing since this morning', 'my son of 14 is missing', 'mijn dochter van 13 is sinds vanochtend vermist']) {
            assert.equal(assessDanger(m).acute, true, m);
        }
    });

    it('reads a window from per-word features exactly as the features of those words alone', () => {
        const ws = modelWords('de man zegt dat ze vannacht weer in de container moet slapen en dat hij de sleutel heeft, ze durft niets te zeggen');
        const pf = positionFeatures(ws, 16);
        const seen = new Int32Array(1 << 16);
        for (const [from, to] of [[0, ws.length], [3, 9], [10, ws.length], [0, 1]] as const) {
            const fromWindow = windowFeatures(pf, from, to, seen, from * 100 + to).sort((a, b) => a - b);
            assert.deepEqual(fromWindow, wordFeatures(ws.slice(from, to), 16).sort((a, b) => a - b), `${from}-${to}`);
        }
    });

    it('reads a fixed number of words, however long the text', () => {
        const long = Array.from({ length: 5000 }, (_, i) => `woord${i % 700}`).join(' ');
        assert.ok(textFeatures(long, 16).length <= MAX_MODEL_WORDS * 40, 'bounded feature count');
        const oneWord = 'a'.repeat(28_000);
        assert.deepEqual(textFeatures(oneWord, 16), [], 'an over-long word is no word');
        const t0 = performance.now();
        dangerProbability(long);
        new QuestionModel(questionModelFile).guess(long);
        // Generous: CI shares two cores; a stall (the old search took 264 s on one long word) is far above it.
        assert.ok(performance.now() - t0 < 1000, 'both models on 5,000 words');
    });

    it('gives each class a probability, best first, the classes summing to one', () => {
        const p = classProbabilities([1, 2, 3], 3, (i) => (i % 3 === 1 ? 1 : 0));
        assert.ok(Math.abs(p[0] + p[1] + p[2] - 1) < 1e-9);
        assert.ok(p[1] > p[0] && p[1] > p[2]);
        const guesses = new QuestionModel(questionModelFile).guess('tel nr veilig thuis', 0);
        assert.equal(guesses.length, questionModelFile.classes.length);
        for (let i = 1; i < guesses.length; i++) assert.ok(guesses[i - 1].p >= guesses[i].p);
        assert.ok(questionModelFile.classes.includes(OFF_TOPIC));
    });

    it('raises the alarm as the verdict says: the model, a strong cue always, a weak cue unless the model is sure of calm', () => {
        const none = { acute: false, firm: false, saidCalm: false };
        const strong = { acute: true, firm: true, saidCalm: false };
        const weak = { acute: true, firm: false, saidCalm: false };
        const over = { acute: false, firm: false, saidCalm: true };
        const long = SHORT_WORDS + 1;
        assert.equal(dangerVerdict(MODEL_ALARM, none, long), true);
        assert.equal(dangerVerdict(MODEL_ALARM - 0.01, none, long), false);
        assert.equal(dangerVerdict(MODEL_ALARM, none, SHORT_WORDS), MODEL_ALARM >= MODEL_ALARM_SHORT, 'a short message needs more');
        assert.equal(dangerVerdict(MODEL_ALARM_SHORT, none, SHORT_WORDS), true);
        assert.equal(dangerVerdict(0, strong, 3), true, 'ik wil dood: the cue is enough, however sure the model is of calm');
        assert.equal(dangerVerdict(MODEL_VETO, weak, long), false, 'the model sure of calm overrules a weak cue');
        assert.equal(dangerVerdict(MODEL_VETO + 0.01, weak, long), true);
        assert.equal(dangerVerdict(MODEL_SURE - 0.01, over, long), false, 'vorig jaar: the cues read it as over');
        assert.equal(dangerVerdict(MODEL_SURE, over, long), true, 'unless the model is sure');
    });
});

describe('KnowledgeBase with the question model', () => {
    const kb = loadKnowledgeBase();

    it('does not answer a message without a single content word', () => {
        for (const m of ['mag dat', 'wat moet ik doen', 'waar kan ik terecht', 'wat nu']) {
            const a = kb.ask(m);
            assert.ok(a.kind === 'noMatch' || a.acuteDanger, `${m}: ${a.kind === 'answer' ? a.entry.id : 'noMatch'}`);
            if (a.kind === 'answer' && a.entry.id === 'acuut-gevaar') assert.equal(a.acuteDanger, true, `${m}: the acute entry only with the banner`);
        }
    });

    it('turns the model\'s pick to the side of a form the question asks for', () => {
        const signs = kb.ask('kenmerken criminele uitbuiting');
        assert.equal(signs.kind === 'answer' && signs.entry.id, 'signalen-criminele-uitbuiting');
        const what = kb.ask('wat is criminele uitbuiting eigenlijk');
        assert.equal(what.kind === 'answer' && what.entry.id, 'criminele-uitbuiting');
    });

    it('declines what is not our domain but keeps what the search found as suggestions', () => {
        const a = kb.ask('hoe vraag ik een exploitatievergunning aan');
        if (a.kind === 'noMatch') assert.ok(a.suggestions.length > 0, 'the search found prostitutiebeleid or bibob');
        for (const m of ['hoe laat gaat de kantine open', 'ik wil een parkeervergunning', 'opvang katten']) assert.equal(kb.ask(m).kind, 'noMatch', m);
    });

    it('keeps the care entry for a rape with the 112 banner, and answers other danger with the acute-danger entry', () => {
        const rape = kb.ask('rape just happened, which centre');
        assert.equal(rape.acuteDanger, true);
        assert.equal(rape.kind === 'answer' && rape.entry.id, 'centrum-seksueel-geweld');
        const held = kb.ask('ze zit opgesloten in een kelder in zutphen, wat moet ik doen');
        assert.equal(held.kind === 'answer' && held.entry.id, 'acuut-gevaar');
    });
});
