/**
 * Privacy and trust at the edges (issue 14), against the real server (restify, CloudAdapter, Tables on
 * Azurite, fake connector): Teams only, exact Connector hosts and a 400 at the door for what Teams never
 * sends, and invisible characters stripped where input enters. The logs are in logPrivacy.test.ts.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { TableClient, TableServiceClient } from '@azure/data-tables';
import sinon from 'sinon';
import { CASE_VERBS } from '../../../bot/cases/caseModel';
import { LOCAL_TENANT_ID } from '../../../bot/config';
import { createLogger } from '../../../bot/logger';
import { REPORTS_TABLE } from '../../../bot/storage/tables/tableReportStore';
import {
    ANNE,
    BRUMMEN_CHANNEL,
    SANNE,
    botAddedToTeam,
    cardActionInvoke,
    cardSubmit,
    channelActivityBase,
    personalInstall,
    personalMessage,
    type Person,
} from '../../support/activities';
import { cardText, cardsIn, startTestBot, type TestBot } from '../../support/botHarness';
import { freshTables } from '../../support/testAzurite';

type Snapshot = Record<string, unknown[]>;

/** Every entity of every table of this test's prefix: "nothing stored" means this did not change. */
async function snapshot(connectionString: string, prefix: string): Promise<Snapshot> {
    const service = TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true });
    const result: Snapshot = {};
    for await (const table of service.listTables()) {
        if (!table.name?.startsWith(prefix)) continue;
        const client = TableClient.fromConnectionString(connectionString, table.name, { allowInsecureConnection: true });
        const rows: unknown[] = [];
        for await (const entity of client.listEntities()) rows.push({ ...entity, etag: undefined, timestamp: undefined });
        result[table.name] = rows;
    }
    return result;
}

/** The characters issue 14 names: bidi controls and zero-width characters. */
const INVISIBLE = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u200B-\u200D\u2060\uFEFF\u180E]/u;

function yesterday(): string {
    return new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

describe('Privacy and trust at the edges (issue 14)', function () {
    this.timeout(30_000);
    let bot: TestBot;
    let connectionString: string;
    let prefix: string;
    let runSpy: sinon.SinonSpy;
    const logLines: string[] = [];

    before(async () => {
        const tables = await freshTables('edge');
        connectionString = tables.connectionString;
        prefix = tables.prefix;
        const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (logLines.push(chunk.toString()), done()) });
        bot = await startTestBot({ tables: tables.factory, logger: createLogger('trace', sink) });
        runSpy = sinon.spy(bot.app.bot, 'run');
    });
    after(async () => {
        runSpy?.restore();
        await bot?.close();
    });
    beforeEach(() => {
        runSpy.resetHistory();
        bot.connector.reset();
    });

    /** Posts and checks that the door answered 400 at once and nothing ran, was sent or was stored. */
    async function assertRefusedAtDoor(activity: object, label: string): Promise<void> {
        const before = await snapshot(connectionString, prefix);
        const started = Date.now();
        const res = await bot.post(activity);
        const ms = Date.now() - started;
        assert.equal(res.status, 400, `${label}: ${JSON.stringify(res.body)}`);
        assert.deepEqual(res.body, { error: 'not a Teams activity' }, label);
        // Before the fix a missing serviceUrl held the request ~10 s while the SDK tried to answer nowhere.
        assert.ok(ms < 2000, `${label}: answered after ${ms} ms`);
        assert.equal(runSpy.callCount, 0, `${label}: the bot must not see the activity`);
        assert.equal(bot.connector.calls.length, 0, `${label}: nothing may be sent`);
        assert.deepEqual(await snapshot(connectionString, prefix), before, `${label}: no Tables write`);
    }

    describe('item 1: Teams only', () => {
        // Everything else about these activities is right: our tenant, a known colleague, a loopback connector.
        for (const channelId of ['directline', 'webchat', 'emulator', 'test', 'MSTEAMS', '', undefined]) {
            it(`refuses channelId ${JSON.stringify(channelId)} at the door: 400, nothing runs or is stored`, async () => {
                const message = { ...personalMessage('ik wil iets melden', { serviceUrl: bot.connector.url }), channelId };
                await assertRefusedAtDoor(message, `message on ${channelId}`);
            });
        }

        it('refuses a coordinator identity claimed outside Teams (Direct Line with Sanne\'s aadObjectId, a case action)', async () => {
            const invoke = cardActionInvoke(CASE_VERBS.oppakken, { reportId: 'f'.repeat(32), version: 0 }, { serviceUrl: bot.connector.url, from: SANNE });
            await assertRefusedAtDoor({ ...invoke, channelId: 'directline' }, 'directline invoke');
        });

        it('answers the same activity on msteams normally (the door lets Teams through)', async () => {
            const res = await bot.post(personalMessage('hallo', { serviceUrl: bot.connector.url, conversationId: 'a:edge-teams-ok' }));
            assert.equal(res.status, 200);
            assert.equal(runSpy.callCount, 1);
            assert.ok(bot.connector.sentTo('a:edge-teams-ok').length > 0, 'the bot answered');
        });
    });

    describe('item 2: exact Connector hosts and the fields Teams always sends', () => {
        const untrusted = [
            // A Traffic Manager profile any Azure customer can create: the old suffix match let it in.
            'https://smba-evil.trafficmanager.net/emea/',
            'https://evil.trafficmanager.net/emea/',
            'https://smba.trafficmanager.net.evil.example/emea/',
            'https://directline.botframework.com/',
            'https://webchat.botframework.com/',
            'https://x.teams.microsoft.com/',
            // The right host, but not over https on the default port, or with credentials in the URL.
            'http://smba.trafficmanager.net/emea/',
            'https://smba.trafficmanager.net:8443/emea/',
            'https://user:pw@smba.trafficmanager.net/emea/',
            // Loopback-looking names that are not loopback.
            'http://127.0.0.1.nip.io:3978/',
            'http://localhost.evil.example/',
            'not a url',
        ];
        for (const serviceUrl of untrusted) {
            it(`refuses the serviceUrl ${serviceUrl}: 400, no reply attempted`, async () => {
                await assertRefusedAtDoor(personalMessage('ik wil iets melden', { serviceUrl }), serviceUrl);
            });
        }

        /** Activities as Teams and the Playground send them, each with one field Teams always sends taken away. */
        const shapes: [string, () => Record<string, unknown>][] = [
            ['a message', () => personalMessage('hallo', { serviceUrl: bot.connector.url })],
            ['a card submit', () => cardSubmit({ action: 'report.safety', acuteDanger: false }, { serviceUrl: bot.connector.url })],
            ['an installationUpdate', () => personalInstall({ serviceUrl: bot.connector.url })],
            ['a conversationUpdate', () => botAddedToTeam({ serviceUrl: bot.connector.url })],
            ['an invoke', () => cardActionInvoke(CASE_VERBS.oppakken, { reportId: 'f'.repeat(32), version: 0 }, { serviceUrl: bot.connector.url, from: SANNE })],
        ];
        const removals: [string, (a: Record<string, unknown>) => Record<string, unknown>][] = [
            ['no serviceUrl', ({ serviceUrl: _s, ...rest }) => rest],
            ['an empty serviceUrl', (a) => ({ ...a, serviceUrl: '' })],
            ['no from', ({ from: _f, ...rest }) => rest],
            ['from without id', (a) => ({ ...a, from: { name: 'Anne de Vries', aadObjectId: ANNE.aadObjectId } })],
            ['no recipient', ({ recipient: _r, ...rest }) => rest],
            ['no conversation', ({ conversation: _c, ...rest }) => rest],
            ['conversation without id', (a) => ({ ...a, conversation: { ...(a.conversation as object), id: undefined } })],
            ['no channelData', ({ channelData: _d, ...rest }) => rest],
            ['channelData without tenant', (a) => ({ ...a, channelData: { ...(a.channelData as object), tenant: undefined } })],
            ['two different tenants', (a) => ({ ...a, conversation: { ...(a.conversation as object), tenantId: '99999999-8888-4777-8666-555555555555' } })],
        ];
        for (const [shape, make] of shapes) {
            for (const [what, remove] of removals) {
                it(`refuses ${shape} with ${what}: 400 at once, before storage or dialogs`, async () => {
                    await assertRefusedAtDoor(remove(make()), `${shape}, ${what}`);
                });
            }
        }

        it('lets through every shape when nothing is missing (the Playground sends all these fields)', async () => {
            for (const [shape, make] of shapes) {
                const res = await bot.post(make());
                assert.equal(res.status, 200, `${shape}: ${JSON.stringify(res.body)}`);
            }
            assert.equal(runSpy.callCount, shapes.length);
        });
    });

    describe('item 4: bidi controls and zero-width characters are stripped where input enters', () => {
        const MALLORY: Person = { id: '29:colleague-mallory', name: 'Jan \u202Eteiw\u202C de\u200B\u2060 Vries\uFEFF', aadObjectId: '7a7b7c7d-1e2f-4a3b-8c4d-5e6f7a8b9c0d' };
        const personal = `a:personal-${MALLORY.aadObjectId}`;
        const say = (text: string) => bot.post(personalMessage(text, { serviceUrl: bot.connector.url, from: MALLORY }));
        const submit = (value: Record<string, unknown>) => bot.post(cardSubmit(value, { serviceUrl: bot.connector.url, from: MALLORY }));

        before(async () => {
            await bot.post(botAddedToTeam({ serviceUrl: bot.connector.url }));
        });

        it('a report with a disguised name and text reaches the channel card, storage and logs clean', async () => {
            logLines.length = 0;
            await say('ik wil iets\u200B melden');
            await submit({ action: 'report.safety', acuteDanger: false });
            await submit({
                action: 'report.details',
                municipality: 'Bru\u200Bmmen',
                forms: 'arbeid',
                description: 'Busje haalt elke ochtend \u202Emensen\u202C op bij een over\u200Bvol huis\u2066.\u2069',
                location: 'Dorps\u200Dstraat \u200E12\u200F',
                observedOn: yesterday(),
                workContext: 'anders',
                workContextOther: 'Wijk\u061Cteam\u180E',
            });
            await submit({ action: 'report.signals', indicators_arbeid: 'arb_huisvesting', peopleCount: '12', estimatedAge: '', minor: 'nee', informed: 'anders', informedOther: 'Huis\u200Barts' });
            const summary = cardsIn(bot.connector.sentTo(personal)).at(-1);
            assert.ok(summary && !INVISIBLE.test(JSON.stringify(summary)), 'the summary card is clean');
            const submissionId = /"action":"report\.send","submissionId":"([^"]+)"/.exec(JSON.stringify(summary))?.[1];
            assert.ok(submissionId, 'the report reached the summary (the municipality was read without its zero-width space)');
            await submit({ action: 'report.send', submissionId });

            const post = await bot.connector.waitFor((c) => c.method === 'POST' && c.path === '/v3/conversations' && c.failedWith === undefined);
            const channelCard = cardText(cardsIn([post.body.activity as Record<string, unknown>])[0]);
            assert.match(channelCard, /Jan teiw de Vries/, 'the name shows as its letters, without the override');
            assert.match(channelCard, /overvol huis/);
            assert.doesNotMatch(JSON.stringify(post.body), INVISIBLE, 'nothing invisible in the channel card');

            const reports = TableClient.fromConnectionString(connectionString, `${prefix}${REPORTS_TABLE}`, { allowInsecureConnection: true });
            let stored = 0;
            for await (const row of reports.listEntities()) {
                if (row.rowKey === 'report') stored++;
            }
            assert.equal(stored, 1, 'the report is stored');
            const everything = JSON.stringify(await snapshot(connectionString, prefix));
            assert.match(everything, /Jan teiw de Vries/, 'the stored reporter name is the clean one');
            assert.doesNotMatch(everything, INVISIBLE, 'nothing invisible anywhere in storage (report, state, registry, outbox)');
            assert.doesNotMatch(logLines.join(''), INVISIBLE, 'nothing invisible in the logs');
        });

        it('a case note sent in an invoke is stored and shown clean', async () => {
            const reports = TableClient.fromConnectionString(connectionString, `${prefix}${REPORTS_TABLE}`, { allowInsecureConnection: true });
            let report: { reportId: string; thread: string } | undefined;
            for await (const row of reports.listEntities<{ reportId?: string; deliveryConversationId?: string }>()) {
                if (row.rowKey === 'report') report = { reportId: row.partitionKey!.slice('rpt_'.length), thread: '' };
            }
            assert.ok(report);
            const stored = await bot.app.reporting.store.get(report.reportId);
            const thread = stored?.report.delivery.conversationId;
            assert.ok(thread, 'the report was delivered to the channel');
            const press = (verb: string, data: Record<string, unknown>) =>
                bot.post(cardActionInvoke(verb, { reportId: report!.reportId, version: stored!.report.handling?.version ?? 0, ...data }, {
                    serviceUrl: bot.connector.url,
                    from: SANNE,
                    threadConversationId: thread,
                    channelId: BRUMMEN_CHANNEL,
                }));
            const noted = await press(CASE_VERBS.notitie, { note: 'Gebeld met \u202Ede wijkagent\u202C, zij\u200B gaat langs.' });
            assert.equal(noted.status, 200, JSON.stringify(noted.body));
            const history = await press(CASE_VERBS.geschiedenis, {});
            const shown = cardText((history.body as { value?: unknown }).value);
            assert.match(shown.replace(/\\(.)/g, '$1'), /Gebeld met de wijkagent, zij gaat langs\./, 'the note is in the history');
            assert.doesNotMatch(JSON.stringify(history.body), INVISIBLE);
            assert.doesNotMatch(JSON.stringify(await snapshot(connectionString, prefix)), INVISIBLE, 'the stored note is clean');
        });

        it('a zero-width space inside a word no longer hides acute danger from the detector', async () => {
            // A conversation of its own: the report flow above showed 112 on its safety card already.
            const conversationId = 'a:edge-danger';
            const res = await bot.post(personalMessage('hij sla\u200Bat haar nu', { serviceUrl: bot.connector.url, from: MALLORY, conversationId }));
            assert.equal(res.status, 200);
            const cards = cardsIn(bot.connector.sentTo(conversationId));
            // The danger banner's own line; an ordinary answer card may name 112 as a contact too.
            assert.match(cards.map(cardText).join('\n'), /Is er nu direct gevaar\? Bel 112\./, 'the colleague gets the acute-danger banner');
        });

        it('a team and channel name with a bidi override is stored clean (conversation reference)', async () => {
            const channelId = '19:kanaal-rtl@thread.tacv2';
            const base = channelActivityBase({ serviceUrl: bot.connector.url, channelId, channelName: 'Meldingen \u202Enemmurb\u202C' });
            const res = await bot.post({ ...base, type: 'conversationUpdate', conversation: { ...base.conversation, id: channelId }, membersAdded: [{ id: SANNE.id }] });
            assert.equal(res.status, 200);
            const stored = await bot.app.registry.channel(channelId);
            assert.equal(stored?.channelName, 'Meldingen nemmurb');
            assert.equal(stored?.tenantId, LOCAL_TENANT_ID);
        });
    });
});
