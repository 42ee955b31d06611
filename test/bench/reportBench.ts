/**
 * `npm run bench:reports [-- --users=20 --reports=5 --duration=120 --think=0]`
 *
 * The full report flow over HTTP (five turns: melden, safety, details, signals, Versturen) by `users`
 * colleagues at once, each doing `reports` complete reports, against the real bot in its own process
 * on Azurite, with the fake Bot Connector; beside an echo-bot floor measured in the same run with the
 * same number of colleagues and turns. `think` is the pause (ms) a colleague takes between two turns;
 * 0 makes the run a stress test in which the per-turn latency is mostly queueing. Prints p50/p99 per turn and per step, the time from Versturen to
 * the post in the channel, errors, and lost/duplicated reports. Target: p99 per turn < 150 ms.
 */
import os from 'node:os';
import { botAddedToTeam } from '../support/activities';
import { createTableClientFactory } from '../../bot/storage/tableClientFactory';
import { REPORTS_TABLE } from '../../bot/storage/tables/tableReportStore';
import {
    runBench,
    LatencyRecorder,
    REPORT_STEPS,
    closedLoop,
    echoTurn,
    fmt,
    forkServer,
    parseArgs,
    postActivity,
    reportFlow,
    settle,
    simulatedColleague,
} from './benchKit';

function main(): void {
    const args = parseArgs(process.argv.slice(2), { users: 20, reports: 5, duration: 120, think: 0, tsx: 0 });
    const durationMs = args.duration * 1000;
    // --tsx=1 runs the TypeScript sources instead of the compiled build (quicker to start, more memory).
    runBench({ tsx: args.tsx === 1 }, async ({ compiled, azurite, connector, index }) => {
        const prefix = `rb${Date.now().toString(36)}`;
        // Floor: the same colleagues, the same number of turns, each a message answered with a card.
        const echo = await forkServer('echo', {}, compiled);
        const floor = new LatencyRecorder();
        const floorMs = await closedLoop(args.users, durationMs, args.reports * REPORT_STEPS.length, async (user, i) => {
            const outcome = await echoTurn(echo.url, index, simulatedColleague(user), connector.url, `bericht ${i}`);
            if (outcome.ok) floor.record('turn', outcome.ms);
            else floor.error('turn', outcome.why ?? '?');
            if (args.think > 0) await new Promise((r) => setTimeout(r, args.think * (i === 0 ? Math.random() : 0.5 + Math.random())));
        });
        const floorRss = echo.peakRssMiB();
        await echo.stop();

        const bot = await forkServer('bot', { BENCH_STORAGE: azurite.connectionString, BENCH_TABLE_PREFIX: prefix }, compiled);
        await postActivity(bot.url, botAddedToTeam({ serviceUrl: connector.url }));
        // One unmeasured report first: table creation and JIT warm-up are not what a colleague waits for.
        await reportFlow(bot.url, index, simulatedColleague(9999), connector.url, 0, () => undefined);
        await settle(index, () => index.channelPosts.length >= 1, 10_000);
        index.channelPosts.length = 0;

        const turns = new LatencyRecorder();
        const confirmed: { reference: string; sentAt: number }[] = [];
        let flowsFailed = 0;
        const botMs = await closedLoop(args.users, durationMs, args.reports, async (user, i) => {
            // With pauses, colleagues start spread over one pause instead of all at the same instant.
            if (i === 0 && args.think > 0) await new Promise((r) => setTimeout(r, Math.random() * args.think));
            const run = await reportFlow(bot.url, index, simulatedColleague(user), connector.url, user * 1000 + i, (step, outcome) => {
                turns.record(step, outcome.ms);
                if (!outcome.ok) turns.error(step, outcome.why ?? '?');
            }, args.think);
            if (run.ok && run.reference && run.sentAtEpochMs) confirmed.push({ reference: run.reference, sentAt: run.sentAtEpochMs });
            else flowsFailed++;
        });
        await settle(index, () => index.channelPosts.length >= confirmed.length, 30_000);
        await new Promise((r) => setTimeout(r, 1000)); // a late duplicate would show up here
        index.drain();
        const botRss = bot.peakRssMiB();
        await bot.stop();

        // Stored reports, straight from the table.
        const table = await createTableClientFactory({ kind: 'connectionString', connectionString: azurite.connectionString }, prefix).table(REPORTS_TABLE);
        const stored = new Map<string, number>();
        for await (const row of table.listEntities<{ reference?: string }>({ queryOptions: { filter: "kind eq 'report'", select: ['reference'] } })) {
            if (row.reference) stored.set(row.reference, (stored.get(row.reference) ?? 0) + 1);
        }
        const posts = new Map<string, { count: number; at: number }>();
        for (const p of index.channelPosts) {
            if (!p.reference) continue;
            const seen = posts.get(p.reference);
            posts.set(p.reference, { count: (seen?.count ?? 0) + 1, at: Math.min(seen?.at ?? Infinity, p.at) });
        }
        const submitToPost = new LatencyRecorder();
        let lost = 0;
        for (const c of confirmed) {
            const post = posts.get(c.reference);
            if (!stored.has(c.reference) || !post) lost++;
            else submitToPost.record('post', post.at - c.sentAt);
        }
        const duplicated =
            [...posts.values()].filter((p) => p.count > 1).length +
            [...stored.values()].filter((n) => n > 1).length +
            // A stored report no colleague was told about (the warm-up report aside) would be a ghost.
            Math.max(0, stored.size - 1 - confirmed.length);

        const allTurns = turns.count();
        console.log(`\nbench:reports — ${args.users} colleagues at once, ${args.reports} complete reports each (5 turns per report), think ${args.think} ms, cap ${args.duration} s; ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
        console.log(`echo floor : ${floor.count()} turns in ${(floorMs / 1000).toFixed(1)} s = ${((floor.count() / floorMs) * 1000).toFixed(0)} turns/s, p50 ${fmt(floor.percentile(50))}, p99 ${fmt(floor.percentile(99))}, errors ${floor.errorCount()}, peak RSS ${floorRss.toFixed(0)} MiB`);
        console.log(`bot        : ${allTurns} turns in ${(botMs / 1000).toFixed(1)} s = ${((allTurns / botMs) * 1000).toFixed(0)} turns/s, p50 ${fmt(turns.percentile(50))}, p99 ${fmt(turns.percentile(99))}, errors ${turns.errorCount()}, peak RSS ${botRss.toFixed(0)} MiB`);
        for (const step of REPORT_STEPS) {
            console.log(`  ${step.padEnd(15)} n=${String(turns.count(step)).padStart(4)}  p50 ${fmt(turns.percentile(50, step)).padStart(9)}  p99 ${fmt(turns.percentile(99, step)).padStart(9)}  errors ${turns.errorCount(step)}`);
        }
        console.log(`submit -> channel post: p50 ${fmt(submitToPost.percentile(50))}, p99 ${fmt(submitToPost.percentile(99))} (n=${submitToPost.count()})`);
        console.log(`reports: ${confirmed.length} confirmed, ${stored.size - 1} stored (plus 1 warm-up), ${index.channelPosts.length} channel posts; lost ${lost}, duplicated ${duplicated}, failed flows ${flowsFailed}`);
        if (turns.errorSamples.length) console.log(`first errors: ${turns.errorSamples.join(' | ')}`);
        const p99 = turns.percentile(99);
        const pass = p99 < 150 && turns.errorCount() === 0 && lost === 0 && duplicated === 0 && flowsFailed === 0;
        console.log(`target p99 per turn < 150 ms, 0 errors, 0 lost, 0 duplicated: ${pass ? 'MET' : 'NOT MET'}`);
        process.exitCode = pass ? 0 : 1;
    });
}

main();
