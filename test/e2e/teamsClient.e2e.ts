import assert from 'node:assert/strict';
import { PlaygroundChat, buttonTitles } from './support/playgroundChat';
import { prepareArtifacts, startStack, type Stack } from './support/stack';

/**
 * End to end in a Teams-like client nobody here wrote: the bot (real entry point, local mode), the
 * Microsoft 365 Agents Playground (Teams client + Bot Connector) and headless Chromium. A colleague,
 * Anne de Vries (from .m365agentsplayground.yml), uses the bot in her personal chat. Every step leaves a
 * screenshot in test-artifacts/e2e/. The steps depend on each other and run in order.
 */
describe('End to end in the Microsoft 365 Agents Playground (headless Chromium)', function () {
    this.timeout(180000);
    let stack: Stack;
    let chat: PlaygroundChat;
    const started = Date.now();

    before(async function () {
        this.timeout(120000);
        prepareArtifacts();
        stack = await startStack();
        chat = new PlaygroundChat(stack.page);
    });

    after(async function () {
        this.timeout(60000);
        if (chat && this.currentTest?.state === 'failed') await chat.screenshot('failure').catch(() => undefined);
        await stack?.stop();
        const t = stack?.timings ?? {};
        process.stdout.write(
            `      e2e timings: bot ready ${t.botReadyMs} ms, Playground ready ${t.playgroundReadyMs} ms, browser ready ${t.browserReadyMs} ms, ` +
                `UI loaded ${t.uiLoadedMs} ms, total ${Date.now() - started} ms\n`,
        );
    });

    afterEach(async function () {
        if (this.currentTest?.state === 'failed') await chat?.screenshot(`failed-${this.currentTest.title.slice(0, 40).replace(/\W+/g, '-')}`).catch(() => undefined);
    });

    it('shows the Dutch welcome card with the four menu buttons when the personal chat opens', async () => {
        await stack.page.goto(stack.playgroundUrl, { waitUntil: 'domcontentloaded' });
        const welcome = await chat.waitForCard(0, 'Welkom bij de Signaalbot Mensenhandel', 60000);
        stack.timings.uiLoadedMs = Date.now() - started;
        const text = await welcome.innerText();
        assert.match(text, /Deze bot helpt medewerkers van Brummen, Lochem, Voorst en Zutphen/);
        assert.match(text, /Bij acuut gevaar: bel direct 112\./);
        assert.deepEqual(await buttonTitles(welcome), ['Signaal melden', 'Vraag stellen', 'Waar meld ik dit?', 'Mijn meldingen']);
        await chat.screenshot('welcome');
    });

    it('answers a typed question with the matching knowledge card', async () => {
        const answer = await chat.say('Wat zijn signalen van arbeidsuitbuiting?', /Signalen van arbeidsuitbuiting|Dat begreep ik niet/);
        const text = await answer.innerText();
        assert.doesNotMatch(text, /Dat begreep ik niet/, 'the question must reach the knowledge base, not the fallback card');
        assert.match(text, /Signalen van arbeidsuitbuiting/);
        await chat.screenshot('question-answered');
    });

    it('walks the route wizard "Waar meld ik dit?" to its advice', async () => {
        const menu = await chat.say('menu', 'Welkom bij de Signaalbot Mensenhandel');
        const q1 = await chat.press(menu, 'Waar meld ik dit?', 'Is er nu direct gevaar?');
        assert.match(await q1.innerText(), /Vraag 1/);
        await chat.screenshot('wizard-question-1');
        const q2 = await chat.press(q1, 'Nee', 'Gaat je signaal over een persoon of over een plek?');
        const q3 = await chat.press(q2, 'Een plek (woning of bedrijf)', 'Welke vorm van uitbuiting vermoed je?');
        await chat.screenshot('wizard-question-3');
        const advice = await chat.press(q3, 'Arbeidsuitbuiting', 'Zo meld je dit');
        const text = await advice.innerText();
        assert.match(text, /Op basis van je antwoorden/);
        assert.ok((await buttonTitles(advice)).includes('Ook melden bij de aandachtfunctionaris'));
        await chat.screenshot('wizard-advice');
    });
});
