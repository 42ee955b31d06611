/**
 * `npm run bench:burst [-- --quick | --reports=300 --within=10 --acute-at=150]`: a burst of reports for one
 * municipality (Brummen, one channel) against a fake Bot Connector that enforces Teams' documented rate
 * limits (per conversation 7/1 s, 8/2 s, 60/30 s, 1800/h; per tenant 50/s; 429 with Retry-After beyond
 * them). The real bot (buildApp, its outbox worker and pacer) on an in-memory Azurite; the reports are
 * submitted through the report service, as the Versturen turn does, spread evenly over `--within` s.
 * One of them, the `--acute-at`-th, reports acute danger.
 *
 * Targets: all posted, exactly once; the acute one overtakes every report still waiting and is in the
 * channel within 2 s of its submission; none undelivered; at most 1 % of the channel posts answered 429.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import os from 'node:os';
import type { Activity } from 'botbuilder';
import { buildApp } from '../../bot/app';
import { ProactiveMessenger } from '../../bot/channels/proactiveMessenger';
import { TeamsPacer } from '../../bot/channels/teamsPacer';
import { LOCAL_TENANT_ID, loadConfig } from '../../bot/config';
import { createSilentLogger } from '../../bot/logger';
import { startAzurite } from '../../bot/storage/azuriteProcess';
import { createTableClientFactory } from '../../bot/storage/tableClientFactory';
import { botAddedToTeam } from '../support/activities';
import { FakeConnector, TEAMS_DOCUMENTED_LIMITS } from '../support/fakeConnector';
import { LatencyRecorder, fmt, parseArgs, simulatedColleague } from './benchKit';

/**
 * When each report's channel post left the queue: the pacer granted its slot and the request went out. The
 * bench wraps the messenger's newChannelThread (which report: the reference on its card) and the pacer's
 * acquire (when); product code is unchanged. A post granted before the acute report was submitted was in
 * flight then and cannot be overtaken; every other earlier report was still waiting and must be.
 */
function observeGrants(): Map<string, number> {
    const granted = new Map<string, number>();
    const current = new AsyncLocalStorage<string>();
    const newChannelThread = ProactiveMessenger.prototype.newChannelThread;
    ProactiveMessenger.prototype.newChannelThread = function (this: ProactiveMessenger, channel, activity: Partial<Activity>, options) {
        const reference = /MH-\d{4}-\d{4,}/.exec(JSON.stringify(activity))?.[0] ?? '';
        return current.run(reference, () => newChannelThread.call(this, channel, activity, options));
    };
    const acquire = TeamsPacer.prototype.acquire;
    TeamsPacer.prototype.acquire = function (this: TeamsPacer, conversationKey, tenantId, options) {
        const reference = current.getStore();
        const turn = acquire.call(this, conversationKey, tenantId, options);
        if (reference) void turn.then(() => granted.has(reference) || granted.set(reference, Date.now()), () => undefined);
        return turn;
    };
    return granted;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const yesterday = () => new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });

async function main(): Promise<void> {
    const argv = process.argv.slice(2);
    const quick = argv.includes('--quick');
    const args = parseArgs(
        argv.filter((a) => a !== '--quick'),
        quick ? { reports: 80, within: 3, 'acute-at': 70, wait: 120 } : { reports: 300, within: 10, 'acute-at': 150, wait: 600 },
    );
    const total = Math.max(2, Math.min(2000, Math.round(args.reports)));
    const acuteAt = Math.max(1, Math.min(total, Math.round(args['acute-at'])));
    const grantedAt = observeGrants();
    const azurite = await startAzurite({ inMemory: true });
    const connector = new FakeConnector({ limits: TEAMS_DOCUMENTED_LIMITS });
    await connector.start();
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', REPORT_RATE_LIMIT_PER_HOUR: '999' }, ['--local']);
    const tables = createTableClientFactory({ kind: 'connectionString', connectionString: azurite.connectionString }, `burst${Date.now().toString(36)}`);
    const app = buildApp(config, tables, createSilentLogger());
    const url = await app.listen();
    try {
        await app.indexesSettled();
        const added = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(botAddedToTeam({ serviceUrl: connector.url })) });
        if (added.status !== 200) throw new Error(`binding the channel failed: ${added.status}`);
        connector.calls.length = 0;
        connector.throttled = 0;

        const submittedAt = new Map<string, number>();
        const order: string[] = [];
        let acuteReference = '';
        const started = Date.now();
        const submissions: Promise<void>[] = [];
        for (let i = 1; i <= total; i++) {
            const due = started + ((i - 1) * args.within * 1000) / total;
            await sleep(Math.max(0, due - Date.now()));
            const acute = i === acuteAt;
            const person = simulatedColleague(i);
            const draft = {
                municipality: 'Brummen' as const,
                forms: ['arbeid' as const],
                description: `Meerdere mensen wonen in een bedrijfspand (burst ${i}).`,
                location: 'Industrieweg',
                observedOn: yesterday(),
                workContext: 'handhaving' as const,
                indicators: [],
                minor: 'nee' as const,
                informed: ['niemand' as const],
                acuteDanger: acute,
            };
            // Handled at once (and reported by Promise.all below): an unhandled rejection during the next
            // sleep would end the process before the finally that stops Azurite.
            const submission = app.reporting.service
                .submit(draft, { aadObjectId: person.aadObjectId, tenantId: LOCAL_TENANT_ID, displayName: person.name }, `burst-${String(i).padStart(6, '0')}`)
                .then((result) => {
                    submittedAt.set(result.report.reference, Date.now());
                    order.push(result.report.reference);
                    if (acute) acuteReference = result.report.reference;
                });
            submission.catch(() => undefined);
            submissions.push(submission);
        }
        await Promise.all(submissions);
        const submittedIn = (Date.now() - started) / 1000;

        const posts = () => connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations' && c.failedWith === undefined);
        const deadline = Date.now() + args.wait * 1000;
        while (Date.now() < deadline && new Set(posts().map((c) => /MH-\d{4}-\d{4,}/.exec(JSON.stringify(c.body))?.[0])).size < total) await sleep(250);
        await sleep(500);

        const postedAt = new Map<string, number>();
        const postCount = new Map<string, number>();
        for (const call of posts()) {
            const reference = /MH-\d{4}-\d{4,}/.exec(JSON.stringify(call.body))?.[0];
            if (!reference) continue;
            postCount.set(reference, (postCount.get(reference) ?? 0) + 1);
            if (!postedAt.has(reference)) postedAt.set(reference, call.at);
        }
        const attempts = connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations').length;
        const latency = new LatencyRecorder();
        for (const [reference, at] of postedAt) latency.record('post', at - (submittedAt.get(reference) ?? at));
        const acuteSubmitted = submittedAt.get(acuteReference) ?? NaN;
        const acutePosted = postedAt.get(acuteReference) ?? NaN;
        // Reports submitted before the acute one and neither posted nor in flight (granted by the pacer, request
        // under way) when it was submitted: it must overtake each of them. In flight ones are counted apart.
        const earlier = order.slice(0, order.indexOf(acuteReference));
        const notPostedThen = earlier.filter((r) => (postedAt.get(r) ?? Number.POSITIVE_INFINITY) > acuteSubmitted);
        const inFlight = notPostedThen.filter((r) => (grantedAt.get(r) ?? Number.POSITIVE_INFINITY) <= acuteSubmitted);
        const waitingBefore = notPostedThen.filter((r) => !inFlight.includes(r));
        const overtaken = waitingBefore.filter((r) => (postedAt.get(r) ?? Number.POSITIVE_INFINITY) > acutePosted).length;
        const inFlightAfter = inFlight.filter((r) => (postedAt.get(r) ?? Number.POSITIVE_INFINITY) > acutePosted).length;
        const stored = await app.reporting.store.listReports();
        const undelivered = stored.filter((s) => s.report.delivery.state !== 'bezorgd').length;
        const duplicated = [...postCount.values()].filter((n) => n > 1).length;
        const lastPost = Math.max(...postedAt.values());

        console.log(`\nbench:burst${quick ? ' --quick' : ''} — ${total} reports for Brummen submitted in ${submittedIn.toFixed(1)} s, acute = #${acuteAt}; fake connector with Teams' limits; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
        console.log(`posted ${postedAt.size} of ${total} (${duplicated} twice), last ${((lastPost - started) / 1000).toFixed(1)} s after the first submit; ${attempts} channel post attempts, ${connector.throttled} answered 429 (${((connector.throttled / Math.max(1, attempts)) * 100).toFixed(1)} %)`);
        console.log(`submit -> channel post: p50 ${fmt(latency.percentile(50))}, p99 ${fmt(latency.percentile(99))}`);
        console.log(`acute: posted ${fmt(acutePosted - acuteSubmitted)} after its submit; of the ${earlier.length} reports submitted before it, ${earlier.length - notPostedThen.length} were posted by then, ${inFlight.length} in flight (${inFlightAfter} of those landed after it) and ${waitingBefore.length} still waiting: it overtook ${overtaken} of ${waitingBefore.length} (pacer grants seen for ${[...postedAt.keys()].filter((r) => grantedAt.has(r)).length} of ${postedAt.size} posts)`);
        console.log(`undelivered: ${undelivered}`);
        const checks: [string, boolean][] = [
            ['all posted', postedAt.size === total],
            ['none posted twice', duplicated === 0],
            [`acute first (overtakes every report still waiting: ${overtaken} of ${waitingBefore.length})`, overtaken === waitingBefore.length],
            ['acute within 2 s', acutePosted - acuteSubmitted < 2000],
            ['none undelivered', undelivered === 0 && stored.length === total],
            ['at most 1 % of channel posts answered 429', connector.throttled <= 0.01 * attempts],
        ];
        console.log(checks.map(([name, ok]) => `${ok ? 'MET' : 'NOT MET'}: ${name}`).join('\n'));
        process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
    } finally {
        await app.close();
        await connector.stop();
        await azurite.stop();
    }
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(2);
});
