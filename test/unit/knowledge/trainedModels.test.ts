import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { dangerVerdict, MODEL_ALARM, MODEL_ALARM_SHORT, MODEL_SURE, MODEL_VETO, SHORT_WORDS } from '../../../bot/knowledge/dangerDetector';
import { DANGER_MODEL, dangerProbability } from '../../../bot/knowledge/dangerModel';
import { classProbabilities, OFF_TOPIC, QuestionModel } from '../../../bot/knowledge/questionModel';
import questionModelFile from '../../../bot/knowledge/questionModel.json';
import { MAX_MODEL_WORDS, textFeatures } from '../../../bot/knowledge/textFeatures';
import { currentDangerCorpus } from '../../knowledge-eval/trainDangerModel';
import { currentQuestionCorpus } from '../../knowledge-eval/trainQuestionModel';

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
        for (const name of [...DANGER_MODEL.trainedOn, ...questionModelFile.trainedOn]) assert.doesNotMatch(name, /heldout/, name);
    }).timeout(20000);

    it('reads a fixed number of words, however long the text', () => {
        const long = Array.from({ length: 5000 }, (_, i) => `woord${i % 700}`).join(' ');
        assert.ok(textFeatures(long, 16).length <= MAX_MODEL_WORDS * 40, 'bounded feature count');
        const oneWord = 'a'.repeat(28_000);
        assert.deepEqual(textFeatures(oneWord, 16), [], 'an over-long word is no word');
        const t0 = performance.now();
        dangerProbability(long);
        new QuestionModel(questionModelFile).guess(long);
        assert.ok(performance.now() - t0 < 200, 'both models on 5,000 words');
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
        const none = { acute: false, strong: false, saidCalm: false };
        const strong = { acute: true, strong: true, saidCalm: false };
        const weak = { acute: true, strong: false, saidCalm: false };
        const over = { acute: false, strong: false, saidCalm: true };
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
