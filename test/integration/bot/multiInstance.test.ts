/**
 * Two bot instances (each its own buildApp, restify server, CloudAdapter, Table clients and outbox
 * worker) on one Azurite, as two App Service instances behind one load balancer would run. Teams may
 * send each activity of a conversation to either instance.
 */
import assert from 'node:assert/strict';
import { buildApp, type App } from '../../../bot/app';
import { loadConfig } from '../../../bot/config';
import { createSilentLogger } from '../../../bot/logger';
import { REPORTS_TABLE } from '../../../bot/storage/tables/tableReportStore';
import { createTableClientFactory } from '../../../bot/storage/tableClientFactory';
import { ANNE, PIETER, botAddedToTeam, cardSubmit, personalMessage, type Person } from '../../support/activities';
import { cardText, cardsIn } from '../../support/botHarness';
import { FakeConnector } from '../../support/fakeConnector';
import { freshTables } from '../../support/testAzurite';

interface Instance {
    app: App;
    url: string;
}

async function post(url: string, activity: object): Promise<number> {
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    await res.arrayBuffer();
    return res.status;
}

const yesterday = () => new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

describe('Two bot instances sharing one storage', function () {
    this.timeout(60_000);
    const connector = new FakeConnector();
    let a: Instance;
    let b: Instance;
    let prefix: string;
    let connectionString: string;

    async function start(): Promise<Instance> {
        // Each instance gets its own Table clients, as a separate process would.
        const tables = createTableClientFactory({ kind: 'connectionString', connectionString }, prefix);
        const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', REPORT_RATE_LIMIT_PER_HOUR: '100' }, ['--local']);
        // Short polls so that both workers really compete for every outbox row, not only the one kicked.
        const app = buildApp(config, tables, createSilentLogger(), { outbox: { baseDelayMs: 20, maxDelayMs: 200, pollIntervalMs: 50 } });
        return { app, url: await app.listen() };
    }

    before(async () => {
        await connector.start();
        ({ prefix, connectionString } = await freshTables('multi'));
        [a, b] = await Promise.all([start(), start()]);
        assert.equal(await post(a.url, botAddedToTeam({ serviceUrl: connector.url })), 200);
    });
    after(async () => {
        await Promise.all([a?.app.close(), b?.app.close()]);
        await connector.stop();
    });

    const personal = (p: Person) => `a:personal-${p.aadObjectId}`;
    const lastCard = (p: Person) => cardsIn(connector.sentTo(personal(p))).at(-1);
    const submissionIdOf = (p: Person) => /"action":"report\.send","submissionId":"([^"]+)"/.exec(JSON.stringify(lastCard(p)))?.[1];
    const channelPosts = () => connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations' && c.failedWith === undefined);

    async function fillUntilSummary(from: Person, via: (step: number) => string, municipality = 'Brummen'): Promise<string> {
        const serviceUrl = connector.url;
        assert.equal(await post(via(0), personalMessage('ik wil iets melden', { serviceUrl, from })), 200);
        assert.equal(await post(via(1), cardSubmit({ action: 'report.safety', acuteDanger: false }, { serviceUrl, from })), 200);
        const details = {
            action: 'report.details',
            municipality,
            forms: 'arbeid',
            description: 'Busje haalt elke ochtend om 5 uur mensen op bij een overvol huis.',
            observedOn: yesterday(),
            workContext: 'handhaving',
        };
        assert.equal(await post(via(2), cardSubmit(details, { serviceUrl, from })), 200);
        const signals = { action: 'report.signals', indicators_arbeid: 'arb_huisvesting', minor: 'nee', informed: 'niemand' };
        assert.equal(await post(via(3), cardSubmit(signals, { serviceUrl, from })), 200);
        const id = submissionIdOf(from);
        assert.ok(id, 'summary card reached');
        return id;
    }

    it('continues a conversation begun on A on B: the report flow alternates instances at every turn', async () => {
        connector.reset();
        const alternate = (step: number) => (step % 2 === 0 ? a.url : b.url);
        const submissionId = await fillUntilSummary(ANNE, alternate);
        // Versturen on B (step 4 would be A; take B to finish "begun on A, finished on B").
        assert.equal(await post(b.url, cardSubmit({ action: 'report.send', submissionId }, { serviceUrl: connector.url, from: ANNE })), 200);
        const reference = /MH-\d{4}-\d{4}/.exec(cardText(lastCard(ANNE)))?.[0];
        assert.ok(reference, 'B confirmed with a reference');
        // A double click that lands on A gives the same report, not a second one.
        await post(a.url, cardSubmit({ action: 'report.send', submissionId }, { serviceUrl: connector.url, from: ANNE }));
        assert.match(cardText(lastCard(ANNE)), new RegExp(reference));
        await connector.waitFor((c) => c.path === '/v3/conversations' && c.failedWith === undefined);
        await new Promise((r) => setTimeout(r, 500));
        assert.equal(channelPosts().length, 1);
        // Mijn meldingen on A lists the report stored by B.
        await post(a.url, personalMessage('mijn meldingen', { serviceUrl: connector.url, from: ANNE }));
        assert.match(cardText(lastCard(ANNE)), new RegExp(reference));
    });

    it('with both outbox workers running, delivers every notification exactly once (also through 503s)', async () => {
        connector.reset();
        // Some posts fail first, so retries (and lease expiry races) happen on both instances.
        connector.failNext(6, 503, {}, (method, path) => method === 'POST' && path === '/v3/conversations');
        const people: Person[] = Array.from({ length: 12 }, (_, i) => ({
            id: `29:multi-${i}`,
            name: `Collega ${i}`,
            aadObjectId: `5e000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        }));
        const references = await Promise.all(
            people.map(async (person, i) => {
                // Colleague i works on A, B, or alternates; Versturen goes to the other instance than the summary.
                const via = (step: number) => ((i + step) % 2 === 0 ? a.url : b.url);
                const submissionId = await fillUntilSummary(person, via, i % 3 === 0 ? 'Lochem' : 'Brummen');
                assert.equal(await post(via(4), cardSubmit({ action: 'report.send', submissionId }, { serviceUrl: connector.url, from: person })), 200);
                const reference = /MH-\d{4}-\d{4}/.exec(cardText(lastCard(person)))?.[0];
                assert.ok(reference);
                return reference;
            }),
        );
        assert.equal(new Set(references).size, people.length, 'distinct references under concurrent submits on two instances');

        const deadline = Date.now() + 20_000;
        while (channelPosts().length < people.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
        // Give both workers time to (wrongly) post again.
        await new Promise((r) => setTimeout(r, 1500));
        const posted = channelPosts().map((c) => /MH-\d{4}-\d{4}/.exec(JSON.stringify(c.body))?.[0]);
        const counts = new Map<string, number>();
        for (const ref of posted) counts.set(ref ?? '?', (counts.get(ref ?? '?') ?? 0) + 1);
        for (const reference of references) assert.equal(counts.get(reference), 1, `${reference} posted ${counts.get(reference) ?? 0} times`);
        assert.equal(posted.length, people.length, 'no extra posts');
        assert.equal(connector.calls.filter((c) => c.failedWith === 503).length, 6, 'the scripted failures really happened');

        // Every outbox row is done and every report records its channel message.
        const table = await createTableClientFactory({ kind: 'connectionString', connectionString }, prefix).table(REPORTS_TABLE);
        let reminders = 0;
        let reports = 0;
        for await (const row of table.listEntities<{ kind?: string; state?: string; deliveryState?: string }>({ queryOptions: { filter: "kind eq 'outbox' or kind eq 'report'" } })) {
            // Each delivered report has one reminder waiting (due in two working days, unless picked up).
            if (row.rowKey === 'fu_reminder') reminders++;
            else if (row.kind === 'outbox') assert.equal(row.state, 'done', row.rowKey);
            else {
                reports++;
                assert.equal(row.deliveryState, 'bezorgd');
            }
        }
        assert.equal(reminders, reports, 'one reminder per report, not two');
    });

    it('a colleague on A sees nothing of a colleague on B', async () => {
        connector.reset();
        await post(b.url, personalMessage('mijn meldingen', { serviceUrl: connector.url, from: PIETER }));
        assert.doesNotMatch(JSON.stringify(connector.sentTo(personal(PIETER))), /MH-\d{4}-\d{4}/);
    });
});
