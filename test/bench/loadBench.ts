/**
 * `npm run bench [-- --users=100 --duration=60 --floor-duration=60 --think=0]`
 *
 * Mixed traffic from simulated colleagues against the real bot (its own process, Azurite, the fake Bot
 * Connector), beside an echo-bot floor measured in the same run: questions, complete reports (five
 * turns each), and coordinator actions on the channel cards (Universal Actions) when this build
 * handles them. Every colleague runs a closed loop (next turn when the previous answered, plus
 * `think` ms). Prints throughput, p50/p99 per kind, errors, lost/duplicated reports, peak RSS, and
 * the targets: throughput >= 40 % of the floor, p99 <= 3x the floor's p99, 0 errors, 0 lost,
 * 0 duplicated, RSS < 300 MB.
 *
 * Floor and bot take turns in `--slices` rounds (default 6, so 10 s each of 60 s) instead of one after
 * the other: on a shared machine whose speed drifts within minutes, both then see the same conditions,
 * and the ratio between them says something about the bot instead of about the hour. Each slice
 * starts with traffic that is not timed (its errors and reports still count): `--warmup` seconds
 * (default 5) the first time, when the JIT is cold and every colleague makes first contact, and
 * `--rewarm` seconds (default 1) after that. A trace showed nearly all slow turns of a sliced run in
 * the first second after a server had been idle for the other's slice, for both servers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { repoRoot } from '../../bot/paths';
import { REPORTS_TABLE } from '../../bot/storage/tables/tableReportStore';
import { createTableClientFactory } from '../../bot/storage/tableClientFactory';
import { BRUMMEN_CHANNEL, SANNE, botAddedToTeam, channelActivityBase, personalMessage } from '../support/activities';
import {
    runBench,
    LatencyRecorder,
    azuritePid,
    closedLoop,
    cpuSeconds,
    echoTurn,
    fmt,
    forkServer,
    parseArgs,
    postActivity,
    reportFlow,
    settle,
    simulatedColleague,
    turn,
} from './benchKit';

/** Bounds, whatever the arguments: no run keeps going for ever or grows without limit. */
const MAX_ITERATIONS_PER_USER = 10_000;

function questions(): string[] {
    const file = path.join(repoRoot, 'test', 'knowledge-eval', 'tune.yaml');
    const parsed = YAML.parse(fs.readFileSync(file, 'utf8')) as { vragen?: { vraag?: unknown }[] };
    const list = (parsed.vragen ?? []).map((q) => q.vraag).filter((q): q is string => typeof q === 'string');
    if (list.length === 0) throw new Error('no questions in tune.yaml');
    return list;
}

interface CardAction {
    verb: string;
    data: Record<string, unknown>;
}

/** The Action.Execute buttons of a posted channel card. */
function executeActions(node: unknown, out: CardAction[] = []): CardAction[] {
    if (Array.isArray(node)) node.forEach((n) => executeActions(n, out));
    else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (o.type === 'Action.Execute' && typeof o.verb === 'string' && o.data && typeof o.data === 'object') out.push({ verb: o.verb, data: o.data as Record<string, unknown> });
        for (const v of Object.values(o)) if (v && typeof v === 'object') executeActions(v, out);
    }
    return out;
}

/** The timed part of a slice: turns that start after the first `untimedMs` count, CPU from then on. */
class TimedWindow {
    from = Number.POSITIVE_INFINITY;
    private readonly timer: NodeJS.Timeout;

    constructor(untimedMs: number, onStart: () => void) {
        this.timer = setTimeout(() => {
            this.from = performance.now();
            onStart();
        }, untimedMs);
    }

    includes(startedAt: number): boolean {
        return startedAt >= this.from;
    }

    /** Milliseconds the timed part lasted. */
    close(): number {
        clearTimeout(this.timer);
        return Number.isFinite(this.from) ? performance.now() - this.from : 0;
    }
}

const sleep = (ms: number) => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

function main(): void {
    const args = parseArgs(process.argv.slice(2), { users: 100, duration: 60, 'floor-duration': 0, think: 0, tsx: 0, slices: 6, warmup: 5, rewarm: 1 });
    const durationMs = args.duration * 1000;
    const floorMs = (args['floor-duration'] || args.duration) * 1000;
    const slices = Math.max(1, Math.min(60, Math.round(args.slices)));
    const asked = questions();
    const loadBefore = os.loadavg()[0];
    // --tsx=1 runs the TypeScript sources instead of the compiled build (quicker to start, more memory).
    runBench({ tsx: args.tsx === 1 }, async ({ compiled, azurite, connector, index }) => {
        const prefix = `lb${Date.now().toString(36)}`;
        // --- the floor: every turn a message answered with one adaptive card, no storage.
        const echo = await forkServer('echo', {}, compiled);
        await echoTurn(echo.url, index, simulatedColleague(0), connector.url, 'warm-up');
        const floor = new LatencyRecorder();
        const floorWarmUp = new LatencyRecorder();
        const floorCpu = [0, 0];
        let floorElapsed = 0;
        const floorSlice = async (untimedMs: number, timedMs: number) => {
            let cpu0 = [0, 0];
            const timed = new TimedWindow(untimedMs, () => (cpu0 = [cpuSeconds(echo.pid), cpuSeconds(process.pid)]));
            await closedLoop(args.users, untimedMs + timedMs, MAX_ITERATIONS_PER_USER, async (user, i) => {
                const outcome = await echoTurn(echo.url, index, simulatedColleague(user), connector.url, asked[(user + i) % asked.length]);
                const into = timed.includes(performance.now() - outcome.ms) ? floor : floorWarmUp;
                if (outcome.ok) into.record('echo', outcome.ms);
                else into.error('echo', outcome.why ?? '?');
                await sleep(args.think);
            });
            floorElapsed += timed.close();
            floorCpu[0] += cpuSeconds(echo.pid) - cpu0[0];
            floorCpu[1] += cpuSeconds(process.pid) - cpu0[1];
        };

        // --- the bot.
        const bot = await forkServer('bot', { BENCH_STORAGE: azurite.connectionString, BENCH_TABLE_PREFIX: prefix }, compiled);
        await postActivity(bot.url, botAddedToTeam({ serviceUrl: connector.url }));
        const warm = await reportFlow(bot.url, index, simulatedColleague(99_999), connector.url, 0, () => undefined);
        await settle(index, () => index.channelPosts.length >= 1, 10_000);

        // Coordinator actions are part of the mix only when this build answers them (issue 5).
        const cardActions = new Map<string, CardAction[]>();
        const collectCards = () => {
            for (const post of index.channelPosts.splice(0)) {
                if (post.reference) cardActions.set(post.reference, executeActions(post.body));
                postsSeen.push(post);
            }
        };
        const postsSeen: typeof index.channelPosts = [];
        collectCards();
        const channelConversation = BRUMMEN_CHANNEL;
        const coordinatorAction = (action: CardAction) => {
            const base = channelActivityBase({ serviceUrl: connector.url, from: SANNE, channelId: channelConversation });
            return { ...base, type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data }, trigger: 'manual' } };
        };
        const firstActions = warm.reference ? (cardActions.get(warm.reference) ?? []) : [];
        let actionsWired = false;
        const probe = firstActions.find((a) => a.verb.includes('geschiedenis')) ?? firstActions[0];
        if (probe) {
            const res = await postActivity(bot.url, coordinatorAction(probe));
            actionsWired = res.status === 200 && !res.body.includes('ken ik niet');
            index.take(channelConversation);
        }

        const turns = new LatencyRecorder();
        const botWarmUp = new LatencyRecorder();
        const confirmed: string[] = [];
        const pickedUp = new Set<string>();
        let flowsFailed = 0;
        let n = 0;
        const storagePid = azuritePid(azurite.port) ?? -1;
        const cpuNow = () => [cpuSeconds(bot.pid), cpuSeconds(storagePid), cpuSeconds(process.pid)];
        const botCpu = [0, 0, 0]; // bot, Azurite, this process
        let botElapsed = 0;
        const botSlice = async (untimedMs: number, timedMs: number) => {
            let before = [0, 0, 0];
            const timed = new TimedWindow(untimedMs, () => (before = cpuNow()));
            const into = (startedAt: number) => (timed.includes(startedAt) ? turns : botWarmUp);
            await closedLoop(args.users, untimedMs + timedMs, MAX_ITERATIONS_PER_USER, async (user) => {
                const roll = Math.random();
                const person = simulatedColleague(user);
                if (roll < 0.15 && actionsWired && cardActions.size > 0) {
                    collectCards();
                    const refs = [...cardActions.keys()];
                    const reference = refs[Math.floor(Math.random() * refs.length)];
                    const actions = cardActions.get(reference) ?? [];
                    const first = !pickedUp.has(reference);
                    const action = (first ? actions.find((a) => a.verb === 'case.oppakken') : undefined) ?? actions.find((a) => a.verb.includes('geschiedenis')) ?? actions[0];
                    if (action) {
                        if (first) pickedUp.add(reference);
                        const started = performance.now();
                        const res = await postActivity(bot.url, coordinatorAction(action)).catch(() => ({ status: 0, body: '' }));
                        const ms = performance.now() - started;
                        index.take(channelConversation);
                        into(started).record('coordinator action', ms);
                        if (res.status !== 200) into(started).error('coordinator action', `HTTP ${res.status}`);
                    }
                } else if (roll < 0.55) {
                    const outcome = await turn(bot.url, index, `a:personal-${person.aadObjectId}`, personalMessage(asked[(n++) % asked.length], { serviceUrl: connector.url, from: person }), /attachments|"text"/);
                    const recorder = into(performance.now() - outcome.ms);
                    recorder.record('question', outcome.ms);
                    if (!outcome.ok) recorder.error('question', outcome.why ?? '?');
                } else {
                    const run = await reportFlow(bot.url, index, person, connector.url, n++, (_step, outcome) => {
                        const recorder = into(performance.now() - outcome.ms);
                        recorder.record('report turn', outcome.ms);
                        if (!outcome.ok) recorder.error('report turn', outcome.why ?? '?');
                    });
                    if (run.ok && run.reference) confirmed.push(run.reference);
                    else flowsFailed++;
                }
                await sleep(args.think);
            });
            botElapsed += timed.close();
            cpuNow().forEach((now, k) => (botCpu[k] += now - before[k]));
        };

        for (let slice = 0; slice < slices; slice++) {
            const untimedMs = (slice === 0 ? args.warmup : args.rewarm) * 1000;
            await floorSlice(untimedMs, floorMs / slices);
            await botSlice(untimedMs, durationMs / slices);
        }
        const floorRss = echo.peakRssMiB();
        await echo.stop();
        const total = () => postsSeen.length + index.channelPosts.length;
        await settle(index, () => total() >= confirmed.length + 1, 30_000);
        await sleep(1000);
        index.drain();
        collectCards();
        const botRss = bot.peakRssMiB();
        await bot.stop();
        const loadAfter = os.loadavg()[0];

        const table = await createTableClientFactory({ kind: 'connectionString', connectionString: azurite.connectionString }, prefix).table(REPORTS_TABLE);
        const stored = new Map<string, number>();
        for await (const row of table.listEntities<{ reference?: string }>({ queryOptions: { filter: "kind eq 'report'", select: ['reference'] } })) {
            if (row.reference) stored.set(row.reference, (stored.get(row.reference) ?? 0) + 1);
        }
        const posted = new Map<string, number>();
        for (const p of postsSeen) if (p.reference) posted.set(p.reference, (posted.get(p.reference) ?? 0) + 1);
        const lost = confirmed.filter((r) => !stored.has(r) || !posted.has(r)).length;
        const expectedStored = confirmed.length + (warm.reference ? 1 : 0);
        const duplicated =
            [...posted.values()].filter((c) => c > 1).length + [...stored.values()].filter((c) => c > 1).length + Math.max(0, stored.size - expectedStored);

        const floorTput = (floor.count() / floorElapsed) * 1000;
        const botTput = (turns.count() / botElapsed) * 1000;
        const errors = turns.errorCount() + botWarmUp.errorCount() + flowsFailed;
        const floorErrors = floor.errorCount() + floorWarmUp.errorCount();
        console.log(`\nbench — ${args.users} simulated colleagues, think ${args.think} ms, bot ${args.duration} s, floor ${floorMs / 1000} s, taking turns in ${slices} slices, each after untimed traffic (${args.warmup} s the first time, then ${args.rewarm} s); ${os.cpus().length} cores, load average ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)}`);
        console.log(`echo floor : ${floor.count()} turns, ${floorTput.toFixed(0)} turns/s, p50 ${fmt(floor.percentile(50))}, p99 ${fmt(floor.percentile(99))}, errors ${floorErrors}, peak RSS ${floorRss.toFixed(0)} MiB`);
        console.log(`bot        : ${turns.count()} turns, ${botTput.toFixed(0)} turns/s (${((botTput / floorTput) * 100).toFixed(0)} % of floor), p50 ${fmt(turns.percentile(50))}, p99 ${fmt(turns.percentile(99))} (${(turns.percentile(99) / floor.percentile(99)).toFixed(1)}x floor), errors ${errors}, peak RSS ${botRss.toFixed(0)} MiB`);
        const perTurn = (cpu: number, count: number) => `${((cpu / count) * 1000).toFixed(1)} ms/turn`;
        console.log(`CPU floor phase: echo bot ${perTurn(floorCpu[0], floor.count())}, load generator + fake connector ${perTurn(floorCpu[1], floor.count())}`);
        console.log(`CPU bot phase  : bot ${perTurn(botCpu[0], turns.count())}, Azurite ${perTurn(botCpu[1], turns.count())}, load generator + fake connector ${perTurn(botCpu[2], turns.count())}`);
        for (const kind of ['question', 'report turn', 'coordinator action']) {
            if (turns.count(kind) === 0 && turns.errorCount(kind) === 0) {
                if (kind === 'coordinator action') console.log(`  ${kind.padEnd(19)} not in the mix: ${actionsWired ? 'no card to act on' : 'this build does not handle the channel card actions yet'}`);
                continue;
            }
            console.log(`  ${kind.padEnd(19)} n=${String(turns.count(kind)).padStart(6)}  p50 ${fmt(turns.percentile(50, kind)).padStart(9)}  p99 ${fmt(turns.percentile(99, kind)).padStart(9)}  errors ${turns.errorCount(kind)}`);
        }
        console.log(`reports: ${confirmed.length} confirmed, ${stored.size} stored, ${postsSeen.length} channel posts (each incl. 1 warm-up); lost ${lost}, duplicated ${duplicated}, failed flows ${flowsFailed}`);
        const errorSamples = [...botWarmUp.errorSamples.map((e) => `warm-up ${e}`), ...turns.errorSamples];
        if (errorSamples.length) console.log(`first errors: ${errorSamples.join(' | ')}`);
        const checks: [string, boolean][] = [
            ['throughput >= 40 % of floor', botTput >= 0.4 * floorTput],
            ['p99 <= 3x floor p99', turns.percentile(99) <= 3 * floor.percentile(99)],
            ['0 errors', errors === 0],
            ['0 lost', lost === 0],
            ['0 duplicated', duplicated === 0],
            ['peak RSS < 300 MB', botRss * 1.048576 < 300],
        ];
        console.log(checks.map(([name, ok]) => `${ok ? 'MET' : 'NOT MET'}: ${name}`).join('\n'));
        process.exitCode = checks.every(([, ok]) => ok) ? 0 : 1;
    });
}

main();
