/**
 * The bot killed (SIGKILL: no goodbye, no released lease) at the worst moments, and a new process
 * started on the same storage, as App Service does after a crash. The child bots run production code
 * with the outbox lease and poll scaled down ten times (1.5 s and 1 s instead of 15 s and 10 s), so the
 * targets scale too: posted within 3 s of the restart (30 s in production), follow-ups within 6 s (60 s).
 */
import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../../bot/paths';
import { ANNE, SANNE, botAddedToTeam, cardActionInvoke, cardSubmit, personalMessage, BRUMMEN_CHANNEL, type Person } from '../../support/activities';
import { cardText, cardsIn } from '../../support/botHarness';
import { FakeConnector } from '../../support/fakeConnector';
import { freshTables } from '../../support/testAzurite';

const SCALE = 10;
const LEASE_MS = 15_000 / SCALE;
const POLL_MS = 10_000 / SCALE;

interface Child {
    process: ChildProcess;
    url: string;
}

async function startChild(connectionString: string, prefix: string): Promise<Child> {
    const child = fork(path.join(repoRoot, 'test', 'support', 'botChild.ts'), [], {
        cwd: repoRoot,
        execArgv: ['--import', 'tsx'],
        env: { ...process.env, BOT_CHILD_STORAGE: connectionString, BOT_CHILD_PREFIX: prefix, BOT_CHILD_LEASE_MS: String(LEASE_MS), BOT_CHILD_POLL_MS: String(POLL_MS) },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
        child.once('message', (m: { url?: string; error?: string }) => (m.url ? resolve(m.url) : reject(new Error(m.error ?? 'bot failed'))));
        child.once('exit', () => reject(new Error('bot exited before it was ready')));
    });
    return { process: child, url };
}

async function kill(child: Child): Promise<void> {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return;
    const exited = new Promise((resolve) => child.process.once('exit', resolve));
    child.process.kill('SIGKILL');
    await exited;
}

async function post(url: string, activity: object): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const yesterday = () => new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

async function until<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const value = probe();
        if (value !== undefined) return value;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 25));
    }
}

describe('Crash recovery: the bot process killed and restarted (SIGKILL, real processes)', function () {
    this.timeout(90_000);
    const connector = new FakeConnector();
    const children: Child[] = [];
    let connectionString: string;
    let prefix: string;

    before(async () => {
        await connector.start();
        ({ connectionString, prefix } = await freshTables('crash'));
    });
    after(async () => {
        await Promise.all(children.map(kill));
        await connector.stop();
    });

    async function start(): Promise<Child> {
        const child = await startChild(connectionString, prefix);
        children.push(child);
        return child;
    }

    const personal = (p: Person) => `a:personal-${p.aadObjectId}`;
    const isChannelPost = (method: string, p: string) => method === 'POST' && p === '/v3/conversations';
    const channelPosts = () => connector.calls.filter((c) => isChannelPost(c.method, c.path) && c.failedWith === undefined);

    async function reportUntilConfirmed(url: string, from: Person): Promise<string> {
        const serviceUrl = connector.url;
        await post(url, personalMessage('ik wil iets melden', { serviceUrl, from }));
        await post(url, cardSubmit({ action: 'report.safety', acuteDanger: false }, { serviceUrl, from }));
        await post(url, cardSubmit({ action: 'report.details', municipality: 'Brummen', forms: 'arbeid', description: 'Busje haalt elke ochtend om 5 uur mensen op.', observedOn: yesterday(), workContext: 'handhaving' }, { serviceUrl, from }));
        await post(url, cardSubmit({ action: 'report.signals', indicators_arbeid: 'arb_huisvesting', minor: 'nee', informed: 'niemand' }, { serviceUrl, from }));
        const summary = cardsIn(connector.sentTo(personal(from))).at(-1);
        const submissionId = /"action":"report\.send","submissionId":"([^"]+)"/.exec(JSON.stringify(summary))?.[1];
        assert.ok(submissionId, 'summary card reached');
        await post(url, cardSubmit({ action: 'report.send', submissionId }, { serviceUrl, from }));
        const reference = /MH-\d{4}-\d{4}/.exec(cardText(cardsIn(connector.sentTo(personal(from))).at(-1)))?.[0];
        assert.ok(reference, 'confirmed with a reference');
        return reference;
    }

    it('killed after confirming a report, while its channel post was in flight: the restarted bot posts it within the lease, exactly once', async () => {
        const first = await start();
        await post(first.url, botAddedToTeam({ serviceUrl: connector.url }));
        // Teams holds the post unanswered; the bot dies with it in flight, and Teams never creates it.
        const held = connector.hold(isChannelPost);
        const reference = await reportUntilConfirmed(first.url, ANNE);
        await held.arrived;
        await kill(first);
        held.drop();

        const restartedAt = Date.now();
        await start();
        const readyAt = Date.now();
        const card = await until('the channel post', () => channelPosts().find((c) => JSON.stringify(c.body).includes(reference)), 20_000);
        // Boot time is the machine's, not the lease's: it is printed, not scaled.
        const afterMs = card.at - readyAt;
        console.log(
            `      crash before the post: posted ${(afterMs / 1000).toFixed(1)} s after the new process was ready (boot ${((readyAt - restartedAt) / 1000).toFixed(1)} s; lease ${LEASE_MS} ms, ${SCALE}x shorter than production: ${((afterMs * SCALE) / 1000).toFixed(0)} s scaled)`,
        );
        assert.ok(afterMs <= 30_000 / SCALE, `${afterMs} ms`);
        await new Promise((r) => setTimeout(r, LEASE_MS * 2));
        assert.equal(channelPosts().filter((c) => JSON.stringify(c.body).includes(reference)).length, 1, 'exactly once');
    });

    it('killed while a pick-up is followed up during a short Connector outage: card, thread line and reporter message all arrive after the restart', async () => {
        // Runs on its own too (--grep): a live child from the test before, or a new one.
        const alive = children.filter((c) => c.process.exitCode === null && c.process.signalCode === null).at(-1);
        const bot = alive ?? (await start());
        await post(bot.url, botAddedToTeam({ serviceUrl: connector.url }));
        const reference = await reportUntilConfirmed(bot.url, ANNE);
        const card = await until('the channel post', () => channelPosts().find((c) => JSON.stringify(c.body).includes(reference)), 10_000);
        const thread = card.conversationId as string;
        const reportId = /"reportId":"([0-9a-f]{32})"/.exec(JSON.stringify(card.body))?.[1];
        assert.ok(reportId);
        // The Connector is down for every follow-up for 2 s (20 s in production terms).
        const outageEnds = Date.now() + 2000;
        const isFollowUp = (method: string, p: string) => (method === 'PUT' || (method === 'POST' && p.includes('/activities'))) && Date.now() < outageEnds;
        connector.failNext(200, 503, {}, isFollowUp);
        const answer = await post(bot.url, cardActionInvoke('case.oppakken', { reportId, version: 0 }, { serviceUrl: connector.url, from: SANNE, threadConversationId: thread, channelId: BRUMMEN_CHANNEL }));
        assert.equal(answer.status, 200);
        await until('a failed follow-up', () => connector.calls.find((c) => c.failedWith === 503) ?? undefined, 5000);
        await kill(bot);
        connector.clearFailures();
        connector.failNext(200, 503, {}, isFollowUp);

        await start();
        const restartedAt = Date.now();
        const done = await until(
            'card, thread line and reporter message',
            () => {
                const ok = connector.calls.filter((c) => c.failedWith === undefined && c.at > restartedAt);
                const put = ok.find((c) => c.method === 'PUT' && c.activityId === card.activityId && /In behandeling/.test(JSON.stringify(c.body)));
                const line = ok.find((c) => c.method === 'POST' && c.conversationId === thread && /Opgepakt/i.test(JSON.stringify(c.body)));
                const reporter = ok.find((c) => c.method === 'POST' && c.conversationId === personal(ANNE) && new RegExp(`${reference}.*in behandeling`).test(JSON.stringify(c.body)));
                return put && line && reporter ? Math.max(put.at, line.at, reporter.at) : undefined;
            },
            30_000,
        );
        const afterMs = done - restartedAt;
        console.log(`      crash during follow-ups (2 s outage): card, thread line and reporter message all delivered ${(afterMs / 1000).toFixed(1)} s after the restart (${((afterMs * SCALE) / 1000).toFixed(0)} s scaled)`);
        assert.ok(afterMs <= 60_000 / SCALE, `${afterMs} ms`);
    });
});
