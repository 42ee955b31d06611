import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { PlaygroundChat, buttonTitles } from './support/playgroundChat';
import { prepareArtifacts, startStack, type Stack } from './support/stack';

/**
 * End to end in a Teams-like client nobody here wrote: the bot (real entry point, local mode), the
 * Microsoft 365 Agents Playground (Teams client + Bot Connector) and headless Chromium. A colleague,
 * Anne de Vries (from .m365agentsplayground.yml), uses the bot in her personal chat. Every step leaves a
 * screenshot in test-artifacts/e2e/. The steps depend on each other and run in order.
 */
/** Today as the Playground's date picker labels its day buttons: "28, November, 2026" (Amsterdam time). */
function todayLabel(): string {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric' }).formatToParts(new Date());
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('day')}, ${part('month')}, ${part('year')}`;
}

describe('End to end in the Microsoft 365 Agents Playground (headless Chromium)', function () {
    this.timeout(180000);
    let stack: Stack;
    let chat: PlaygroundChat;
    let advice: Locator;
    let reference = '';
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

    it('shows the Dutch welcome card with the menu buttons when the personal chat opens', async () => {
        await stack.page.goto(stack.playgroundUrl, { waitUntil: 'domcontentloaded' });
        const welcome = await chat.waitForCard('Welkom bij de Signaalbot Mensenhandel', 0, 60000);
        stack.timings.uiLoadedMs = Date.now() - started;
        const text = await welcome.innerText();
        assert.match(text, /Deze bot helpt medewerkers van Brummen, Lochem, Voorst en Zutphen/);
        assert.match(text, /Bij acuut gevaar: bel direct 112\./);
        assert.deepEqual(await buttonTitles(welcome), ['Signaal melden', 'Vraag stellen', 'Waar meld ik dit?', 'Mijn meldingen', 'Casus van de week']);
        await chat.screenshot('welcome');
    });

    it('answers a typed question with the matching knowledge card', async () => {
        const answer = await chat.say('Wat zijn signalen van arbeidsuitbuiting?', /Signalen van arbeidsuitbuiting|Dat begreep ik niet/);
        const text = await answer.innerText();
        assert.doesNotMatch(text, /Dat begreep ik niet/, 'the question must reach the knowledge base, not the fallback card');
        assert.match(text, /Signalen van arbeidsuitbuiting/);
        await chat.screenshot('question-answered');
    });

    it('answers a described situation with a route for what it understood', async () => {
        const card = await chat.say(
            'Bij een huisbezoek zag ik een meisje van 15 dat steeds wordt opgehaald door oudere mannen in een dure auto. Wat moet ik doen?',
            'Je beschrijft',
        );
        const text = await card.innerText();
        assert.match(text, /Je beschrijft een minderjarige, mogelijk seksuele uitbuiting/);
        assert.match(text, /Veilig Thuis/);
        assert.ok((await buttonTitles(card)).includes('Doe de vragenlijst'));
        await chat.screenshot('situation-answered', card);
    });

    it('puts 112 first for an acute message that starts with "help,"', async () => {
        const card = await chat.say('help, er zit een vrouw opgesloten in een container achter de loods', 'Is er nu direct gevaar? Bel 112.');
        const text = await card.innerText();
        assert.ok(text.indexOf('Bel 112') < text.indexOf('Acuut gevaar'), 'the 112 banner comes before the answer');
        assert.doesNotMatch(text, /geen goed antwoord/);
        await chat.screenshot('acute-danger-first', card);
    });

    it('walks the route wizard "Waar meld ik dit?" to its advice', async () => {
        const menu = await chat.say('menu', 'Welkom bij de Signaalbot Mensenhandel');
        const q1 = await chat.press(menu, 'Waar meld ik dit?', 'Is er nu direct gevaar?');
        assert.match(await q1.innerText(), /Vraag 1/);
        await chat.screenshot('wizard-question-1');
        const q2 = await chat.press(q1, 'Nee', 'Gaat je signaal over een persoon of over een plek?');
        const q3 = await chat.press(q2, 'Een plek (woning of bedrijf)', 'Welke vorm van uitbuiting vermoed je?');
        await chat.screenshot('wizard-question-3');
        const q4 = await chat.press(q3, 'Arbeidsuitbuiting', 'Wil jij anoniem blijven?');
        advice = await chat.press(q4, 'Nee', 'Zo meld je dit');
        const text = await advice.innerText();
        assert.match(text, /Op basis van je antwoorden/);
        assert.ok((await buttonTitles(advice)).includes('Ook melden bij de aandachtfunctionaris'));
        await chat.screenshot('wizard-advice', advice);
    });

    it('completes a report through the cards, starting from the wizard advice (form prefilled)', async () => {
        const page = stack.page;
        // The wizard already asked about acute danger ("Nee"), so the report opens at the form.
        const step1 = await chat.press(advice, 'Ook melden bij de aandachtfunctionaris', 'stap 1 van 2');
        assert.equal(await step1.getByRole('checkbox', { name: 'Arbeidsuitbuiting' }).isChecked(), true, 'the wizard answer is prefilled');
        await step1.getByRole('combobox', { name: /In welke gemeente/ }).click();
        await page.getByRole('option', { name: 'Brummen', exact: true }).click();
        await step1
            .getByRole('textbox', { name: /Wat heb je gezien of gehoord/ })
            .fill('Op het bedrijfsterrein aan de Industrieweg slapen zes werknemers in een loods. Ze werken elke dag van zes tot tien.');
        await step1.getByRole('textbox', { name: /Waar\? Adres of gebied/ }).fill('Industrieweg, Brummen');
        await step1.getByRole('combobox', { name: /Wanneer zag of hoorde je het/ }).click();
        await page.getByRole('dialog', { name: 'Calendar' }).getByRole('button', { name: todayLabel(), exact: true }).click();
        await step1.getByRole('combobox', { name: /Hoe kwam je het tegen/ }).click();
        await page.getByRole('option', { name: 'Handhaving', exact: true }).click();
        await chat.screenshot('report-step-1-filled', step1);

        const step2 = await chat.press(step1, 'Volgende', 'stap 2 van 2');
        await step2.getByRole('checkbox', { name: 'Woont via werkgever, slecht of overbewoond' }).check();
        await step2.getByRole('checkbox', { name: 'Structureel zeer lange werkdagen' }).check();
        await step2.getByRole('spinbutton', { name: /Om hoeveel personen/ }).fill('6');
        await step2.getByRole('radio', { name: 'Nee', exact: true }).check();
        await chat.screenshot('report-step-2-filled', step2);

        const summary = await chat.press(step2, 'Naar de samenvatting', 'Controleer je melding');
        const summaryText = await summary.innerText();
        assert.match(summaryText, /Brummen/);
        assert.match(summaryText, /Arbeidsuitbuiting/);
        assert.match(summaryText, /slapen zes werknemers in een loods/);
        await chat.screenshot('report-summary', summary);

        const confirmation = await chat.press(summary, 'Versturen', 'Je melding is opgeslagen');
        const confirmationText = await confirmation.innerText();
        const match = /Kenmerk: (\S+)/.exec(confirmationText);
        assert.ok(match, `a reference on the confirmation card:\n${confirmationText}`);
        reference = match[1];
        assert.match(confirmationText, /aandachtfunctionaris mensenhandel van Brummen/);
        // One card for the whole flow, updated in place: no step of it is left with buttons, only its read-only line.
        assert.equal(await chat.matching(/stap 1 van 2|stap 2 van 2|Controleer je melding/).count(), 0, 'the steps were replaced, not added');
        const flowCard = chat.matching(`Melding ${reference} is verstuurd`);
        assert.equal(await flowCard.count(), 1);
        assert.deepEqual(await buttonTitles(flowCard.first()), [], 'the flow card is read-only now');
        await chat.screenshot('report-one-card-per-flow', flowCard.first());
    });

    it("shows the report's card in the Brummen channel: read-only for everyone, headline with form, municipality and urgency", async () => {
        assert.ok(reference, 'needs the report of the previous step');
        await chat.openChannel('Meldingen Brummen');
        const card = await chat.waitForCard(`Melding ${reference}`, 0, 30000);
        const text = await card.innerText();
        assert.match(text, /Arbeidsuitbuiting · Brummen · niet acuut/);
        assert.match(text, /slapen zes werknemers in een loods/);
        assert.match(text, /Alleen de aandachtfunctionarissen van Brummen kunnen deze melding behandelen/);
        // The Playground does not refresh cards (Universal Actions refresh); "Behandelen" asks for one's own view.
        assert.deepEqual(await buttonTitles(card), ['Behandelen'], 'no case buttons on the card everyone sees');
        await chat.screenshot('channel-report-card', card);
    });

    it('lets the aandachtfunctionaris pick the report up on the channel card (Universal Action), updating the card', async () => {
        // Anne de Vries is also a coordinator of Brummen in bot/organisation/organisation.local.yml.
        const shared = await chat.waitForCard(`Melding ${reference}`);
        const mine = await chat.press(shared, 'Behandelen', /Toewijzen aan/, 20000);
        const titles = await buttonTitles(mine);
        assert.equal(titles[0], 'Oppakken', 'the primary action of "nieuw" comes first');
        await chat.screenshot('channel-report-coordinator-view', mine);
        const card = await chat.waitForCard(`Melding ${reference}`);
        const updated = await chat.press(card, 'Oppakken', /In behandeling/, 20000);
        const text = await updated.innerText();
        assert.match(text, /In behandeling/);
        assert.match(text, /Anne de Vries/);
        await chat.screenshot('channel-report-picked-up', updated);
        // The shared card's update (for everyone, read-only) may replace Anne's own view: Teams would refresh it
        // for her at once; the Playground does not refresh, so she asks again.
        let ownView = updated;
        if ((await buttonTitles(updated)).includes('Behandelen')) ownView = await chat.press(updated, 'Behandelen', /Doorzetten…/, 20000);
        const after = await buttonTitles(ownView);
        assert.ok(!after.includes('Oppakken'), 'no Oppakken once picked up');
        assert.equal(after[0], 'Doorzetten…', 'Doorzetten is the primary action now');
        await chat.screenshot('channel-report-coordinator-view-picked-up', ownView);
    });

    it('lets the reporter add to her report from "mijn meldingen" (Aanvullen), and the channel card counts it', async () => {
        await chat.openPersonalChat();
        const list = await chat.say('mijn meldingen', 'Mijn meldingen');
        assert.match(await list.innerText(), new RegExp(reference));
        const form = await chat.press(list, 'Aanvullen', `Aanvullen: melding ${reference}`);
        await form.getByRole('textbox', { name: /Je aanvulling/ }).fill('Vanochtend stonden er twee busjes met buitenlandse kentekens bij de loods.');
        await chat.screenshot('addition-form-filled', form);
        await form.getByRole('button', { name: 'Aanvulling opslaan', exact: true }).click();
        await chat.waitForText(`Je aanvulling op melding ${reference} is opgeslagen`, 20000);
        await chat.screenshot('addition-confirmed');
        await chat.openChannel('Meldingen Brummen');
        const card = await chat.waitForCard('Aanvullingen van de melder', 0, 30000);
        assert.match(await card.innerText(), new RegExp(`Melding ${reference}`));
        await chat.screenshot('channel-card-with-addition', card);
    });

    it('lets the aandachtfunctionaris ask the reporter a question on the channel card (Vraag aan melder); the card waits for the answer', async () => {
        // Anne is the coordinator here and, below, the reporter who answers. The shared card is read-only: Behandelen first.
        const shared = await chat.waitForCard(`Melding ${reference}`);
        await chat.press(shared, 'Behandelen', /Toewijzen aan/, 20000);
        const card = await chat.waitForCard(`Melding ${reference}`);
        await card.getByRole('button', { name: 'Vraag aan melder…', exact: true }).click();
        await card.getByRole('textbox', { name: /Je vraag aan de melder/ }).fill('Weet je nog hoe laat het busje er meestal stond?');
        await chat.screenshot('channel-reporter-question-form', card);
        await card.getByRole('button', { name: 'Vraag versturen', exact: true }).click();
        const waiting = await chat.waitForCard(/wacht op antwoord/, 0, 20000);
        assert.match(await waiting.innerText(), new RegExp(`Melding ${reference}`));
        await chat.screenshot('channel-reporter-question-asked', waiting);
    });

    it('brings the question to the reporter in the 1:1 chat with an answer field, and takes her answer', async () => {
        await chat.openPersonalChat();
        const question = await chat.waitForCard(`Vraag over je melding ${reference}`, 0, 30000);
        const text = await question.innerText();
        assert.match(text, /hoe laat het busje er meestal stond/);
        assert.doesNotMatch(text, /RIEC|Notitie|In behandeling/, 'the reporter sees the question only');
        await chat.screenshot('reporter-question-in-chat', question);
        // The view redraws the chat's cards when other activities arrive (the thread lines and card update of
        // the question land at the same moment), which empties a filled input: fill right before the click.
        const box = question.getByRole('textbox', { name: /Je antwoord/ });
        const answer = 'Meestal rond kwart over vijf in de ochtend.';
        for (let attempt = 1; ; attempt++) {
            await box.fill(answer);
            await question.getByRole('button', { name: 'Antwoord versturen', exact: true }).click();
            const sent = await chat.waitForText(`Je antwoord over melding ${reference} is verstuurd`, 5000).then(() => true, () => false);
            if (sent) break;
            assert.ok(attempt < 3, 'the answer was not sent after three tries');
        }
        await chat.screenshot('reporter-question-answered');
    });

    it('shows the answer to the coordinators: the channel card says answered, the thread has the text', async () => {
        await chat.openChannel('Meldingen Brummen');
        const card = await chat.waitForCard(/Vraag aan melder beantwoord/, 0, 30000);
        assert.match(await card.innerText(), new RegExp(`Melding ${reference}`));
        await chat.waitForText('Meestal rond kwart over vijf in de ochtend.', 20000);
        await chat.screenshot('channel-reporter-answer', card);
    });

    it('sends a typed question to the aandachtfunctionaris: the form with the question to edit, then the confirmation', async () => {
        await chat.openPersonalChat();
        const form = await chat.say('vraag aan AF: Mag ik bij een huisbezoek alleen naar binnen als ik signalen zie?', 'Vraag aan de aandachtfunctionaris');
        const box = form.getByRole('textbox', { name: /Je vraag/ });
        assert.equal(await box.inputValue(), 'Mag ik bij een huisbezoek alleen naar binnen als ik signalen zie?');
        await box.fill('Mag ik bij een huisbezoek alleen naar binnen als ik signalen van uitbuiting zie?');
        await form.getByRole('combobox', { name: /Gemeente/ }).click();
        await stack.page.getByRole('option', { name: 'Brummen', exact: true }).click();
        await chat.screenshot('question-form', form);
        await form.getByRole('button', { name: 'Vraag versturen', exact: true }).click();
        await chat.waitForText('Je vraag is verstuurd naar de aandachtfunctionarissen van Brummen');
        await chat.screenshot('question-sent');
    });

    it('shows the question in the Brummen channel, where the aandachtfunctionaris answers it on the card', async () => {
        // Anne de Vries is the Playground's user and a coordinator of Brummen: she answers her own question here.
        await chat.openChannel('Meldingen Brummen');
        const card = await chat.waitForCard('Vraag aan de aandachtfunctionaris · Brummen', 0, 30000);
        assert.match(await card.innerText(), /signalen van uitbuiting zie/);
        await chat.screenshot('channel-question-card', card);
        await card.getByRole('button', { name: 'Beantwoorden', exact: true }).click();
        await card.getByRole('textbox', { name: /Je antwoord/ }).fill('Nee, ga nooit alleen naar binnen. Bel mij of de wijkagent.');
        await card.getByRole('button', { name: 'Antwoord versturen', exact: true }).click();
        const answered = await chat.waitForCard(/Beantwoord door Anne de Vries/, 0, 20000);
        assert.match(await answered.innerText(), /Nee, ga nooit alleen naar binnen/);
        await chat.screenshot('channel-question-answered', answered);
    });

    it('brings the answer to the colleague in the 1:1 chat, with who answered and a follow-up field', async () => {
        await chat.openPersonalChat();
        const answer = await chat.waitForCard('Antwoord van de aandachtfunctionaris', 0, 30000);
        const text = await answer.innerText();
        assert.match(text, /Antwoord van Anne de Vries/);
        assert.match(text, /Nee, ga nooit alleen naar binnen/);
        assert.ok(await answer.getByRole('button', { name: 'Vervolgvraag versturen', exact: true }).isVisible());
        await chat.screenshot('question-answer-in-chat', answer);
        for (const secret of ['huisbezoek alleen naar binnen', 'ga nooit alleen']) {
            assert.ok(!stack.bot.output().includes(secret), `the bot log must not contain the question or answer ("${secret}")`);
        }
    });

    it('reports for Zutphen in one card, which Anne (no coordinator of Zutphen) sees read-only in the channel', async () => {
        const page = stack.page;
        await chat.openPersonalChat();
        const safety = await chat.say('melden', 'is er nu iemand in acuut gevaar?');
        const step1 = await chat.press(safety, 'Nee, geen acuut gevaar', 'stap 1 van 2');
        await step1.getByRole('checkbox', { name: 'Criminele uitbuiting' }).check();
        await step1.getByRole('combobox', { name: /In welke gemeente/ }).click();
        await page.getByRole('option', { name: 'Zutphen', exact: true }).click();
        await step1.getByRole('textbox', { name: /Wat heb je gezien of gehoord/ }).fill('Een jongen van rond de twintig staat elke avond bij het station en lijkt pakketjes door te geven.');
        await step1.getByRole('combobox', { name: /Wanneer zag of hoorde je het/ }).click();
        await page.getByRole('dialog', { name: 'Calendar' }).getByRole('button', { name: todayLabel(), exact: true }).click();
        await step1.getByRole('combobox', { name: /Hoe kwam je het tegen/ }).click();
        await page.getByRole('option', { name: 'Toezicht', exact: true }).click();
        const step2 = await chat.press(step1, 'Volgende', 'stap 2 van 2');
        // The most telling signals first; the rest open with "Meer signalen".
        assert.ok(await step2.getByRole('checkbox', { name: "Nepschuld ('straatboete') die afgewerkt moet worden" }).isVisible());
        const rest = step2.getByRole('checkbox', { name: 'Wordt vaak verplaatst tussen locaties' });
        assert.equal(await rest.isVisible(), false, 'a less telling signal waits behind "Meer signalen"');
        const visibleBefore = await step2.getByRole('checkbox').count();
        await chat.screenshot('report-step-2-top-signals', step2);
        await step2.getByRole('button', { name: /^Meer signalen \(\d+\)$/ }).click();
        await rest.waitFor({ state: 'visible', timeout: 5000 });
        assert.equal((await step2.getByRole('checkbox').count()) - visibleBefore, 14, 'the other 14 signals of the form and the general ones');
        await step2.getByRole('radio', { name: 'Nee', exact: true }).check();
        const summary = await chat.press(step2, 'Naar de samenvatting', 'Controleer je melding');
        const confirmation = await chat.press(summary, 'Versturen', 'Je melding is opgeslagen');
        const zutphen = /Kenmerk: (\S+)/.exec(await confirmation.innerText())?.[1];
        assert.ok(zutphen);
        assert.equal(await chat.matching(/stap 1 van 2|stap 2 van 2|Controleer je melding/).count(), 0, 'one card for this report too');
        await chat.screenshot('report-zutphen-one-card', confirmation);

        // Zutphen has no channel locally: its card goes to the fallback channel (Brummen's), where Anne is no coordinator of Zutphen.
        await chat.openChannel('Meldingen Brummen');
        const shared = await chat.waitForCard(`Melding ${zutphen}`, 0, 30000);
        assert.match(await shared.innerText(), /Criminele uitbuiting · Zutphen/);
        const readOnly = await chat.press(shared, 'Behandelen', /Jij ziet de kaart alleen om te lezen/, 20000);
        const text = await readOnly.innerText();
        assert.match(text, new RegExp(`Melding ${zutphen}`));
        assert.match(text, /Alleen de aandachtfunctionarissen mensenhandel van Zutphen kunnen deze melding behandelen/);
        assert.deepEqual(await buttonTitles(readOnly), [], 'nothing to press for someone who may not');
        await chat.screenshot('channel-read-only-for-non-coordinator', readOnly);
    });

    it('shows the overview at the normal card width, with "Aantal" whole and the numbers as text', async () => {
        await chat.openPersonalChat();
        const overview = await chat.say('overzicht', 'Overzicht meldingen mensenhandel IJsselstreek', 20000);
        const text = await overview.innerText();
        assert.match(text, /Deze cijfers gaan alleen over Brummen/);
        const header = overview.getByText('Aantal', { exact: true });
        await header.waitFor();
        const cut = await header.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
        assert.equal(cut, false, '"Aantal" is not cut');
        const cardBox = await overview.boundingBox();
        const viewport = stack.page.viewportSize();
        assert.ok(cardBox && viewport && cardBox.width < viewport.width * 0.75, `a normal-width card (${cardBox?.width} of ${viewport?.width} px)`);
        await chat.screenshot('overview-normal-width', overview);
        await header.scrollIntoViewIfNeeded();
        await chat.screenshot('overview-normal-width-table');
    });

    it('lets a colleague opt in to the casus van de week with her role and municipality', async () => {
        await chat.openPersonalChat();
        const settings = await chat.say('leren aan', 'Meedoen met de casus van de week');
        await settings.getByRole('combobox', { name: /Je rol/ }).click();
        await stack.page.getByRole('option', { name: 'Baliemedewerker', exact: true }).click();
        await settings.getByRole('combobox', { name: /Je gemeente/ }).click();
        await stack.page.getByRole('option', { name: 'Brummen', exact: true }).click();
        await chat.screenshot('learning-settings', settings);
        await settings.getByRole('button', { name: 'Meedoen', exact: true }).click();
        await chat.waitForText('Je doet mee met de casus van de week');
        await chat.screenshot('learning-opted-in');
    });

    it('runs the quiz on one card that moves through five questions, then shows the score with explanations', async () => {
        let card = await chat.say('quiz', 'vraag 1 van 5');
        await chat.screenshot('quiz-question-1', card);
        for (let step = 2; step <= 5; step++) {
            card = await chat.press(card, 'A', `vraag ${step} van 5`, 20000);
            assert.match(await card.innerText(), /Goed!|Niet goed\./, 'feedback on the previous answer');
            if (step === 2) await chat.screenshot('quiz-question-2-with-feedback', card);
        }
        const result = await chat.press(card, 'A', 'Quiz klaar', 20000);
        const text = await result.innerText();
        assert.match(text, /Je had \d van de 5 vragen goed/);
        assert.match(text, /Jouw antwoord:/);
        assert.match(text, /Je score bewaar ik niet/);
        await chat.screenshot('quiz-result', result);
        // One card moved through the quiz: the first question is no longer in the chat.
        assert.equal(await chat.matching('vraag 1 van 5').count(), 0);
    });

    it('lets the aandachtfunctionaris send a case to the channel as a campaign, and a colleague answers it for herself', async () => {
        // Anne de Vries coordinates Brummen in the local organisation file, so she may send a campaign.
        await chat.openChannel('Meldingen Brummen');
        // In a channel the Playground sends a message to the bot only when it is @mentioned (<at>name</at>, as Teams does).
        const campaign = await chat.say('<at>Signaalbot Mensenhandel</at> campagne balie-nagelstudio', 'Casus van de aandachtfunctionaris', 20000);
        assert.match(await campaign.innerText(), /Drie nagelstylistes en één adres/);
        await chat.screenshot('campaign-case-in-channel', campaign);
        const feedback = await chat.press(campaign, 'B', 'Signalen in deze casus', 20000);
        const text = await feedback.innerText();
        assert.match(text, /Goed gekozen: B/);
        assert.match(text, /Welke route past/);
        assert.match(text, /Bron: Beleidsplan Mensenhandel IJsselstreek/);
        await chat.screenshot('campaign-feedback', feedback);
    });

    it('delivered the channel post once, through the Playground acting as Bot Connector, and logged no report content', async () => {
        // The Playground is the connector here: its log panel lists the bot's calls to it.
        await stack.page.getByText('createConversation 201').first().waitFor({ timeout: 5000 });
        const botLog = stack.bot.output();
        const delivered = botLog.split('\n').filter((line) => line.includes('"event":"outbox.delivered"'));
        assert.equal(delivered.length, 2, 'exactly one delivery of each of the two reports');
        for (const secret of ['slapen zes werknemers', 'Industrieweg', 'Wat zijn signalen van arbeidsuitbuiting', 'buitenlandse kentekens', 'hoe laat het busje', 'kwart over vijf', 'pakketjes door te geven']) {
            assert.ok(!botLog.includes(secret), `the bot log must not contain what a colleague typed ("${secret}")`);
        }
    });

    it('stops bot, Azurite, Playground and Chromium without leaving a process behind', async () => {
        await stack.stop();
        assert.deepEqual(stack.leftovers(), []);
    });
});
