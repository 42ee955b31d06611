import assert from 'node:assert/strict';
import { botAddedToTeam } from '../../support/activities';
import { cardText, cardsIn, type TestBot } from '../../support/botHarness';
import {
    ANNE,
    ILSE,
    JOOST,
    KIM,
    MONDAY_1000,
    SANNE_P,
    chat,
    executeData,
    lastText,
    movableClock,
    optIn,
    pressInChannel,
    pressPersonal,
    say,
    sayInChannel,
    startLearningBot,
} from './learningKit';

const CHANNEL = '19:kanaal-brummen@thread.tacv2';

function channelCards(bot: TestBot): Record<string, unknown>[] {
    return cardsIn(bot.connector.sentTo(CHANNEL));
}

function channelTexts(bot: TestBot): string[] {
    return bot.connector.sentTo(CHANNEL).map((a) => String(a.text ?? '')).filter(Boolean);
}

describe('learning: the quiz, campaigns and the Ambitie 3 figures', function () {
    this.timeout(60_000);
    let bot: TestBot;
    let clock: ReturnType<typeof movableClock>;

    beforeEach(async () => {
        clock = movableClock(MONDAY_1000);
        bot = await startLearningBot(clock.now);
        await bot.post(botAddedToTeam({ serviceUrl: bot.connector.url }));
    });
    afterEach(async () => bot.close());

    it('runs a quiz of five questions on one card, with the score and explanations at the end, and stores no score', async () => {
        await optIn(bot, ANNE, 'Brummen', 'handhaver');
        await say(bot, ANNE, 'quiz');
        let card = chat(bot, ANNE).cards.at(-1);
        assert.match(cardText(card), /vraag 1 van 5/);
        const first = executeData(card, 'A');
        for (let step = 0; step < 5; step++) {
            const data = executeData(card, 'A');
            assert.equal(Number(data.step), step);
            const answer = await pressPersonal(bot, ANNE, 'quiz.antwoord', data);
            assert.equal(answer.status, 200);
            card = answer.card;
            if (step < 4) {
                assert.match(answer.text, new RegExp(`vraag ${step + 2} van 5`));
                assert.match(answer.text, /Goed!|Niet goed\./, 'feedback on the previous answer');
            } else {
                assert.match(answer.text, /Je had \d van de 5 vragen goed/);
                assert.match(answer.text, /Je score bewaar ik niet/);
                assert.ok(JSON.stringify(answer.card).includes('knowledge.entry'), 'links to knowledge entries');
            }
        }
        // The role's own question came first.
        const firstText = cardText(chat(bot, ANNE).cards.at(-1));
        const own = bot.app.learning.content.quiz.filter((q) => q.roles.includes('handhaver'));
        assert.ok(own.length > 0 && own.some((q) => firstText.includes(q.question)), 'a question for her role first');
        // An old step pressed again, or a forged run, changes nothing.
        const stale = await pressPersonal(bot, ANNE, 'quiz.antwoord', first);
        assert.match(stale.text, /niet meer de actuele/);
        const forged = await pressPersonal(bot, ANNE, 'quiz.antwoord', { runId: 'x', step: 0, choice: 0 });
        assert.match(forged.text, /niet meer de actuele/);
        assert.equal(await bot.app.learning.store.getQuiz(ANNE.aadObjectId), undefined, 'the run is removed at the end');
        const quizzes = (await bot.app.learning.store.counts(['2026-12'])).filter((c) => c.kind === 'quiz');
        assert.deepEqual(quizzes, [{ month: '2026-12', kind: 'quiz', municipality: 'Brummen' }]);
    });

    it('refuses a bad quiz choice and a quiz answer from a channel without changing the run', async () => {
        await say(bot, KIM, 'quiz');
        const card = chat(bot, KIM).cards.at(-1);
        const data = executeData(card, 'A');
        const before = await bot.app.learning.store.getQuiz(KIM.aadObjectId);
        const bad = await pressPersonal(bot, KIM, 'quiz.antwoord', { ...data, choice: 9 });
        assert.match(bad.text, /Die keuze hoort niet bij deze vraag/);
        const fromChannel = await pressInChannel(bot, KIM, 'quiz.antwoord', data);
        assert.match(fromChannel.text, /1-op-1-chat/);
        assert.deepEqual(await bot.app.learning.store.getQuiz(KIM.aadObjectId), before);
        await sayInChannel(bot, KIM, 'quiz');
        assert.match(channelTexts(bot).at(-1) ?? '', /1-op-1-chat/);
    });

    it('lets a coordinator send this week\'s case or a chosen one to the channel; each colleague sees their own feedback', async () => {
        await sayInChannel(bot, SANNE_P, 'campagne');
        const weekCard = channelCards(bot).at(-1);
        assert.match(cardText(weekCard), /Casus van de aandachtfunctionaris/);
        assert.match(cardText(weekCard), /alleen jij ziet de uitleg/);
        const pick = bot.app.learning.content.cases.find((c) => c.roles.includes('leerplicht'));
        assert.ok(pick);
        await sayInChannel(bot, SANNE_P, `campagne ${pick.id}`);
        const chosen = channelCards(bot).at(-1);
        assert.ok(cardText(chosen).includes(pick.title));
        const right = 'ABC'[pick.options.findIndex((o) => o.correct)] ?? 'A';
        const wrong = right === 'A' ? 'B' : 'A';
        const posted = channelCards(bot).length;
        // Kim answers in the channel: the invoke response is her card; nothing is posted to the channel.
        const kim = await pressInChannel(bot, KIM, 'leren.antwoord', executeData(chosen, wrong));
        assert.match(kim.text, new RegExp(`Je koos ${wrong}`));
        assert.ok(!JSON.stringify(kim.card).includes('Action.Submit'), 'no buttons that would answer in the channel');
        assert.match(kim.text, /Vraag het mij in je 1-op-1-chat/);
        const joost = await pressInChannel(bot, JOOST, 'leren.antwoord', executeData(chosen, right));
        assert.match(joost.text, new RegExp(`Goed gekozen: ${right}`));
        assert.equal(channelCards(bot).length, posted);
    });

    it('refuses a campaign from a colleague who is no coordinator, an unknown case and one typed in the 1:1 chat; nothing is posted', async () => {
        await sayInChannel(bot, KIM, 'campagne');
        assert.match(channelTexts(bot).at(-1) ?? '', /alleen een aandachtfunctionaris/);
        await sayInChannel(bot, SANNE_P, 'campagne bestaat-niet');
        assert.match(channelTexts(bot).at(-1) ?? '', /Die casus ken ik niet/);
        await sayInChannel(bot, SANNE_P, `campagne ${'x'.repeat(5000)}`);
        assert.match(channelTexts(bot).at(-1) ?? '', /Die casus ken ik niet/);
        await sayInChannel(bot, SANNE_P, 'campagne balie nagelstudio');
        assert.match(channelTexts(bot).at(-1) ?? '', /Die casus ken ik niet/);
        await say(bot, SANNE_P, 'campagne');
        assert.match(lastText(bot, SANNE_P), /vanuit het teamkanaal/);
        assert.equal(channelCards(bot).filter((c) => /Casus van de aandachtfunctionaris/.test(cardText(c))).length, 0);
    });

    it('shows the figures per municipality and month after the overview: exact for a single municipality, "< 5" regionally', async () => {
        for (const [who, m] of [[ANNE, 'Brummen'], [KIM, 'Brummen'], [JOOST, 'Lochem']] as const) await optIn(bot, who, m);
        await bot.app.learning.weekly.runDue();
        await bot.app.learning.outbox.drainOnce();
        await say(bot, SANNE_P, 'overzicht');
        const sanne = chat(bot, SANNE_P).cards.map(cardText).find((t) => t.startsWith('Bewustwording'));
        assert.ok(sanne, 'the figures card comes with the overview');
        assert.match(sanne, /2026-12\nBrummen\n2\n0\n0/, 'exact for her own municipality');
        assert.doesNotMatch(sanne, /Lochem/, 'only her municipality');
        await say(bot, ILSE, 'overzicht');
        const ilse = chat(bot, ILSE).cards.map(cardText).find((t) => t.startsWith('Bewustwording'));
        assert.ok(ilse);
        assert.match(ilse, /2026-12\nBrummen\n< 5\n< 5\n< 5/);
        assert.match(ilse, /2026-12\nLochem\n< 5/);
        assert.doesNotMatch(ilse, /\n[1-4]\n/, 'no small number shows');
        // A colleague who may not see the overview gets no figures either.
        await say(bot, KIM, 'overzicht');
        assert.ok(!chat(bot, KIM).cards.map(cardText).some((t) => t.startsWith('Bewustwording')));
    });
});
