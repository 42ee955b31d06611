/**
 * `npm run bench:turns [-- --questions=1000 --reports=300 --echo=2000]`
 *
 * CPU per turn without queueing: one colleague at a time, so the figures say what a turn costs rather
 * than how long it waited. Echo turns, question turns and the five steps of a report, each measured on
 * the bot process and on Azurite (CPU seconds from /proc, summed over many turns because the kernel
 * counts in 10 ms ticks). Versturen includes the channel post that follows it. Compiled code, like
 * production. A diagnostic for issue 7's throughput target, not a target of its own.
 *
 * Also counts the bot's Table requests per kind of turn (BENCH_COUNT_REQUESTS=1 in the bot, asked
 * over IPC before and after each turn), with Versturen's broken down by method and table: after its
 * channel post the bench waits until the bot sends no more requests, so the background index and
 * outbox work of the report counts with it.
 */
import { botAddedToTeam, personalMessage } from '../support/activities';
import {
    azuritePid,
    runBench,
    cpuSeconds,
    echoTurn,
    forkServer,
    parseArgs,
    postActivity,
    reportFlow,
    settle,
    simulatedColleague,
    turn,
} from './benchKit';

const WARM_UP_TURNS = 50; // turn numbers from 1_000_000 up
const COLLEAGUES = 50;

function main(): void {
    const args = parseArgs(process.argv.slice(2), { questions: 1000, reports: 300, echo: 2000 });
    runBench({ tsx: false }, async ({ compiled, azurite, connector, index }) => {
        const echo = await forkServer('echo', {}, compiled);
        const bot = await forkServer('bot', { BENCH_STORAGE: azurite.connectionString, BENCH_TABLE_PREFIX: `tc${Date.now().toString(36)}`, BENCH_COUNT_REQUESTS: '1' }, compiled);
        await postActivity(bot.url, botAddedToTeam({ serviceUrl: connector.url }));
        const storagePid = azuritePid(azurite.port) ?? -1;
        const colleague = (i: number) => simulatedColleague(i % COLLEAGUES);
        const cpu = (pid: number) => cpuSeconds(pid) * 1000;
        const ms = (v: number) => `${v.toFixed(2)} ms`;

        // Table requests only (keys are "<method> table <name>[ batch]"); connector calls are not storage.
        const tableRequests = async () => Object.fromEntries(Object.entries(await bot.requestCounts()).filter(([key]) => key.includes(' table ')));
        const sum = (counts: Record<string, number>) => Object.values(counts).reduce((n, c) => n + c, 0);
        const minus = (after: Record<string, number>, before: Record<string, number>) =>
            Object.fromEntries(Object.entries(after).map(([key, n]) => [key, n - (before[key] ?? 0)]).filter(([, n]) => Number(n) > 0));
        /** Waits (bounded) until the bot sent no Table request for `quietMs`: its background work for the turn is done. */
        const quiet = async (quietMs = 300, maxMs = 5000) => {
            const deadline = Date.now() + maxMs;
            let last = sum(await tableRequests());
            while (Date.now() < deadline) {
                await new Promise((r) => setTimeout(r, quietMs));
                const now = sum(await tableRequests());
                if (now === last) return;
                last = now;
            }
        };
        const requestsPer = new Map<string, { n: number; by: Record<string, number> }>();
        const addRequests = (kind: string, delta: Record<string, number>) => {
            const acc = requestsPer.get(kind) ?? { n: 0, by: {} };
            acc.n++;
            for (const [key, n] of Object.entries(delta)) acc.by[key] = (acc.by[key] ?? 0) + n;
            requestsPer.set(kind, acc);
        };

        const measure = async (pid: number, count: number, one: (i: number) => Promise<unknown>) => {
            for (let i = 0; i < WARM_UP_TURNS; i++) await one(1_000_000 + i);
            const [server0, storage0] = [cpu(pid), cpu(storagePid)];
            for (let i = 0; i < count; i++) await one(i);
            return { server: (cpu(pid) - server0) / count, storage: (cpu(storagePid) - storage0) / count };
        };

        const echoCost = await measure(echo.pid, args.echo, (i) => echoTurn(echo.url, index, colleague(i), connector.url, 'hallo'));
        const question = await measure(bot.pid, args.questions, async (i) => {
            const before = await tableRequests();
            await turn(bot.url, index, `a:personal-${colleague(i).aadObjectId}`, personalMessage('wat zijn signalen van arbeidsuitbuiting', { serviceUrl: connector.url, from: colleague(i) }), /attachments/);
            if (i < 1_000_000) addRequests('question', minus(await tableRequests(), before));
        });
        await quiet();
        const steps = new Map<string, { server: number; storage: number; n: number }>();
        let mark = [cpu(bot.pid), cpu(storagePid)];
        let posted = 0;
        await measure(bot.pid, args.reports, async (i) => {
            const timed = i < 1_000_000; // warm-up flows are not counted
            let requestsBefore = await tableRequests();
            mark = [cpu(bot.pid), cpu(storagePid)];
            const run = await reportFlow(bot.url, index, colleague(i), connector.url, i, async (step) => {
                const now = [cpu(bot.pid), cpu(storagePid)];
                if (!timed) return;
                const acc = steps.get(step) ?? { server: 0, storage: 0, n: 0 };
                acc.server += now[0] - mark[0];
                acc.storage += now[1] - mark[1];
                acc.n++;
                steps.set(step, acc);
                mark = now;
                if (step === 'report.send') return; // counted after its post and background work, below
                const requestsNow = await tableRequests();
                addRequests(step, minus(requestsNow, requestsBefore));
                requestsBefore = requestsNow;
                mark = [cpu(bot.pid), cpu(storagePid)];
            });
            if (run.ok) {
                // The channel post runs after Versturen answered: wait for it, so it counts with that step.
                posted++;
                await settle(index, () => index.channelPosts.length >= posted, 5000);
                await quiet();
                const send = steps.get('report.send');
                const now = [cpu(bot.pid), cpu(storagePid)];
                if (send && timed) {
                    send.server += now[0] - mark[0];
                    send.storage += now[1] - mark[1];
                    addRequests('report.send', minus(await tableRequests(), requestsBefore));
                }
            }
        });
        await echo.stop();
        await bot.stop();

        console.log(`\nbench:turns — one colleague at a time (no queueing), CPU per turn; compiled, production V8 flags`);
        console.log(`echo floor         : ${ms(echoCost.server)}`);
        console.log(`bot question       : ${ms(question.server)} + Azurite ${ms(question.storage)}`);
        for (const [step, acc] of steps) console.log(`bot ${step.padEnd(15)}: ${ms(acc.server / acc.n)} + Azurite ${ms(acc.storage / acc.n)}`);
        console.log(`\nTable requests per turn (Versturen incl. its channel post and the background work after it):`);
        for (const [kind, acc] of requestsPer) {
            console.log(`${kind.padEnd(15)}: ${(sum(acc.by) / acc.n).toFixed(2)} (n=${acc.n})`);
            if (kind === 'report.send' || process.env.BENCH_TURNS_DETAIL === '1') {
                for (const [key, n] of Object.entries(acc.by).sort((a, b) => b[1] - a[1])) console.log(`    ${(n / acc.n).toFixed(2).padStart(6)}  ${key}`);
            }
        }
    });
}

main();
