/**
 * Issue 17, start-up: the tables are opened together before the server listens (one listing, the
 * missing ones created side by side), so /readyz means a turn can store its state and the first turns
 * create no table; storage that is down at start delays readiness, not the start.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { TableServiceClient } from '@azure/data-tables';
import { BOT_TABLES } from '../../../bot/botTables';
import { createTableClientFactory } from '../../../bot/storage/tableClientFactory';
import { cardSubmit, personalMessage, type Person } from '../../support/activities';
import { startTestBot, type TestBot } from '../../support/botHarness';
import { StorageFaultProxy } from '../../support/storageFaultProxy';
import { testAzurite, uniquePrefix } from '../../support/testAzurite';

/** Short limits so a refused storage fails within a second instead of after the production retries. */
const LIMITS = { requestTimeoutMs: 400, maxRetries: 2, retryDelayMs: 20 };

describe('Start-up: the tables exist before /readyz says ready', function () {
    this.timeout(30_000);
    let proxy: StorageFaultProxy;
    let connectionString: string;
    let bot: TestBot | undefined;

    before(async () => {
        connectionString = (await testAzurite()).connectionString;
        const endpoint = /TableEndpoint=([^;]+)/.exec(connectionString)?.[1];
        assert.ok(endpoint);
        proxy = await StorageFaultProxy.start(endpoint);
    });
    afterEach(async () => {
        await bot?.close();
        bot = undefined;
        await proxy.pass();
    });
    after(async () => {
        await proxy?.close();
    });

    const viaProxy = (prefix: string) => createTableClientFactory({ kind: 'connectionString', connectionString: proxy.connectionString(connectionString) }, prefix, LIMITS);

    async function tablesWith(prefix: string): Promise<string[]> {
        const names: string[] = [];
        for await (const table of TableServiceClient.fromConnectionString(connectionString, { allowInsecureConnection: true }).listTables()) {
            if (table.name?.startsWith(prefix)) names.push(table.name.slice(prefix.length));
        }
        return names.sort();
    }

    it('creates every table of the bot before it listens, and a first question and a first report turn create none', async () => {
        const prefix = uniquePrefix('start');
        bot = await startTestBot({ tables: viaProxy(prefix) });
        assert.deepEqual(await tablesWith(prefix), [...BOT_TABLES].sort());
        assert.equal((await fetch(`${bot.url}/readyz`)).status, 200);

        await proxy.pass(); // empties the request log
        const anne: Person = { id: '29:start-anne', name: 'Anne', aadObjectId: randomUUID() };
        const serviceUrl = bot.connector.url;
        assert.equal((await bot.post(personalMessage('wat zijn signalen van arbeidsuitbuiting?', { serviceUrl, from: anne }))).status, 200);
        assert.equal((await bot.post(personalMessage('ik wil iets melden', { serviceUrl, from: anne }))).status, 200);
        assert.equal((await bot.post(cardSubmit({ action: 'report.safety', acuteDanger: false }, { serviceUrl, from: anne }))).status, 200);
        assert.ok(proxy.requests.length > 0, 'the turns went to storage');
        assert.equal(
            proxy.requests.filter((r) => r.operation === 'createTable').length,
            0,
            'no table created inside a turn',
        );
    });

    it('on a restart lists the tables once and creates none', async () => {
        const prefix = uniquePrefix('restart');
        await createTableClientFactory({ kind: 'connectionString', connectionString }, prefix).prepare(BOT_TABLES);
        await proxy.pass();
        await viaProxy(prefix).prepare(BOT_TABLES);
        assert.equal(proxy.requests.filter((r) => r.operation === 'createTable').length, 0, 'nothing created');
        assert.equal(proxy.requests.length, 1, `one listing, got ${proxy.requests.map((r) => r.operation).join(', ')}`);
    });

    it('only creates the tables that are missing', async () => {
        const prefix = uniquePrefix('part');
        await createTableClientFactory({ kind: 'connectionString', connectionString }, prefix).prepare(['BotState', 'Dedupe']);
        await proxy.pass();
        await viaProxy(prefix).prepare(BOT_TABLES);
        // The proxy sees a create's table name only in its body: count them, then look at what exists.
        assert.equal(proxy.requests.filter((r) => r.operation === 'createTable').length, BOT_TABLES.length - 2);
        assert.deepEqual(await tablesWith(prefix), [...BOT_TABLES].sort());
    });

    it('storage down at start: the bot still listens, /readyz says 503 until storage answers, then the first turn works', async () => {
        const prefix = uniquePrefix('down');
        await proxy.refuse();
        bot = await startTestBot({ tables: viaProxy(prefix) });
        assert.equal((await fetch(`${bot.url}/readyz`)).status, 503);
        await proxy.pass();
        assert.equal((await fetch(`${bot.url}/readyz`)).status, 200);
        const pieter: Person = { id: '29:start-pieter', name: 'Pieter', aadObjectId: randomUUID() };
        assert.equal((await bot.post(personalMessage('help', { serviceUrl: bot.connector.url, from: pieter }))).status, 200);
        assert.ok(bot.connector.sentTo(`a:personal-${pieter.aadObjectId}`).length > 0, 'the bot answered');
    });
});
