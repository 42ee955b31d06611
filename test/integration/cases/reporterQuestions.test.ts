/**
 * Vraag aan melder over HTTP (issue 15, part 3): the real bot on Azurite with the fake connector. A
 * coordinator asks on the channel card; the reporter gets a card with only the question and an answer
 * field in the 1:1 chat; the answer lands in the history, the thread and on the card, all through the
 * outbox. Every bad input gets a Dutch answer and changes nothing.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { odata } from '@azure/data-tables';
import { ANSWER_TEXTS } from '../../../bot/teams/handlers/reporterAnswerResponder';
import { CASE_TEXTS } from '../../../bot/teams/handlers/caseActionHandler';
import { TableCaseHistory } from '../../../bot/storage/tables/tableCaseHistory';
import { REPORTS_TABLE, reportPartitionKey } from '../../../bot/storage/tables/tableReportStore';
import { PIETER, SANNE, cardSubmit, personalMessage, type Person } from '../../support/activities';
import { cardText, cardsIn, type TestBot } from '../../support/botHarness';
import { ManualClock } from '../reports/reportTestKit';
import { KIM, cardPut, current, deliveredReport, press, putCard, settle, startCaseBot, threadLines, type Delivered } from './caseTestKit';

const chatOf = (p: Person) => `a:personal-${p.aadObjectId}`;
const DAY = 24 * 3600 * 1000;

describe('Vraag aan melder: a coordinator asks the reporter, the reporter answers 1:1', function () {
    this.timeout(30_000);
    let bot: TestBot;
    const clock = new ManualClock(Date.now());
    const serviceUrl = () => bot.connector.url;

    before(async () => {
        bot = await startCaseBot({ RETENTION_DAYS: '30', REPORT_RATE_LIMIT_PER_HOUR: '0' }, clock.now);
    });
    after(async () => bot?.close());

    const lastTextTo = (p: Person) => String(bot.connector.sentTo(chatOf(p)).filter((a) => typeof a.text === 'string' && a.text !== '').at(-1)?.text ?? '');
    const submit = (value: Record<string, unknown>, from: Person = KIM) => bot.post(cardSubmit(value, { serviceUrl: serviceUrl(), from }));
    const questionCards = (p: Person = KIM) => cardsIn(bot.connector.sentTo(chatOf(p))).filter((c) => JSON.stringify(c).includes('"action":"melderVraag.antwoorden"'));
    const history = (d: Delivered) => new TableCaseHistory(bot.app.reporting.store, bot.tables).history(d.report.reportId);

    /** The submit data of the newest question card in Kim's chat. */
    function answerData(card: Record<string, unknown> | undefined): { action: string; reportId: string; questionVersion: number } {
        const m = /"data":\{"action":"melderVraag.antwoorden","reportId":"([0-9a-f]{32})","questionVersion":(\d+)\}/.exec(JSON.stringify(card));
        assert.ok(m, 'the question card carries reportId and questionVersion');
        return { action: 'melderVraag.antwoorden', reportId: m[1], questionVersion: Number(m[2]) };
    }

    async function ask(d: Delivered, question: string, from: Person = SANNE) {
        return press(bot, from, d, 'case.vraagMelder', { reporterQuestion: question });
    }

    const snapshot = async (d: Delivered) => (await settle(bot), { version: (await current(bot, d)).handling?.version ?? 0, calls: bot.connector.calls.length });

    /** Nothing changed: same version, nothing sent to the channel or to Kim. */
    async function assertUnchanged(d: Delivered, before: { version: number; calls: number }) {
        await settle(bot);
        assert.equal((await current(bot, d)).handling?.version ?? 0, before.version, 'version unchanged');
        const sent = bot.connector.calls.slice(before.calls).filter((c) => c.method === 'PUT' || (c.method === 'POST' && (c.conversationId?.startsWith('19:') || c.conversationId === chatOf(KIM)) && c.path.includes('/activities')));
        // Kim's own turn replies (the refusal texts) are replies, not cards or channel posts.
        const notReplies = sent.filter((c) => !(c.conversationId === chatOf(KIM) && typeof c.body.text === 'string' && !c.body.attachments));
        assert.deepEqual(notReplies.map((c) => `${c.method} ${c.path}`), [], 'no card, channel post or thread line sent');
    }

    it('asks on the channel card: the card waits for the answer, the thread has the question, Kim gets only the question; her answer reaches history, thread and card', async () => {
        const d = await deliveredReport(bot);
        const secretNote = `NOTITIE-${randomUUID()}`;
        await press(bot, SANNE, d, 'case.oppakken');
        await press(bot, SANNE, d, 'case.notitie', { note: secretNote });
        await press(bot, SANNE, d, 'case.doorzetten', { partner: 'riec', forwardNote: 'Via het RIEC-overleg' });
        await settle(bot);
        const before = await current(bot, d);

        const question = 'Weet je nog hoe laat het busje er *meestal* was?';
        const answered = await ask(d, `  ${question}  `);
        assert.equal(answered.statusCode, 200);
        assert.match(answered.text, /Vraag aan melder gesteld — wacht op antwoord/);
        assert.match(answered.text, /Vraag aan de melder gesteld door Sanne Jansen/);
        assert.match(JSON.stringify(answered.card), /"title":"Nieuwe vraag aan melder…"/, 'while open, a second question is offered as a replacement');

        const put = await cardPut(bot, d, (before.handling?.version ?? 0) + 1);
        assert.match(cardText(putCard(put)), /Vraag aan melder gesteld — wacht op antwoord/);
        await settle(bot);
        const questionLine = threadLines(bot, d).at(-1) ?? '';
        assert.match(questionLine, /Vraag aan de melder gesteld door Sanne Jansen/);
        assert.ok(questionLine.includes('Weet je nog hoe laat het busje er \\*meestal\\* was?'), 'the question, markdown escaped, for the coordinators');

        const cards = questionCards();
        assert.equal(cards.length, 1, 'one question card to Kim');
        const shown = cardText(cards[0]);
        assert.match(shown, new RegExp(`Vraag over je melding ${d.report.reference}`));
        assert.ok(shown.includes('Weet je nog hoe laat het busje er \\*meestal\\* was?'));
        const json = JSON.stringify(cards[0]);
        for (const hidden of [secretNote, 'RIEC', 'Via het RIEC-overleg', 'Sanne', 'Doorgezet', d.report.description]) {
            assert.ok(!json.includes(hidden), `the reporter's card shows only the question, not "${hidden}"`);
        }
        assert.match(json, /"type":"Input.Text","id":"antwoord"/);
        const data = answerData(cards[0]);
        assert.equal(data.reportId, d.report.reportId);
        assert.equal(data.questionVersion, (before.handling?.version ?? 0) + 1);
        // No status line: the status did not change.
        assert.equal((await current(bot, d)).status, 'doorgezet');

        const answer = 'Meestal rond kwart over vijf, soms <b>later</b>.';
        await submit({ ...data, antwoord: `\n${answer} ` });
        assert.equal(lastTextTo(KIM), ANSWER_TEXTS.answered(d.report));
        const answeredPut = await cardPut(bot, d, data.questionVersion + 1);
        assert.match(cardText(putCard(answeredPut)), /Vraag aan melder beantwoord/);
        await settle(bot);
        const answerLine = threadLines(bot, d).at(-1) ?? '';
        assert.match(answerLine, new RegExp(`Antwoord van de melder\\*\\* op de vraag over ${d.report.reference}`));
        assert.ok(answerLine.includes('Meestal rond kwart over vijf, soms \\<b\\>later\\</b\\>.'), 'the answer, escaped');

        const report = await current(bot, d);
        assert.equal(report.status, 'doorgezet', 'the status does not change');
        assert.equal(report.handling?.questionState, 'beantwoord');
        const lines = await history(d);
        const asked = lines.find((e) => e.action === 'vraagMelder');
        const reply = lines.find((e) => e.action === 'antwoordMelder');
        assert.equal(asked?.note, question);
        assert.equal(asked?.actorName, 'Sanne Jansen');
        assert.equal(reply?.note, answer);
        assert.equal(reply?.actorAadObjectId, '', 'the reporter is not named in what survives the purge');
        const shownHistory = await press(bot, SANNE, d, 'case.geschiedenis');
        assert.match(shownHistory.text, /Vraag aan de melder:/);
        assert.match(shownHistory.text, /Antwoord van de melder:/);
        assert.match(shownHistory.text, /kwart over vijf/);
        // Delivered exactly once: no outbox row left, one card, one answer line.
        assert.deepEqual((await bot.app.reporting.store.listPendingOutbox(d.report.reportId)).filter((r) => r.purpose !== 'reminder').map((r) => r.rowKey), []);
        assert.equal(questionCards().length, 1);
        assert.equal(threadLines(bot, d).filter((l) => l.includes('Antwoord van de melder')).length, 1);
    });

    it('answering twice (a double click or a second try) stores one answer', async () => {
        const d = await deliveredReport(bot);
        await ask(d, 'Was er een kind bij?');
        await settle(bot);
        const data = answerData(questionCards().at(-1));
        await submit({ ...data, antwoord: 'Nee.' });
        const before = await snapshot(d);
        await submit({ ...data, antwoord: 'Nee.' });
        assert.equal(lastTextTo(KIM), ANSWER_TEXTS.alreadyAnswered(d.report));
        await submit({ ...data, antwoord: 'Toch wel, denk ik.' });
        assert.equal(lastTextTo(KIM), ANSWER_TEXTS.alreadyAnswered(d.report));
        await assertUnchanged(d, before);
        assert.equal((await history(d)).filter((e) => e.action === 'antwoordMelder').length, 1);
    });

    it('a second question replaces the open one: the old card is refused, the new one answered', async () => {
        const d = await deliveredReport(bot);
        await ask(d, 'Eerste vraag?');
        await settle(bot);
        const first = answerData(questionCards().at(-1));
        const second = await ask(d, 'Tweede, betere vraag?');
        assert.match(second.text, /Nieuwe vraag aan de melder gesteld door Sanne Jansen \(vervangt de open vraag\)/);
        await settle(bot);
        const next = answerData(questionCards().at(-1));
        assert.ok(next.questionVersion > first.questionVersion);
        assert.match(threadLines(bot, d).at(-1) ?? '', /vervangt de open vraag/);

        const before = await snapshot(d);
        await submit({ ...first, antwoord: 'Antwoord op de eerste' });
        assert.equal(lastTextTo(KIM), ANSWER_TEXTS.replaced(d.report));
        await assertUnchanged(d, before);
        await submit({ ...next, antwoord: 'Antwoord op de tweede' });
        assert.equal(lastTextTo(KIM), ANSWER_TEXTS.answered(d.report));
        await settle(bot);
        assert.match(threadLines(bot, d).at(-1) ?? '', /Antwoord op de tweede/);
        assert.ok(!threadLines(bot, d).some((l) => l.includes('Antwoord op de eerste')));
    });

    describe('bad input on the channel card: a notice on the card, nothing asked', () => {
        it('an empty question and a 10,000-character question', async () => {
            const d = await deliveredReport(bot);
            const before = await snapshot(d);
            const empty = await ask(d, '  \n ');
            assert.match(empty.text, /Typ eerst je vraag aan de melder\. Er is niets verstuurd\./);
            const missing = await press(bot, SANNE, d, 'case.vraagMelder');
            assert.match(missing.text, /Typ eerst je vraag aan de melder/);
            const long = await ask(d, 'x'.repeat(10_000));
            assert.match(long.text, /mag hoogstens 1000 tekens hebben\. Er is niets verstuurd\./);
            const forged = await press(bot, SANNE, d, 'case.vraagMelder', { reporterQuestion: { text: 'object' } });
            assert.match(forged.text, /hoort niet bij een kaart van de Signaalbot/);
            await assertUnchanged(d, before);
            assert.equal(questionCards().filter((c) => JSON.stringify(c).includes(d.report.reportId)).length, 0);
        });

        it('someone who is not a coordinator of the municipality (also the reporter herself) cannot ask', async () => {
            const d = await deliveredReport(bot);
            const before = await snapshot(d);
            const byKim = await ask(d, 'Mag ik mezelf iets vragen?', KIM);
            assert.match(byKim.text, new RegExp(CASE_TEXTS.notCoordinator('Brummen').slice(0, 40)));
            await assertUnchanged(d, before);
        });

        it('a reporter without a 1:1 chat with the bot: the coordinator is told on the card', async () => {
            const d = await deliveredReport(bot, {}, PIETER);
            const before = await snapshot(d);
            const answered = await ask(d, 'Kun je bellen?');
            assert.equal(answered.statusCode, 200);
            assert.ok(answered.text.includes(CASE_TEXTS.noReporterChat), answered.text);
            assert.doesNotMatch(answered.text, /wacht op antwoord/);
            await assertUnchanged(d, before);
            assert.equal(bot.connector.sentTo(chatOf(PIETER)).length, 0);
        });

        it('a stale card (someone acted first) is a conflict, not a question', async () => {
            const d = await deliveredReport(bot);
            await press(bot, SANNE, d, 'case.oppakken');
            const before = await snapshot(d);
            const stale = await press(bot, SANNE, d, 'case.vraagMelder', { reporterQuestion: 'Nog iets?' }, 0);
            assert.match(stale.text, /Iemand was je net voor/);
            await assertUnchanged(d, before);
        });
    });

    describe('bad answers: a clear Dutch message, nothing stored', () => {
        let d: Delivered;
        let data: ReturnType<typeof answerData>;
        beforeEach(async () => {
            d = await deliveredReport(bot);
            await ask(d, 'Hoeveel mensen waren het?');
            await settle(bot);
            data = answerData(questionCards().at(-1));
        });

        it('an empty answer and a missing one', async () => {
            const before = await snapshot(d);
            await submit({ ...data, antwoord: '  \n  ' });
            assert.equal(lastTextTo(KIM), ANSWER_TEXTS.empty);
            await submit({ ...data });
            assert.equal(lastTextTo(KIM), ANSWER_TEXTS.empty);
            await assertUnchanged(d, before);
            assert.equal((await current(bot, d)).handling?.questionState, 'open', 'the question stays open');
        });

        it('a 10,000-character answer', async () => {
            const before = await snapshot(d);
            await submit({ ...data, antwoord: 'y'.repeat(10_000) });
            assert.equal(lastTextTo(KIM), ANSWER_TEXTS.tooLong(10_000));
            await assertUnchanged(d, before);
        });

        it('a forged payload: no or a malformed questionVersion, a question never asked, a text that is no string, a malformed reportId', async () => {
            const before = await snapshot(d);
            await submit({ action: data.action, reportId: data.reportId, antwoord: 'Zonder versie' });
            assert.equal(lastTextTo(KIM), ANSWER_TEXTS.forged);
            await submit({ ...data, questionVersion: '1; drop', antwoord: 'Rare versie' });
            assert.equal(lastTextTo(KIM), ANSWER_TEXTS.forged);
            await submit({ ...data, questionVersion: data.questionVersion + 5, antwoord: 'Nooit gevraagd' });
            assert.equal(lastTextTo(KIM), ANSWER_TEXTS.forged);
            await submit({ ...data, antwoord: { text: 'object' } });
            assert.equal(lastTextTo(KIM), ANSWER_TEXTS.forged);
            await submit({ ...data, reportId: 'not-a-report', antwoord: 'Rare melding' });
            assert.equal(lastTextTo(KIM), ANSWER_TEXTS.notYours);
            await submit({ ...data, reportId: '0'.repeat(32), antwoord: 'Onbekende melding' });
            assert.equal(lastTextTo(KIM), ANSWER_TEXTS.notYours);
            await assertUnchanged(d, before);
        });

        it('someone other than the reporter: another colleague, the coordinator, the reporter from another tenant', async () => {
            const before = await snapshot(d);
            const other: Person = { id: '29:colleague-other', name: 'Olaf Anders', aadObjectId: randomUUID() };
            await submit({ ...data, antwoord: 'Vals antwoord' }, other);
            assert.equal(lastTextTo(other), ANSWER_TEXTS.notYours);
            await submit({ ...data, antwoord: 'Vals antwoord' }, SANNE);
            assert.equal(lastTextTo(SANNE), ANSWER_TEXTS.notYours);
            const foreign = { ...cardSubmit({ ...data, antwoord: 'Vals' }, { serviceUrl: serviceUrl(), from: KIM }) };
            foreign.conversation = { ...foreign.conversation, tenantId: '99999999-8888-4777-8666-555555555555' };
            await bot.post(foreign);
            await assertUnchanged(d, before);
            assert.equal((await current(bot, d)).handling?.questionState, 'open');
        });

        it('outside the personal chat', async () => {
            const before = await snapshot(d);
            const inGroup = { ...cardSubmit({ ...data, antwoord: 'In de groep' }, { serviceUrl: serviceUrl(), from: KIM }) };
            inGroup.conversation = { id: 'a:groupchat', conversationType: 'groupChat', tenantId: d.report.reporter.tenantId } as typeof inGroup.conversation;
            await bot.post(inGroup);
            assert.ok(bot.connector.sentTo('a:groupchat').some((a) => a.text === ANSWER_TEXTS.onlyInPersonalChat));
            await assertUnchanged(d, before);
        });
    });

    it('a purged report: the waiting question card and answer line go with the purge, the history texts are blanked, nothing is left in its partition, and a late answer is refused', async () => {
        const d = await deliveredReport(bot);
        const q1 = `VRAAG1-${randomUUID()}`;
        const a1 = `ANTWOORD1-${randomUUID()}`;
        const q2 = `VRAAG2-${randomUUID()}`;
        await press(bot, SANNE, d, 'case.oppakken');
        await ask(d, q1);
        await settle(bot);
        const first = answerData(questionCards().at(-1));
        // Teams holds the thread, then Kim's chat, so the rows with the texts are still waiting at the purge.
        const thread = bot.connector.hold((method, path) => method === 'POST' && decodeURIComponent(path).includes(`;messageid=${d.activityId}/`));
        await submit({ ...first, antwoord: a1 });
        assert.equal(lastTextTo(KIM), ANSWER_TEXTS.answered(d.report));
        await thread.arrived;
        // From here Kim's turn replies would wait too: she says nothing until the hold ends.
        const kimsChat = bot.connector.hold((method, path) => method === 'POST' && decodeURIComponent(path).includes(`${chatOf(KIM)}/`));
        // (The worker's pass waits on the held thread line, so the question card stays queued behind it.)
        await ask(d, q2);
        const pending = await bot.app.reporting.store.listPendingOutbox(d.report.reportId);
        assert.ok(pending.some((r) => r.purpose === 'person' && r.questionVersion !== undefined && r.text === q2), 'the question card row waits with the question');
        assert.ok(pending.some((r) => r.purpose === 'thread' && r.text?.includes(a1)), 'the answer line waits with the answer');
        const second = (await current(bot, d)).handling?.questionVersion ?? 0;
        await press(bot, SANNE, d, 'case.afsluiten', { closeReason: 'geen_mensenhandel' });

        clock.advance(31 * DAY);
        const result = await bot.app.cases.purger.run();
        assert.ok(result.purged.includes(d.report.reportId));
        assert.ok(!threadLines(bot, d).some((l) => l.includes(a1)), 'the purged answer did not reach the thread');
        // Let go so the bot can stop. The answer line was in flight before the purge (the HTTP client may
        // send it again; a message sent during the purge is overwritten once it lands, see purgeOverwritesTeams.test.ts); the question card was
        // only queued, and the purge removed it.
        thread.drop();
        kimsChat.drop();
        await settle(bot);
        const lines = await history(d);
        assert.ok(lines.some((e) => e.action === 'vraagMelder') && lines.some((e) => e.action === 'antwoordMelder'), 'who did what stays');
        assert.ok(lines.every((e) => e.note === undefined), 'every question and answer text is blanked');
        const table = await bot.tables.table(REPORTS_TABLE);
        const raw: string[] = [];
        for await (const e of table.listEntities({ queryOptions: { filter: odata`PartitionKey eq ${reportPartitionKey(d.report.reportId)}` } })) raw.push(JSON.stringify(e));
        assert.ok(raw.length > 0);
        for (const secret of [q1, a1, q2]) assert.ok(!raw.some((r) => r.includes(secret)), `"${secret.slice(0, 8)}" is gone from every row of the report`);
        assert.ok(!questionCards().some((c) => JSON.stringify(c).includes(q2)), 'the purged question never reached Kim');
        const purgedCard = await press(bot, SANNE, d, 'case.kaart');
        assert.doesNotMatch(purgedCard.text, /Vraag aan melder/, 'the purged card neither shows nor offers the question');

        const before = await snapshot(d);
        await submit({ action: first.action, reportId: d.report.reportId, questionVersion: second, antwoord: 'Te laat' });
        assert.equal(lastTextTo(KIM), ANSWER_TEXTS.notYours);
        const refused = await press(bot, SANNE, d, 'case.vraagMelder', { reporterQuestion: 'Nog een vraag?' });
        assert.match(refused.text, /na de bewaartermijn verwijderd|niet bij de huidige status/);
        assert.equal((await current(bot, d)).handling?.version, before.version);
    });
});
