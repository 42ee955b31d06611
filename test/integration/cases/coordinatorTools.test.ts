/**
 * Coordinator tools over HTTP (issue 15, part 5): "open meldingen" and a typed reference in the personal
 * chat, on the real bot with Azurite and the fake connector.
 */
import assert from 'node:assert/strict';
import { LOCAL_TENANT_ID } from '../../../bot/config';
import { COORDINATOR_TEXTS } from '../../../bot/teams/handlers/coordinatorToolsResponder';
import { BRUMMEN_CHANNEL, FOREIGN_TENANT, PIETER, SANNE, botAddedToTeam, channelMessage, personalMessage, type Person } from '../../support/activities';
import { cardText, cardsIn, startTestBot, type TestBot } from '../../support/botHarness';
import { KIM, deliveredReport, press, settle, startCaseBot } from './caseTestKit';

const GROUP_ID = '7a6b5c4d-3e2f-4a1b-8c9d-0e1f2a3b4c5d';
const chatOf = (p: Person) => `a:personal-${p.aadObjectId}`;

async function ask(bot: TestBot, who: Person, text: string): Promise<{ card?: Record<string, unknown>; text: string }> {
    const before = bot.connector.sentTo(chatOf(who)).length;
    await bot.post(personalMessage(text, { serviceUrl: bot.connector.url, from: who }));
    const sent = bot.connector.sentTo(chatOf(who)).slice(before);
    return { card: cardsIn(sent).at(-1), text: sent.map((a) => String(a.text ?? '')).join('\n') };
}

describe('Coordinator tools: open meldingen and a typed reference', function () {
    this.timeout(30_000);

    describe('with the team group id known (deep links)', () => {
        let bot: TestBot;
        before(async () => {
            bot = await startTestBot({ env: { ALLOWED_TENANT_IDS: `${LOCAL_TENANT_ID},${FOREIGN_TENANT}`, REPORT_RATE_LIMIT_PER_HOUR: '0' } });
            const added = botAddedToTeam({ serviceUrl: bot.connector.url });
            await bot.post({ ...added, channelData: { ...added.channelData, team: { ...added.channelData.team, aadGroupId: GROUP_ID } } });
            await bot.post(personalMessage('hallo', { serviceUrl: bot.connector.url, from: KIM }));
        });
        after(async () => bot?.close());

        it('"open meldingen" lists the open reports of the own municipality, oldest first, each with a link to its channel card', async () => {
            const first = await deliveredReport(bot);
            const closed = await deliveredReport(bot);
            const zutphen = await deliveredReport(bot, { municipality: 'Zutphen' });
            const second = await deliveredReport(bot, { acuteDanger: true });
            await press(bot, SANNE, closed, 'case.oppakken');
            await press(bot, SANNE, closed, 'case.afsluiten', { closeReason: 'geen_mensenhandel' });
            await settle(bot);

            const { card } = await ask(bot, SANNE, 'open meldingen');
            assert.ok(card);
            const text = cardText(card);
            assert.match(text, /Open meldingen · Brummen/);
            const refs = [...text.matchAll(/MH-\d{4}-\d{4}/g)].map((m) => m[0]);
            assert.ok(refs.indexOf(first.report.reference) >= 0 && refs.indexOf(first.report.reference) < refs.indexOf(second.report.reference), 'oldest first');
            assert.ok(!refs.includes(closed.report.reference), 'closed reports are not open');
            assert.ok(!refs.includes(zutphen.report.reference), 'only the own municipality');
            assert.match(text, new RegExp(`${second.report.reference} · Brummen · ACUUT GEVAAR gemeld`));
            const json = JSON.stringify(card);
            const link = `https://teams.microsoft.com/l/message/${encodeURIComponent(BRUMMEN_CHANNEL)}/${first.activityId}?tenantId=${LOCAL_TENANT_ID}&groupId=${GROUP_ID}&parentMessageId=${first.activityId}`;
            assert.ok(json.includes(JSON.stringify(link).slice(1, -1)), `deep link to the first report's card in ${json.slice(0, 400)}`);

            // Pieter coordinates Zutphen: he sees the Zutphen report and none of Brummen.
            const pieter = cardText((await ask(bot, PIETER, 'open meldingen')).card);
            assert.match(pieter, new RegExp(zutphen.report.reference));
            assert.doesNotMatch(pieter, new RegExp(first.report.reference));
        });

        it('refuses someone who coordinates nothing, and any channel', async () => {
            assert.equal((await ask(bot, KIM, 'open meldingen')).text, COORDINATOR_TEXTS.notCoordinator);
            const before = bot.connector.calls.length;
            await bot.post(channelMessage('open meldingen', { serviceUrl: bot.connector.url, from: SANNE }));
            const replies = bot.connector.calls.slice(before).filter((c) => c.method === 'POST').map((c) => String(c.body.text ?? ''));
            assert.ok(replies.includes(COORDINATOR_TEXTS.onlyInPersonalChat), replies.join(' | '));
        });

        it("a typed reference: its municipality's coordinator gets the card (read-only, with the link), the reporter the status, anyone else the neutral answer", async () => {
            const d = await deliveredReport(bot);
            const sanne = await ask(bot, SANNE, d.report.reference.toLowerCase());
            assert.ok(sanne.card);
            assert.match(cardText(sanne.card), new RegExp(`· Brummen ·[^\n]*\nMelding ${d.report.reference} · `));
            assert.match(cardText(sanne.card), /Busje haalt elke ochtend/, 'the full card, for its coordinator');
            const json = JSON.stringify(sanne.card);
            assert.doesNotMatch(json, /Action\.Execute/, 'no case buttons outside the channel');
            assert.match(json, /"type":"Action\.OpenUrl"/);

            const kim = await ask(bot, KIM, d.report.reference);
            assert.match(cardText(kim.card), new RegExp(`${d.report.reference} · Brummen`));
            assert.match(cardText(kim.card), /Status\nNieuw/);
            assert.doesNotMatch(cardText(kim.card), /Busje haalt/, 'the reporter sees the status, not the card');

            assert.equal((await ask(bot, PIETER, d.report.reference)).text, COORDINATOR_TEXTS.unknownReference, "another municipality's coordinator");
            const other: Person = { id: '29:colleague-x', name: 'Xander', aadObjectId: '1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e' };
            assert.equal((await ask(bot, other, d.report.reference)).text, COORDINATOR_TEXTS.unknownReference, 'a colleague who is not the reporter');
            assert.equal((await ask(bot, SANNE, 'MH-1999-9999')).text, COORDINATOR_TEXTS.unknownReference, 'a reference that does not exist');
        });
    });

    describe('without the team group id', () => {
        let bot: TestBot;
        before(async () => {
            bot = await startCaseBot({ REPORT_RATE_LIMIT_PER_HOUR: '0' });
        });
        after(async () => bot?.close());

        it('degrades to the reference and the channel name, with no link', async () => {
            const d = await deliveredReport(bot);
            const { card } = await ask(bot, SANNE, 'open meldingen');
            const json = JSON.stringify(card);
            assert.doesNotMatch(json, /Action\.OpenUrl/);
            assert.match(cardText(card), new RegExp(`Meldingen Brummen: zoek daar op ${d.report.reference}`));
            const shown = await ask(bot, SANNE, d.report.reference);
            assert.doesNotMatch(JSON.stringify(shown.card), /Action\.(OpenUrl|Execute)/);
            assert.match(cardText(shown.card), new RegExp(`Behandel de melding op de kaart in Meldingen Brummen \\(zoek op ${d.report.reference}\\)`));
        });
    });
});
