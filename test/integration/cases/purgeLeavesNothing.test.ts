/**
 * The whole bot with retention due: a colleague reports through the cards, another leaves a draft, a
 * coordinator handles the report with notes and closes it; then the clock moves past the retention and
 * state periods and the bot's own jobs run. Afterwards no report text, no reporter name or id, no note and
 * no draft may be anywhere in storage (every table, raw entities), and the last channel card shows none.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { TableServiceClient, TableClient } from '@azure/data-tables';
import { LOCAL_TENANT_ID } from '../../../bot/config';
import { SANNE, botAddedToTeam, cardActionInvoke, cardSubmit, personalMessage, BRUMMEN_CHANNEL, type Person } from '../../support/activities';
import { cardText, cardsIn, startTestBot, type TestBot } from '../../support/botHarness';
import { freshTables } from '../../support/testAzurite';
import { ManualClock } from '../reports/reportTestKit';

const DAY = 24 * 3600 * 1000;
const marker = (what: string) => `MARKER${what}${randomUUID().slice(0, 8)}`;

describe('Retention leaves nothing: the running bot, all tables, the channel card', function () {
    this.timeout(60_000);
    let bot: TestBot;
    let connectionString: string;
    let prefix: string;
    const clock = new ManualClock(Date.now());

    before(async () => {
        const fresh = await freshTables('purge');
        ({ connectionString, prefix } = fresh);
        bot = await startTestBot({ tables: fresh.factory, env: { RETENTION_DAYS: '30', CONVERSATION_STATE_DAYS: '7', REPORT_RATE_LIMIT_PER_HOUR: '10' }, app: { clock: clock.now } });
        await bot.post(botAddedToTeam({ serviceUrl: bot.connector.url }));
    });
    after(async () => bot?.close());

    /** Every entity of every table of this bot, as raw JSON. */
    async function everything(): Promise<{ table: string; partitionKey: string; json: string }[]> {
        const service = TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true });
        const out: { table: string; partitionKey: string; json: string }[] = [];
        for await (const t of service.listTables()) {
            if (!t.name?.startsWith(prefix)) continue;
            const table = TableClient.fromConnectionString(connectionString, t.name, { allowInsecureConnection: true });
            for await (const e of table.listEntities()) out.push({ table: t.name, partitionKey: String(e.partitionKey), json: JSON.stringify(e) });
        }
        return out;
    }

    it('after the retention and state periods, no text, name, id, note or draft is left, and the card shows none', async () => {
        const serviceUrl = bot.connector.url;
        const reporter: Person = { id: '29:colleague-zwaan', name: marker('Naam'), aadObjectId: randomUUID() };
        const drafter: Person = { id: '29:colleague-reiger', name: marker('Naam'), aadObjectId: randomUUID() };
        const description = marker('Tekst');
        const place = marker('Plaats');
        const note = marker('Notitie');
        const closeNote = marker('Afsluiten');
        const draftText = marker('Concept');
        const observedOn = new Date(clock.now().getTime() - DAY).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

        // A report through the cards.
        await bot.post(personalMessage('ik wil iets melden', { serviceUrl, from: reporter }));
        await bot.post(cardSubmit({ action: 'report.safety', acuteDanger: false }, { serviceUrl, from: reporter }));
        await bot.post(cardSubmit({ action: 'report.details', municipality: 'Brummen', forms: 'arbeid', description, location: place, observedOn, workContext: 'handhaving' }, { serviceUrl, from: reporter }));
        await bot.post(cardSubmit({ action: 'report.signals', indicators_arbeid: 'arb_huisvesting', minor: 'nee', informed: 'niemand' }, { serviceUrl, from: reporter }));
        const summary = cardsIn(bot.connector.sentTo(`a:personal-${reporter.aadObjectId}`)).at(-1);
        const submissionId = /"action":"report\.send","submissionId":"([^"]+)"/.exec(JSON.stringify(summary))?.[1];
        assert.ok(submissionId);
        await bot.post(cardSubmit({ action: 'report.send', submissionId }, { serviceUrl, from: reporter }));
        const reference = /MH-\d{4}-\d{4}/.exec(cardText(cardsIn(bot.connector.sentTo(`a:personal-${reporter.aadObjectId}`)).at(-1)))?.[0];
        assert.ok(reference);

        // A second colleague leaves a draft half way.
        await bot.post(personalMessage('ik wil iets melden', { serviceUrl, from: drafter }));
        await bot.post(cardSubmit({ action: 'report.safety', acuteDanger: false }, { serviceUrl, from: drafter }));
        await bot.post(cardSubmit({ action: 'report.details', municipality: 'Brummen', forms: 'arbeid', description: draftText, observedOn, workContext: 'handhaving' }, { serviceUrl, from: drafter }));

        // The coordinator handles and closes the report.
        const post = await bot.connector.waitFor((c) => c.method === 'POST' && c.path === '/v3/conversations' && JSON.stringify(c.body).includes(reference));
        const reportId = /"reportId":"([0-9a-f]{32})"/.exec(JSON.stringify(post.body))?.[1];
        assert.ok(reportId);
        const press = async (verb: string, version: number, inputs: Record<string, unknown> = {}) => {
            const res = await bot.post(cardActionInvoke(verb, { reportId, version, ...inputs }, { serviceUrl, from: SANNE, threadConversationId: post.conversationId, channelId: BRUMMEN_CHANNEL, tenantId: LOCAL_TENANT_ID }));
            assert.equal(res.status, 200);
        };
        await bot.app.reporting.worker.idle();
        await press('case.oppakken', 0);
        await press('case.notitie', 1, { note });
        await press('case.afsluiten', 2, { closeReason: 'anders', closeNote });
        await bot.app.reporting.worker.idle();
        const before = (await everything()).map((e) => e.json).join('\n');
        for (const m of [description, place, note, draftText, reporter.name]) assert.ok(before.includes(m), `${m} was stored before (the test sees it)`);

        // Past both periods; the bot's own jobs run.
        clock.advance(31 * DAY);
        const purged = await bot.app.cases.purger.run();
        assert.deepEqual(purged.purged, [reportId]);
        await bot.app.botStorage.purgeExpired();
        await bot.app.reporting.limiter?.purgeExpired();
        await bot.app.reporting.worker.idle();

        const after = await everything();
        const all = after.map((e) => e.json).join('\n');
        for (const m of [description, place, note, closeNote, draftText, reporter.name, drafter.name]) assert.ok(!all.includes(m), `${m} is gone from storage`);
        const linked = after.filter((e) => e.json.includes(reporter.aadObjectId) && (e.partitionKey.startsWith('rpt_') || e.table.endsWith('reportRate') || e.partitionKey.startsWith('by_')));
        assert.deepEqual(linked.map((e) => `${e.table}/${e.partitionKey}`), [], 'nothing ties the report to its reporter');
        assert.ok(!all.includes(submissionId), 'the submissionId (which the reportId hashes) is gone');
        // The reporter index holds a hash of the colleague beside the reportId: no row of it may name the report.
        const indexRows = after.filter((e) => /reporter/i.test(e.table) && e.json.includes(reportId));
        assert.deepEqual(indexRows.map((e) => `${e.table}/${e.partitionKey}`), [], 'no reporter index row names the purged report');
        const rateRows = after.filter((e) => e.table.endsWith('reportRate') && e.json.includes(reportId));
        assert.deepEqual(rateRows, [], 'no rate-limit slot pairs the colleague with the report');

        await bot.connector.waitFor((c) => c.method === 'PUT' && c.activityId === post.activityId && /bewaartermijn/.test(JSON.stringify(c.body)));
        const lastCard = JSON.stringify(bot.connector.calls.filter((c) => c.method === 'PUT' && c.activityId === post.activityId).at(-1)?.body);
        for (const m of [description, place, note, closeNote, reporter.name]) assert.ok(!lastCard.includes(m), `${m} is gone from the channel card`);
        // Nor does any message a Teams user can still open: the report flow's own card ended read-only without the text.
        const visible = bot.connector.visibleMessages().map((v) => JSON.stringify(v.body)).join('\n');
        for (const m of [description, place, note, closeNote, draftText]) assert.ok(!visible.includes(m), `${m} shows in no message in Teams`);

        // The drafter's conversation starts afresh: the draft is gone for the bot too.
        await bot.post(cardSubmit({ action: 'report.signals', indicators_arbeid: 'arb_huisvesting', minor: 'nee', informed: 'niemand' }, { serviceUrl, from: drafter }));
        assert.doesNotMatch(JSON.stringify(bot.connector.sentTo(`a:personal-${drafter.aadObjectId}`).at(-1)), new RegExp(draftText));
    });
});
