/**
 * Issue 15, part 1, on the running bot (real server, Azurite, fake Bot Connector): a colleague asks the
 * aandachtfunctionaris from a non-answer, an answer card or by typing; the question is posted in the
 * municipality's channel through the outbox; a coordinator answers on the card; the answer reaches the
 * colleague 1:1 with who answered; follow-ups; the recall after 2 working days (the clock is moved, never
 * waited for); "voorstel voor de kennisbank" and the admins' list; retention; and every bad input.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TableClient } from '@azure/data-tables';
import { ANNE, BRUMMEN_CHANNEL, PIETER, SANNE, channelMessage } from '../../support/activities';
import type { TestBot } from '../../support/botHarness';
import {
    KIM,
    askViaForm,
    buttonData,
    chat,
    deliver,
    execute,
    inputValue,
    lastCard,
    lastPut,
    lastText,
    movableClock,
    onlyQuestion,
    plain,
    questions,
    say,
    startQuestionBot,
    stored,
    submit,
    threadLines,
} from './questionTestKit';

/** Friday 6 March 2026, 10:00 in Amsterdam. */
const FRIDAY_10 = '2026-03-06T09:00:00.000Z';

describe('Vraag aan de aandachtfunctionaris (issue 15, part 1)', function () {
    this.timeout(30_000);
    let bot: TestBot;
    const clock = movableClock(FRIDAY_10);

    beforeEach(async () => {
        clock.set(FRIDAY_10);
        bot = await startQuestionBot({ clock: clock.now, env: { RETENTION_DAYS: '30' } });
    });
    afterEach(async () => {
        await bot.close();
    });

    it('from a non-answer: confirm the municipality, edit the question, post it in the channel, answer it, the colleague gets it with who answered', async () => {
        await say(bot, KIM, 'hoe vraag ik een parkeervergunning aan in Zutphen');
        const noAnswer = lastCard(bot, KIM);
        assert.match(plain(noAnswer), /Daar heb ik geen goed antwoord op/);
        await submit(bot, KIM, buttonData(noAnswer, 'Vraag het de aandachtfunctionaris'));
        const form = lastCard(bot, KIM);
        assert.match(plain(form), /Vraag aan de aandachtfunctionaris/);
        assert.equal(inputValue(form, 'municipality'), 'Zutphen', 'the named municipality is offered');
        assert.equal(inputValue(form, 'question'), 'hoe vraag ik een parkeervergunning aan in Zutphen', 'the question is there to edit');
        assert.match(plain(form), /Pieter Bakker/);

        // She changes the municipality and edits the question.
        await submit(bot, KIM, { ...buttonData(form, 'Vraag versturen'), municipality: 'Brummen', question: 'Mag ik bij een *huisbezoek* alleen naar binnen als ik signalen zie?' });
        assert.match(lastText(bot, KIM), /Je vraag is verstuurd naar de aandachtfunctionarissen van Brummen/);
        await deliver(bot);
        let q = await onlyQuestion(bot);
        assert.ok(q.delivery.activityId, 'posted');
        const post = bot.connector.calls.find((c) => c.method === 'POST' && c.path === '/v3/conversations');
        assert.ok(post);
        const posted = JSON.stringify(post.body);
        assert.match(posted, /Vraag aan de aandachtfunctionaris · Brummen/);
        assert.match(posted, /huisbezoek/);
        assert.match(posted, /Gesteld door Kim Balie/);
        assert.match(posted, /"verb":"vraag.beantwoorden"/);

        const answer = await execute(bot, SANNE, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 0, answer: 'Nee, ga nooit alleen. Bel mij eerst.' });
        assert.equal(answer.statusCode, 200);
        assert.match(answer.text, /Beantwoord door Sanne Jansen/);
        await deliver(bot);
        q = await stored(bot, q.questionId);
        assert.equal(q.turns[0]?.answeredByName, 'Sanne Jansen');
        assert.match(lastPut(bot, q), /Beantwoord door Sanne Jansen/, 'the shared card shows who answered');
        assert.match(lastPut(bot, q), /Nee, ga nooit alleen/);
        const toKim = plain(lastCard(bot, KIM));
        assert.match(toKim, /Antwoord van Sanne Jansen/);
        assert.match(toKim, /Nee, ga nooit alleen\. Bel mij eerst\./);
        assert.deepEqual(threadLines(bot, q), ['Beantwoord door Sanne Jansen.']);

        // Delivered exactly once: another pass sends nothing again.
        const callsBefore = bot.connector.calls.length;
        await deliver(bot);
        assert.equal(bot.connector.calls.length, callsBefore);
    });

    it('from an answer card and by typing "vraag aan AF: ..."', async () => {
        await say(bot, KIM, 'wat zijn signalen van arbeidsuitbuiting');
        const answerCard = lastCard(bot, KIM);
        await submit(bot, KIM, buttonData(answerCard, 'Vraag het de aandachtfunctionaris'));
        assert.equal(inputValue(lastCard(bot, KIM), 'question'), 'wat zijn signalen van arbeidsuitbuiting');

        await say(bot, KIM, 'vraag aan AF van Zutphen: Wie belt de werkgever, ik of jij?');
        const typed = lastCard(bot, KIM);
        assert.equal(inputValue(typed, 'question'), 'Wie belt de werkgever, ik of jij?');
        assert.equal(inputValue(typed, 'municipality'), 'Zutphen');
        await submit(bot, KIM, { ...buttonData(typed, 'Vraag versturen'), municipality: 'Zutphen', question: 'Wie belt de werkgever, ik of jij?' });
        // Zutphen has no channel of its own: the fallback channel, and she is told.
        assert.match(lastText(bot, KIM), /via het reservekanaal/);
        await deliver(bot);
        const q = await onlyQuestion(bot);
        assert.equal(q.delivery.channelKind, 'fallback');
        // Only Zutphen's coordinators answer it, also in the fallback channel.
        const sanne = await execute(bot, SANNE, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 0, answer: 'Ik' });
        assert.match(sanne.text, /Alleen de aandachtfunctionarissen mensenhandel van Zutphen/);
        const pieter = await execute(bot, PIETER, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 0, answer: 'Ik bel.' });
        assert.match(pieter.text, /Beantwoord door Pieter Bakker/);
    });

    it('a double click sends one question', async () => {
        await say(bot, KIM, 'vraag aan de aandachtfunctionaris');
        const form = lastCard(bot, KIM);
        const value = { ...buttonData(form, 'Vraag versturen'), municipality: 'Brummen', question: 'Twee keer geklikt' };
        await submit(bot, KIM, value);
        await submit(bot, KIM, value);
        await deliver(bot);
        assert.equal((await questions(bot)).length, 1);
        assert.equal(bot.connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations').length, 1);
    });

    it('a follow-up in the same thread, by the asker only, after the answer', async () => {
        let q = await askViaForm(bot, KIM, 'Brummen', 'Eerste vraag');
        await submit(bot, KIM, { action: 'vraag.vervolg', questionId: q.questionId, followUp: 'Te vroeg' });
        assert.match(lastText(bot, KIM), /Je vorige vraag is nog niet beantwoord/);
        await execute(bot, SANNE, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 0, answer: 'Eerste antwoord' });
        await deliver(bot);
        const answerCard = lastCard(bot, KIM);
        const followUp = buttonData(answerCard, 'Vervolgvraag versturen');

        await submit(bot, PIETER, { ...followUp, followUp: 'Ik ben iemand anders' });
        assert.match(lastText(bot, PIETER), /Alleen wie de vraag stelde/);
        await submit(bot, KIM, { ...followUp, followUp: 'En als de werkgever boos wordt?' });
        assert.match(lastText(bot, KIM), /Je vervolgvraag staat bij je vraag/);
        await deliver(bot);
        q = await stored(bot, q.questionId);
        assert.equal(q.turns.length, 2);
        assert.ok(threadLines(bot, q).includes('Vervolgvraag van Kim Balie: En als de werkgever boos wordt?'));
        assert.match(lastPut(bot, q), /Open: wacht op antwoord/);
        // The old turn's answer button is stale now; the new turn is answered on the updated card.
        const stale = await execute(bot, ANNE, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 0, answer: 'Dubbel' });
        assert.match(stale.text, /al beantwoord door Sanne Jansen/);
        const second = await execute(bot, ANNE, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 1, answer: 'Dan bel je mij.' });
        assert.match(second.text, /Beantwoord door Anne de Vries/);
        await deliver(bot);
        assert.match(plain(lastCard(bot, KIM)), /Antwoord van Anne de Vries[\s\S]*Dan bel je mij\./);
    });

    it('recalls an unanswered question in its thread after 2 working days (Friday 10:00 -> Tuesday 10:00), never an answered one', async () => {
        const open = await askViaForm(bot, KIM, 'Brummen', 'Blijft liggen');
        const answered = await askViaForm(bot, KIM, 'Brummen', 'Wordt beantwoord');
        await execute(bot, SANNE, answered, 'vraag.beantwoorden', { questionId: answered.questionId, turn: 0, answer: 'Klaar' });
        await deliver(bot);

        clock.set('2026-03-10T08:59:00.000Z'); // Tuesday 09:59
        await deliver(bot);
        assert.deepEqual(threadLines(bot, open).filter((l) => /Herinnering/.test(l)), [], 'not before 2 working days');

        clock.set('2026-03-10T09:00:01.000Z'); // Tuesday 10:00
        await deliver(bot);
        const recalls = threadLines(bot, open).filter((l) => /Herinnering/.test(l));
        assert.equal(recalls.length, 1);
        assert.match(recalls[0] ?? '', /staat al 2 werkdagen open/);
        assert.deepEqual(threadLines(bot, answered).filter((l) => /Herinnering/.test(l)), [], 'an answered question is not recalled');
        await deliver(bot);
        assert.equal(threadLines(bot, open).filter((l) => /Herinnering/.test(l)).length, 1, 'once');
    });

    it('"voorstel voor de kennisbank": stored as a suggestion, listed for admins with a YAML snippet, never published', async () => {
        const q = await askViaForm(bot, KIM, 'Brummen', 'Wat doe ik als iemand in een busje slaapt?');
        const early = await execute(bot, SANNE, q, 'vraag.kennisbank', { questionId: q.questionId });
        assert.match(early.text, /Alleen een beantwoorde vraag/);
        await execute(bot, SANNE, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 0, answer: 'Maak een melding en bel de AF.' });
        const kim = await execute(bot, KIM, q, 'vraag.kennisbank', { questionId: q.questionId });
        assert.match(kim.text, /Alleen de aandachtfunctionarissen mensenhandel van Brummen/);
        const ok = await execute(bot, SANNE, q, 'vraag.kennisbank', { questionId: q.questionId });
        assert.match(ok.text, /Voorgesteld voor de kennisbank door Sanne Jansen/);
        const again = await execute(bot, ANNE, q, 'vraag.kennisbank', { questionId: q.questionId });
        assert.match(again.text, /al voorgesteld voor de kennisbank door Sanne Jansen/);
        await deliver(bot);
        assert.match(lastPut(bot, q), /Voorgesteld voor de kennisbank/);

        await say(bot, KIM, 'kennisbank voorstellen');
        assert.match(lastText(bot, KIM), /alleen voor de beheerders/);
        await say(bot, ANNE, 'kennisbank voorstellen');
        const list = plain(lastCard(bot, ANNE));
        assert.match(list, /Voorstellen voor de kennisbank \(1\)/);
        assert.match(list, /Niets wordt automatisch gepubliceerd/);
        assert.match(list, /- id: vraag-[0-9a-f]{8}/);
        assert.match(list, /tekst: Maak een melding en bel de AF\./);
        assert.match(list, /gecontroleerd: "?2026-03-06"?/);
        // Not in the knowledge base: the same question still gets no answer from it.
        const content = fs.readdirSync('bot/knowledge/content/onderwerpen').map((f) => fs.readFileSync(path.join('bot/knowledge/content/onderwerpen', f), 'utf8')).join('\n');
        assert.doesNotMatch(content, /in een busje slaapt/);
    });

    it('a question its channel refuses (403): marked undelivered (also in storage), the asker and each admin hear it 1:1 once, without its text', async () => {
        await say(bot, ANNE, 'hallo');
        bot.connector.failNext(2, 403, undefined, (method, path) => method === 'POST' && path === '/v3/conversations');
        const q = await askViaForm(bot, KIM, 'Brummen', 'Vraag over Kerkstraat 3 die nergens aankomt');
        await deliver(bot);
        assert.equal((await stored(bot, q.questionId)).delivery.failed, true);
        assert.match(lastText(bot, KIM), /kon ik niet bezorgen/);
        const alert = lastText(bot, ANNE);
        assert.match(alert, /Een vraag aan de aandachtfunctionaris van Brummen .* kon in geen enkel kanaal worden geplaatst \(het kanaal weigert de bot \(HTTP 403\)\)/);
        assert.match(alert, /koppel Brummen/);
        assert.doesNotMatch(alert, /Kerkstraat|Kim/);
        await deliver(bot);
        assert.equal(chat(bot, ANNE).texts.filter((t) => t.includes('kon in geen enkel kanaal')).length, 1, 'once');
    });

    it('retention: an answered question older than RETENTION_DAYS leaves no text in storage and the card shows the purged form', async () => {
        const q = await askViaForm(bot, KIM, 'Brummen', 'Geheime vraag over Dorpsstraat 12');
        await execute(bot, SANNE, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 0, answer: 'Geheim antwoord' });
        await deliver(bot);
        // A follow-up: its text goes into the thread, and its answer to Kim's chat.
        await submit(bot, KIM, { ...buttonData(lastCard(bot, KIM), 'Vervolgvraag versturen'), followUp: 'Geheime vervolgvraag over Dorpsstraat 14' });
        await deliver(bot);
        await execute(bot, SANNE, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 1, answer: 'Geheim antwoord twee' });
        await deliver(bot);
        assert.ok(threadLines(bot, q).some((l) => l.includes('Dorpsstraat 14')), 'the follow-up reached the thread');
        clock.advance(29 * 24 * 3600 * 1000);
        assert.deepEqual((await bot.app.questions.retention.run()).purged, [], 'kept within the term');
        clock.advance(2 * 24 * 3600 * 1000);
        assert.deepEqual((await bot.app.questions.retention.run()).purged, [q.questionId]);
        await deliver(bot);
        const card = lastPut(bot, q);
        assert.match(card, /na de bewaartermijn verwijderd/);
        assert.doesNotMatch(card, /Dorpsstraat|Geheim antwoord|Kim Balie/);
        const raw: string[] = [];
        const table = await bot.tables.table('questions');
        for await (const e of (table as TableClient).listEntities()) raw.push(JSON.stringify(e));
        assert.ok(raw.length > 0);
        for (const e of raw) assert.doesNotMatch(e, /Dorpsstraat|Geheim antwoord|Kim Balie|Sanne Jansen/);
        assert.ok(raw.every((e) => !e.includes(KIM.aadObjectId)), 'nothing ties the question to the asker');
        const left = bot.connector.visibleMessages().filter((m) => /Dorpsstraat|Geheim antwoord/.test(JSON.stringify(m.body)));
        assert.deepEqual(left.map((m) => `${m.conversationId} ${m.activityId} ${JSON.stringify(m.body).slice(0, 300)}`), [], 'no message in Teams still shows the question or the answer');
        const redacted = bot.connector.visibleMessages().filter((m) => m.body.text === 'Deze tekst is na de bewaartermijn verwijderd.');
        assert.equal(redacted.length, 3, 'both answers in Kim\'s chat and the follow-up line in the thread were overwritten');
        const purgedAnswer = await execute(bot, SANNE, q, 'vraag.kennisbank', { questionId: q.questionId });
        assert.match(purgedAnswer.text, /na de bewaartermijn verwijderd/);
    });

    describe('bad input: a clear Dutch message, nothing changed', () => {
        async function form() {
            await say(bot, KIM, 'vraag aan de aandachtfunctionaris');
            return buttonData(lastCard(bot, KIM), 'Vraag versturen');
        }

        it('an empty question and one of 10,000 characters', async () => {
            const send = await form();
            await submit(bot, KIM, { ...send, municipality: 'Brummen', question: '   ' });
            assert.match(plain(lastCard(bot, KIM)), /Je vraag is leeg/);
            await submit(bot, KIM, { ...send, municipality: 'Brummen', question: 'x'.repeat(10_000) });
            assert.match(plain(lastCard(bot, KIM)), /Je tekst is te lang: hooguit 2\.000 tekens/);
            assert.equal((await questions(bot)).length, 0);
        });

        it('a municipality without coordinators, and a forged municipality or form id', async () => {
            const send = await form();
            await submit(bot, KIM, { ...send, municipality: 'Lochem', question: 'Hallo Lochem?' });
            assert.match(lastText(bot, KIM), /Voor Lochem staat nog geen aandachtfunctionaris in de bot/);
            await submit(bot, KIM, { ...send, municipality: 'Apeldoorn', question: 'Vraag' });
            assert.match(lastText(bot, KIM), /Deze kaart is niet \(meer\) geldig/);
            await submit(bot, KIM, { ...send, formId: { $gt: '' }, municipality: 'Brummen', question: 'Vraag' });
            assert.match(lastText(bot, KIM), /Deze kaart is niet \(meer\) geldig/);
            assert.equal((await questions(bot)).length, 0);
        });

        it('a forged answer payload, an empty or 10,000-character answer, a non-coordinator, an answer to an answered question', async () => {
            const q = await askViaForm(bot, KIM, 'Brummen', 'Echte vraag');
            for (const data of [{ questionId: 'x' }, { questionId: q.questionId, turn: 'nul', answer: 'a' }, { questionId: 'f'.repeat(32), turn: 0, answer: 'a' }, {}]) {
                const res = await execute(bot, SANNE, q, 'vraag.beantwoorden', data);
                assert.equal(res.statusCode, 200);
                assert.match(res.text, /Deze vraag bestaat niet \(meer\)[\s\S]*Er is niets veranderd/, JSON.stringify(data));
            }
            assert.match((await execute(bot, SANNE, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 0, answer: '' })).text, /Het antwoord is leeg/);
            assert.match((await execute(bot, SANNE, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 0, answer: 'y'.repeat(10_000) })).text, /Het antwoord is te lang/);
            assert.match((await execute(bot, KIM, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 0, answer: 'Ik ben geen AF' })).text, /Alleen de aandachtfunctionarissen mensenhandel van Brummen/);
            assert.equal(openTurnOf(await stored(bot, q.questionId)), 0, 'still open');
            await execute(bot, SANNE, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 0, answer: 'Eerste' });
            const second = await execute(bot, ANNE, q, 'vraag.beantwoorden', { questionId: q.questionId, turn: 0, answer: 'Tweede' });
            assert.match(second.text, /Deze vraag is al beantwoord door Sanne Jansen/);
            assert.equal((await stored(bot, q.questionId)).turns[0]?.answer, 'Eerste');
            await deliver(bot);
            assert.equal(chat(bot, KIM).cards.filter((c) => /Antwoord van/.test(plain(c))).length, 1, 'one answer reached her');
        });

        it('questions are asked in the 1:1 chat only, not in a channel', async () => {
            await bot.post(channelMessage('<at>Signaalbot</at> vraag aan AF: wie weet dit?', { serviceUrl: bot.connector.url, from: KIM }));
            const said = bot.connector.sentTo(BRUMMEN_CHANNEL).map((a) => String(a.text ?? ''));
            assert.match(said[said.length - 1] ?? '', /stel je in je 1-op-1-chat met mij/);
            assert.equal((await questions(bot)).length, 0);
        });
    });
});

function openTurnOf(q: { turns: { answer?: string }[] }): number | undefined {
    const last = q.turns.length - 1;
    return q.turns[last]?.answer === undefined ? last : undefined;
}

describe('Vraag aan de aandachtfunctionaris: a municipality without any channel', function () {
    this.timeout(30_000);
    let bot: TestBot;
    let dir: string;

    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'org-'));
        const file = path.join(dir, 'organisation.yml');
        // Zutphen has a coordinator but no channel, and there is no fallback channel.
        fs.writeFileSync(file, `admins: []\nmunicipalities:\n  Zutphen:\n    coordinators:\n      - { aadObjectId: ${PIETER.aadObjectId}, name: Pieter Bakker }\n`);
        bot = await startQuestionBot({ env: { ORGANISATION_FILE: file } });
    });
    after(async () => {
        await bot.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it('refuses the question and stores nothing', async () => {
        await say(bot, KIM, 'vraag aan de aandachtfunctionaris');
        await submit(bot, KIM, { ...buttonData(lastCard(bot, KIM), 'Vraag versturen'), municipality: 'Zutphen', question: 'Iemand daar?' });
        assert.match(lastText(bot, KIM), /Voor Zutphen is nog geen kanaal van de aandachtfunctionarissen gekoppeld/);
        assert.equal((await questions(bot)).length, 0);
    });
});
