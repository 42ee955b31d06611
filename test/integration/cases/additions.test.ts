/**
 * Aanvullen over HTTP (issue 15, part 2): the real bot on Azurite with the fake connector. A reporter adds
 * to her own report from "Mijn meldingen" or by typing `aanvullen <kenmerk>`; the addition lands in the
 * history, the thread (text) and on the card (count), through the outbox. Every bad input gets a Dutch
 * answer and changes nothing.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { ADDITION_TEXTS } from '../../../bot/teams/handlers/additionResponder';
import { cardSubmit, personalMessage, SANNE, type Person } from '../../support/activities';
import { cardText, cardsIn, type TestBot } from '../../support/botHarness';
import { TableCaseHistory } from '../../../bot/storage/tables/tableCaseHistory';
import { ManualClock } from '../reports/reportTestKit';
import { KIM, cardPut, current, deliveredReport, press, putCard, settle, startCaseBot, threadLines, type Delivered } from './caseTestKit';

const chatOf = (p: Person) => `a:personal-${p.aadObjectId}`;
const DAY = 24 * 3600 * 1000;

describe('Aanvullen: a reporter adds to her own report', function () {
    this.timeout(30_000);
    let bot: TestBot;
    const clock = new ManualClock(Date.now());
    const serviceUrl = () => bot.connector.url;

    before(async () => {
        bot = await startCaseBot({ RETENTION_DAYS: '30', REPORT_RATE_LIMIT_PER_HOUR: '0' }, clock.now);
    });
    after(async () => bot?.close());

    const sentToKim = () => bot.connector.sentTo(chatOf(KIM));
    const lastTextTo = (p: Person) => String(bot.connector.sentTo(chatOf(p)).filter((a) => typeof a.text === 'string' && a.text !== '').at(-1)?.text ?? '');
    const say = (text: string, from: Person = KIM) => bot.post(personalMessage(text, { serviceUrl: serviceUrl(), from }));
    const submit = (value: Record<string, unknown>, from: Person = KIM) => bot.post(cardSubmit(value, { serviceUrl: serviceUrl(), from }));

    /** Opens the form from "Mijn meldingen" as Kim would, and returns the form's submit data. */
    async function openForm(d: Delivered): Promise<{ reportId: string; additionId: string }> {
        await say('mijn meldingen');
        const list = cardsIn(sentToKim()).at(-1);
        const json = JSON.stringify(list);
        assert.match(json, new RegExp(`"action":"aanvulling.start","reportId":"${d.report.reportId}"`), 'an Aanvullen button per report');
        await submit({ action: 'aanvulling.start', reportId: d.report.reportId });
        const form = cardsIn(sentToKim()).at(-1);
        assert.match(cardText(form), new RegExp(`Aanvullen: melding ${d.report.reference}`));
        const data = /"action":"aanvulling.opslaan","reportId":"([0-9a-f]{32})","additionId":"([^"]+)"/.exec(JSON.stringify(form));
        assert.ok(data, 'the form carries reportId and a fresh additionId');
        return { reportId: data[1], additionId: data[2] };
    }

    /** Nothing changed for the report: same version and count, no card update or thread line sent. */
    async function assertUnchanged(d: Delivered, before: { version: number; calls: number }) {
        await settle(bot);
        const now = await current(bot, d);
        assert.equal(now.handling?.version ?? 0, before.version, 'version unchanged');
        assert.equal(now.handling?.additions, undefined, 'no addition counted');
        const toChannel = bot.connector.calls.slice(before.calls).filter((c) => c.method === 'PUT' || (c.method === 'POST' && c.conversationId?.startsWith('19:')));
        assert.deepEqual(toChannel.map((c) => `${c.method} ${c.path}`), [], 'nothing sent to the channel');
    }
    const snapshot = async (d: Delivered) => ({ version: (await current(bot, d)).handling?.version ?? 0, calls: bot.connector.calls.length });

    it('Mijn meldingen -> Aanvullen -> opslaan: history, thread line with the text, card with the count, a Dutch confirmation', async () => {
        const d = await deliveredReport(bot);
        const form = await openForm(d);
        const text = 'De bus kwam vandaag weer, nu met *twee* extra mensen. Kenteken begint met 12.';
        await submit({ action: 'aanvulling.opslaan', ...form, aanvulling: `  ${text}  ` });
        assert.equal(lastTextTo(KIM), ADDITION_TEXTS.added(d.report));

        const put = await cardPut(bot, d, 1);
        assert.match(cardText(putCard(put)), /Aanvullingen van de melder/);
        assert.match(cardText(putCard(put)), /^1 \(tekst in de thread/m);
        await settle(bot);
        const lines = threadLines(bot, d);
        assert.equal(lines.length, 1, lines.join(' | '));
        assert.match(lines[0], new RegExp(`Aanvulling van de melder\\*\\* op ${d.report.reference}`));
        assert.ok(lines[0].includes('De bus kwam vandaag weer, nu met \\*twee\\* extra mensen.'), 'the text, markdown escaped');
        assert.doesNotMatch(lines[0], /Heropenen/, 'an open report is not offered for reopening');

        const report = await current(bot, d);
        assert.equal(report.status, 'nieuw', 'an addition does not change the status');
        assert.equal(report.handling?.additions, 1);
        const history = await new TableCaseHistory(bot.app.reporting.store, bot.tables).history(d.report.reportId);
        assert.equal(history.length, 1);
        assert.equal(history[0].action, 'aanvulling');
        assert.equal(history[0].note, text);
        assert.equal(history[0].actorAadObjectId, '', 'the reporter is not named in what survives the purge');
        assert.notEqual(history[0].actorName, KIM.name);

        // The coordinators see it under Geschiedenis.
        const shown = await press(bot, SANNE, d, 'case.geschiedenis');
        assert.match(shown.text, /Aanvulling van de melder/);
        assert.match(shown.text, /Kenteken begint met 12/);
    });

    it('a second press of the same form stores one addition', async () => {
        const d = await deliveredReport(bot);
        const form = await openForm(d);
        await submit({ action: 'aanvulling.opslaan', ...form, aanvulling: 'Eén keer' });
        await submit({ action: 'aanvulling.opslaan', ...form, aanvulling: 'Eén keer' });
        assert.equal(lastTextTo(KIM), ADDITION_TEXTS.duplicate(d.report));
        await settle(bot);
        assert.equal((await current(bot, d)).handling?.additions, 1);
        assert.equal(threadLines(bot, d).length, 1);
    });

    it('typed: "aanvullen <kenmerk> <tekst>" stores at once; "aanvullen <kenmerk>" shows the form', async () => {
        const d = await deliveredReport(bot);
        await say(`aanvullen ${d.report.reference.toLowerCase()}: Vandaag stond er een tweede busje, Poolse kentekens.`);
        assert.equal(lastTextTo(KIM), ADDITION_TEXTS.added(d.report));
        await settle(bot);
        assert.equal((await current(bot, d)).handling?.additions, 1);
        assert.ok(threadLines(bot, d)[0]?.includes('Vandaag stond er een tweede busje, Poolse kentekens.'), 'case and punctuation kept');

        await say(`aanvullen ${d.report.reference}`);
        assert.match(cardText(cardsIn(sentToKim()).at(-1)), new RegExp(`Aanvullen: melding ${d.report.reference}`));
        await say('aanvullen');
        assert.equal(lastTextTo(KIM), ADDITION_TEXTS.noReference);
    });

    it('a closed report: the addition is stored, the thread asks the coordinators whether to reopen, the status stays', async () => {
        const d = await deliveredReport(bot);
        await press(bot, SANNE, d, 'case.oppakken');
        await press(bot, SANNE, d, 'case.afsluiten', { closeReason: 'geen_mensenhandel' });
        await settle(bot);
        const form = await openForm(d);
        assert.match(cardText(cardsIn(sentToKim()).at(-1)), /Deze melding is afgesloten/);
        await submit({ action: 'aanvulling.opslaan', ...form, aanvulling: 'Ze zijn terug.' });
        assert.equal(lastTextTo(KIM), ADDITION_TEXTS.addedClosed(d.report));
        const put = await cardPut(bot, d, 3);
        assert.match(cardText(putCard(put)), /Afgesloten/, 'the card keeps its status');
        const reopen = await press(bot, SANNE, d, 'case.kaartVerversen');
        assert.match(JSON.stringify(reopen.card), /"verb":"case.heropenen"/, "the coordinator's view keeps its Heropenen button");
        await settle(bot);
        const line = threadLines(bot, d).at(-1) ?? '';
        assert.match(line, /Ze zijn terug\./);
        assert.match(line, /afgesloten.*Heropenen/s);
        const report = await current(bot, d);
        assert.equal(report.status, 'afgesloten');
        assert.equal(report.handling?.closedAt !== undefined, true, 'the retention clock is not reset by the reporter');
        // The coordinators' Heropenen still works on the updated card.
        const reopened = await press(bot, SANNE, d, 'case.heropenen');
        assert.match(reopened.text, /Heropend door Sanne Jansen/);
    });

    describe('bad input: a clear Dutch message, nothing changed', () => {
        it('an empty addition', async () => {
            const d = await deliveredReport(bot);
            const form = await openForm(d);
            const before = await snapshot(d);
            await submit({ action: 'aanvulling.opslaan', ...form, aanvulling: '   \n ' });
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.empty);
            await submit({ action: 'aanvulling.opslaan', ...form });
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.empty);
            await assertUnchanged(d, before);
        });

        it('a 10,000-character addition (form and typed)', async () => {
            const d = await deliveredReport(bot);
            const form = await openForm(d);
            const before = await snapshot(d);
            await submit({ action: 'aanvulling.opslaan', ...form, aanvulling: 'x'.repeat(10_000) });
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.tooLong(10_000));
            await say(`aanvullen ${d.report.reference} ${'y'.repeat(10_000)}`);
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.tooLong(10_000));
            await assertUnchanged(d, before);
        });

        it('a reference that does not exist, and one that is malformed', async () => {
            const d = await deliveredReport(bot);
            const before = await snapshot(d);
            await say('aanvullen MH-1999-9999 Er is meer.');
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.notYours);
            await say('aanvullen MH-1999-9999');
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.notYours);
            await submit({ action: 'aanvulling.start', reportId: '0'.repeat(32) });
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.notYours);
            await assertUnchanged(d, before);
        });

        it("someone else's report: typed reference, the start button and a save with its reportId all get the same answer", async () => {
            const d = await deliveredReport(bot);
            const form = await openForm(d);
            const before = await snapshot(d);
            const other: Person = { id: '29:colleague-other', name: 'Olaf Anders', aadObjectId: randomUUID() };
            await say(`aanvullen ${d.report.reference} Ik weet er ook iets van.`, other);
            assert.equal(lastTextTo(other), ADDITION_TEXTS.notYours);
            await submit({ action: 'aanvulling.start', reportId: d.report.reportId }, other);
            assert.equal(lastTextTo(other), ADDITION_TEXTS.notYours);
            await submit({ action: 'aanvulling.opslaan', ...form, aanvulling: 'Vals' }, other);
            assert.equal(lastTextTo(other), ADDITION_TEXTS.notYours);
            // Even a coordinator of the municipality cannot add in the reporter's name.
            await submit({ action: 'aanvulling.opslaan', ...form, aanvulling: 'Vals' }, SANNE);
            assert.equal(lastTextTo(SANNE), ADDITION_TEXTS.notYours);
            await assertUnchanged(d, before);
        });

        it('a forged payload: no additionId, a malformed one, a text that is no string', async () => {
            const d = await deliveredReport(bot);
            const form = await openForm(d);
            const before = await snapshot(d);
            await submit({ action: 'aanvulling.opslaan', reportId: form.reportId, aanvulling: 'Zonder id' });
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.forged);
            await submit({ action: 'aanvulling.opslaan', reportId: form.reportId, additionId: '<script>', aanvulling: 'Rare id' });
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.forged);
            await submit({ action: 'aanvulling.opslaan', ...form, aanvulling: { text: 'object' } });
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.forged);
            await submit({ action: 'aanvulling.opslaan', reportId: 'not-a-report', additionId: form.additionId, aanvulling: 'Rare melding' });
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.notYours);
            await assertUnchanged(d, before);
        });

        it('outside the personal chat: refused, nothing stored', async () => {
            const d = await deliveredReport(bot);
            const before = await snapshot(d);
            const channel = { ...personalMessage(`aanvullen ${d.report.reference} In het kanaal`, { serviceUrl: serviceUrl(), from: KIM }), conversation: { id: 'a:groupchat', conversationType: 'groupChat', tenantId: d.report.reporter.tenantId } };
            await bot.post(channel);
            assert.ok(bot.connector.sentTo('a:groupchat').some((a) => a.text === ADDITION_TEXTS.onlyInPersonalChat));
            await assertUnchanged(d, before);
        });

        it('a purged report: same neutral answer; and the purge blanks the addition text in history and outbox', async () => {
            const d = await deliveredReport(bot);
            await press(bot, SANNE, d, 'case.oppakken');
            await press(bot, SANNE, d, 'case.afsluiten', { closeReason: 'geen_mensenhandel' });
            const form = await openForm(d);
            const secret = `GEHEIM-${randomUUID()}`;
            // Teams holds the thread line, so the row with the text is still waiting when the purge comes.
            const held = bot.connector.hold((method, path) => method === 'POST' && decodeURIComponent(path).includes(`;messageid=${d.activityId}/`));
            await submit({ action: 'aanvulling.opslaan', ...form, aanvulling: secret });
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.addedClosed(d.report));
            const pending = await bot.app.reporting.store.listPendingOutbox(d.report.reportId);
            assert.ok(pending.some((r) => r.purpose === 'thread' && r.text?.includes(secret)), 'the thread row waits with the text');

            clock.advance(31 * DAY);
            const result = await bot.app.cases.purger.run();
            assert.ok(result.purged.includes(d.report.reportId));
            // The held line stays held to the end: Teams has not taken it, and after the purge nobody should.
            await held.arrived;
            const history = await new TableCaseHistory(bot.app.reporting.store, bot.tables).history(d.report.reportId);
            assert.ok(history.every((e) => !e.note?.includes(secret)), 'the addition text is blanked in the history');
            const after = await bot.app.reporting.store.listPendingOutbox(d.report.reportId);
            assert.ok(after.every((r) => !r.text?.includes(secret)), 'the waiting thread row went with the purge');

            const before = await snapshot(d);
            await say(`aanvullen ${d.report.reference} Nog iets.`);
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.notYours);
            await submit({ action: 'aanvulling.opslaan', ...form, additionId: randomUUID(), aanvulling: 'Nog iets' });
            assert.equal(lastTextTo(KIM), ADDITION_TEXTS.notYours);
            assert.equal((await current(bot, d)).handling?.version, before.version);
            assert.equal(threadLines(bot, d).filter((l) => /Aanvulling/.test(l)).length, 0, 'no addition reached the thread');
            // Let go so the bot can stop; the call was already in flight before the purge (see README: a
            // thread line Teams has taken is Teams' to keep).
            held.drop();
        });
    });
});
