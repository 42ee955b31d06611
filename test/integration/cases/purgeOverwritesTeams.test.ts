/**
 * Retention reaches into Teams: the bot on Azurite with the fake connector. A reporter adds to her report,
 * a coordinator asks her a question and she answers; those texts went out as thread lines and as a 1:1
 * card. After the retention purge every one of those messages is overwritten where it landed, so no
 * message a Teams user can still open shows what was typed, and no record of where they landed stays.
 */
import assert from 'node:assert/strict';
import { odata } from '@azure/data-tables';
import { cardSubmit, personalMessage, SANNE } from '../../support/activities';
import { cardsIn, type TestBot } from '../../support/botHarness';
import { REDACTED_MESSAGE_TEXT } from '../../../bot/reports/ports';
import { REPORTS_TABLE, reportPartitionKey } from '../../../bot/storage/tables/tableReportStore';
import { ManualClock } from '../reports/reportTestKit';
import { KIM, deliveredReport, press, settle, startCaseBot, threadLines } from './caseTestKit';

const DAY = 24 * 3600 * 1000;
const chatOfKim = `a:personal-${KIM.aadObjectId}`;

describe('Retention overwrites the messages in Teams that showed typed text', function () {
    this.timeout(30_000);
    let bot: TestBot;
    const clock = new ManualClock(Date.now());
    const serviceUrl = () => bot.connector.url;
    const say = (text: string) => bot.post(personalMessage(text, { serviceUrl: serviceUrl(), from: KIM }));
    const submit = (value: Record<string, unknown>) => bot.post(cardSubmit(value, { serviceUrl: serviceUrl(), from: KIM }));

    before(async () => {
        bot = await startCaseBot({ RETENTION_DAYS: '30', REPORT_RATE_LIMIT_PER_HOUR: '0' }, clock.now);
    });
    after(async () => bot?.close());

    it('an addition, a question to the reporter and her answer: thread lines and the 1:1 card are overwritten after the purge', async () => {
        const d = await deliveredReport(bot);
        const addition = 'AANVULLING-Kenteken-12-XYZ';
        const question = 'VRAAG-Welk-huisnummer';
        const answer = 'ANTWOORD-Nummer-14';
        await press(bot, SANNE, d, 'case.oppakken');

        await say('mijn meldingen');
        await submit({ action: 'aanvulling.start', reportId: d.report.reportId });
        const form = /"action":"aanvulling.opslaan","reportId":"([0-9a-f]{32})","additionId":"([^"]+)"/.exec(JSON.stringify(cardsIn(bot.connector.sentTo(chatOfKim)).at(-1)));
        assert.ok(form);
        await submit({ action: 'aanvulling.opslaan', reportId: form[1], additionId: form[2], aanvulling: addition });

        await press(bot, SANNE, d, 'case.vraagMelder', { reporterQuestion: question });
        await settle(bot);
        const card = cardsIn(bot.connector.sentTo(chatOfKim)).find((c) => JSON.stringify(c).includes(question));
        const asked = /"data":\{"action":"melderVraag.antwoorden","reportId":"([0-9a-f]{32})","questionVersion":(\d+)\}/.exec(JSON.stringify(card));
        assert.ok(asked, 'the question card reached Kim');
        await submit({ action: 'melderVraag.antwoorden', reportId: asked[1], questionVersion: Number(asked[2]), antwoord: answer });
        await press(bot, SANNE, d, 'case.afsluiten', { closeReason: 'geen_mensenhandel' });
        await settle(bot);
        const lines = threadLines(bot, d).join('\n');
        for (const t of [addition, question, answer]) assert.ok(lines.includes(t), `${t} reached the thread`);

        const showing = (text: string) => bot.connector.visibleMessages().filter((m) => JSON.stringify(m.body).includes(text));
        assert.ok(showing(question).some((m) => m.conversationId === chatOfKim), 'Kim\'s chat shows the question before the purge');

        clock.advance(31 * DAY);
        assert.ok((await bot.app.cases.purger.run()).purged.includes(d.report.reportId));
        await settle(bot);

        for (const t of [addition, question, answer]) assert.deepEqual(showing(t).map((m) => m.conversationId), [], `no message in Teams shows ${t}`);
        const overwritten = bot.connector.visibleMessages().filter((m) => m.body.text === REDACTED_MESSAGE_TEXT);
        assert.equal(overwritten.length, 4, 'three thread lines and the 1:1 question card');
        assert.equal(overwritten.filter((m) => m.conversationId === chatOfKim).length, 1);

        // Nothing keeps where they were: the records went with the overwrite.
        const table = await bot.tables.table(REPORTS_TABLE);
        const rows: Record<string, unknown>[] = [];
        for await (const e of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${reportPartitionKey(d.report.reportId)}` } })) rows.push(e);
        assert.deepEqual(rows.filter((r) => String(r.rowKey).startsWith('fu_')).map((r) => `${String(r.rowKey)} ${String(r.state)}`), []);
        assert.ok(rows.every((r) => !JSON.stringify(r).includes(KIM.aadObjectId)), 'nothing in the partition ties the report to Kim');
    });

    it('a message overwrite Teams refuses for good (the message was deleted) is given up, and its record goes', async () => {
        const d = await deliveredReport(bot);
        await press(bot, SANNE, d, 'case.oppakken');
        await press(bot, SANNE, d, 'case.vraagMelder', { reporterQuestion: 'VRAAG-weg' });
        await press(bot, SANNE, d, 'case.afsluiten', { closeReason: 'geen_mensenhandel' });
        await settle(bot);
        clock.advance(31 * DAY);
        bot.connector.failNext(2, 404, undefined, (method) => method === 'PUT');
        await bot.app.cases.purger.run();
        await settle(bot);
        const table = await bot.tables.table(REPORTS_TABLE);
        const left: string[] = [];
        for await (const e of table.listEntities<Record<string, unknown>>({ queryOptions: { filter: odata`PartitionKey eq ${reportPartitionKey(d.report.reportId)}` } })) {
            if (String(e.rowKey).startsWith('fu_')) left.push(String(e.rowKey));
        }
        assert.deepEqual(left, []);
    });
});
