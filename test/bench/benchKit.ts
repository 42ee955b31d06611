/**
 * Shared parts of `npm run bench` and `npm run bench:reports`: the server processes (bot and echo
 * floor), an index over the fake connector's traffic, latency statistics, and the colleague flows.
 * Everything talks to 127.0.0.1 only; every loop is bounded in count and time.
 */
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PRODUCTION_NODE_FLAGS } from '../../bot/nodeRuntime';
import { repoRoot } from '../../bot/paths';
import { GENERIC_ERROR_MESSAGE, STORAGE_DOWN_MESSAGE, TEMPORARY_ERROR_MESSAGE } from '../../bot/http/turnErrors';
import { cardSubmit, personalMessage, type Person } from '../support/activities';
import { FakeConnector } from '../support/fakeConnector';
import { startAzurite, type RunningAzurite } from '../../bot/storage/azuriteProcess';

export type ServerKind = 'bot' | 'echo' | 'stateful';

export interface BenchServer {
    kind: ServerKind;
    url: string;
    pid: number;
    /** Peak resident set size of the server process so far (VmHWM), in MiB. */
    peakRssMiB(): number;
    /** Outgoing requests so far by method and target (only with BENCH_COUNT_REQUESTS=1 in its env). */
    requestCounts(): Promise<Record<string, number>>;
    stop(): Promise<void>;
}

/**
 * Compiles the service and the bench server with tsc into node_modules/.cache (inside the repo, so
 * node_modules and the repo root resolve as from dist/), because production runs `node dist/bot/main.js`,
 * not tsx: memory and CPU are measured on the code as it is deployed. Returns the server's .js path.
 */
export function compileBenchServer(): string {
    const outDir = path.join(repoRoot, 'node_modules', '.cache', 'signaalbot-bench');
    fs.mkdirSync(outDir, { recursive: true });
    const tsconfig = path.join(outDir, 'tsconfig.json');
    fs.writeFileSync(
        tsconfig,
        JSON.stringify({
            extends: path.join(repoRoot, 'tsconfig.json'),
            compilerOptions: { outDir, rootDir: repoRoot, sourceMap: false, types: ['node'], noEmit: false },
            include: [path.join(repoRoot, 'test', 'bench', 'benchServer.ts')],
        }),
    );
    execFileSync(process.execPath, [path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { stdio: 'inherit' });
    return path.join(outDir, 'test', 'bench', 'benchServer.js');
}

/** What the HTTP benchmarks share: the compiled server (undefined: run the sources with tsx), storage and connector. */
export interface BenchRig {
    compiled?: string;
    azurite: RunningAzurite;
    connector: FakeConnector;
    index: ConnectorIndex;
}

/**
 * Compiles the server (unless `tsx`), starts an in-memory Azurite and the fake Bot Connector, runs the
 * benchmark and always stops both; a crash prints the error and exits with 2.
 */
export function runBench(options: { tsx?: boolean }, bench: (rig: BenchRig) => Promise<void>): void {
    const run = async () => {
        const compiled = options.tsx ? undefined : compileBenchServer();
        const azurite = await startAzurite({ inMemory: true });
        const connector = new FakeConnector();
        await connector.start();
        try {
            await bench({ compiled, azurite, connector, index: new ConnectorIndex(connector) });
        } finally {
            await connector.stop();
            await azurite.stop();
        }
    };
    run().catch((err: unknown) => {
        console.error(err);
        process.exit(2);
    });
}

/** Runs the compiled server when `compiled` is given (see compileBenchServer), else the sources with tsx. */
export async function forkServer(kind: ServerKind, env: Record<string, string> = {}, compiled?: string): Promise<BenchServer> {
    const child: ChildProcess = fork(compiled ?? path.join(repoRoot, 'test', 'bench', 'benchServer.ts'), [], {
        cwd: repoRoot,
        // BENCH_CPU_PROF_DIR=<dir> writes a V8 CPU profile of the bot process, to find where a turn's time goes.
        // Both servers run with production's V8 flags; BENCH_NODE_OPTIONS adds (or overrides) flags to try.
        execArgv: [...(compiled ? [] : ['--require', 'tsx/cjs']), ...PRODUCTION_NODE_FLAGS, ...(process.env.BENCH_NODE_OPTIONS?.split(' ').filter(Boolean) ?? []), ...(process.env.BENCH_CPU_PROF_DIR && kind === 'bot' ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [])],
        env: { ...process.env, ...env, BENCH_SERVER: kind },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${kind} server did not start within 30 s`)), 30_000);
        child.once('message', (message: { url?: string; error?: string }) => {
            clearTimeout(timer);
            if (message.url) resolve(message.url);
            else reject(new Error(message.error ?? 'server failed'));
        });
        child.once('exit', (code) => reject(new Error(`${kind} server exited with ${code}`)));
    });
    const pid = child.pid ?? 0;
    return {
        kind,
        url,
        pid,
        peakRssMiB: () => {
            const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
            return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
        },
        requestCounts: () =>
            new Promise<Record<string, number>>((resolve, reject) => {
                const timer = setTimeout(() => reject(new Error(`${kind} server did not answer 'counts'`)), 5000);
                const onMessage = (message: { counts?: Record<string, number> }) => {
                    if (!message.counts) return;
                    clearTimeout(timer);
                    child.off('message', onMessage);
                    resolve(message.counts);
                };
                child.on('message', onMessage);
                child.send('counts');
            }),
        stop: () =>
            new Promise<void>((resolve) => {
                const timer = setTimeout(() => {
                    child.kill('SIGKILL');
                    resolve();
                }, 10_000);
                child.once('exit', () => {
                    clearTimeout(timer);
                    resolve();
                });
                child.send('stop');
            }),
    };
}

/** CPU seconds (user + system) a process has used so far; NaN when it is gone. */
export function cpuSeconds(pid: number): number {
    try {
        const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
        return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
        return NaN;
    }
}

/** The pid of the Azurite child listening on `port` (for its CPU figures). */
export function azuritePid(port: number): number | undefined {
    for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const cmd = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
            if (cmd.includes('azurite') && cmd.includes(`--tablePort\u0000${port}\u0000`)) return Number(entry);
        } catch {
            /* gone meanwhile */
        }
    }
    return undefined;
}

/** POSTs one activity; the turn is complete (replies sent) when the response arrives. */
export async function postActivity(url: string, activity: object): Promise<{ status: number; body: string }> {
    const res = await fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(15_000),
    });
    return { status: res.status, body: await res.text() };
}

/**
 * Moves the fake connector's recorded calls into per-conversation reply lists (as JSON strings) and a
 * list of channel posts, and empties the connector's own list so a long run does not keep every body.
 */
export class ConnectorIndex {
    private readonly replies = new Map<string, string[]>();
    readonly channelPosts: { at: number; reference?: string; channel?: string; body: unknown }[] = [];
    /** The weekly digests posted meanwhile: they name references too, but are no report's post. */
    readonly digests: { at: number; channel?: string }[] = [];
    readonly failures: number[] = [];

    constructor(private readonly connector: FakeConnector) {}

    drain(): void {
        const calls = this.connector.calls.splice(0, this.connector.calls.length);
        for (const call of calls) {
            if (call.failedWith !== undefined) {
                this.failures.push(call.failedWith);
                continue;
            }
            const json = JSON.stringify(call.body);
            if (call.method === 'POST' && call.path === '/v3/conversations') {
                const channel = (call.body as { channelData?: { channel?: { id?: string } } } | undefined)?.channelData?.channel?.id;
                if (json.includes('Weekoverzicht')) this.digests.push({ at: call.at, channel });
                else this.channelPosts.push({ at: call.at, reference: /MH-\d{4}-\d{4,}/.exec(json)?.[0], channel, body: call.body });
            } else if (call.conversationId) {
                const base = call.conversationId.split(';messageid=')[0];
                const list = this.replies.get(base) ?? [];
                list.push(json);
                this.replies.set(base, list);
            }
        }
    }

    /** The replies sent into a conversation since the last call for it. */
    take(conversationId: string): string[] {
        this.drain();
        const list = this.replies.get(conversationId) ?? [];
        this.replies.delete(conversationId);
        return list;
    }
}

export class LatencyRecorder {
    private readonly samples = new Map<string, number[]>();
    private readonly errors = new Map<string, number>();
    readonly errorSamples: string[] = [];

    record(kind: string, ms: number): void {
        const list = this.samples.get(kind) ?? [];
        list.push(ms);
        this.samples.set(kind, list);
    }

    error(kind: string, why: string): void {
        this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
        if (this.errorSamples.length < 10) this.errorSamples.push(`${kind}: ${why}`);
    }

    kinds(): string[] {
        return [...new Set([...this.samples.keys(), ...this.errors.keys()])];
    }

    count(kind?: string): number {
        if (kind) return this.samples.get(kind)?.length ?? 0;
        return [...this.samples.values()].reduce((n, l) => n + l.length, 0);
    }

    errorCount(kind?: string): number {
        if (kind) return this.errors.get(kind) ?? 0;
        return [...this.errors.values()].reduce((n, c) => n + c, 0);
    }

    percentile(p: number, kind?: string): number {
        const all = kind ? (this.samples.get(kind) ?? []) : [...this.samples.values()].flat();
        if (all.length === 0) return NaN;
        const sorted = Float64Array.from(all).sort();
        return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
    }
}

export function parseArgs<T extends Record<string, number>>(argv: readonly string[], defaults: T): T {
    const out: Record<string, number> = { ...defaults };
    for (const arg of argv) {
        const m = /^--([a-z-]+)=(\d+(?:\.\d+)?)$/.exec(arg);
        if (!m) throw new Error(`unknown argument ${arg}; use ${Object.keys(defaults).map((k) => `--${k}=<n>`).join(' ')}`);
        if (!(m[1] in defaults)) throw new Error(`unknown option --${m[1]}`);
        out[m[1]] = Number(m[2]);
    }
    return out as T;
}

export const fmt = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '—');

export function simulatedColleague(n: number): Person {
    return { id: `29:bench-${n}`, name: `Collega ${n}`, aadObjectId: `be0c0000-0000-4000-8000-${String(n).padStart(12, '0')}` };
}

const yesterday = () => new Date(Date.now() - 24 * 3600 * 1000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
const MUNICIPALITIES = ['Brummen', 'Lochem', 'Voorst', 'Zutphen'] as const;

/** A reply that means the bot failed, whatever the HTTP status said. */
function failureIn(replies: string[]): string | undefined {
    for (const r of replies) {
        if (r.includes(JSON.stringify(GENERIC_ERROR_MESSAGE).slice(1, 40))) return 'generic error reply';
        if (r.includes(JSON.stringify(STORAGE_DOWN_MESSAGE).slice(1, 40))) return 'storage down reply';
        if (r.includes(JSON.stringify(TEMPORARY_ERROR_MESSAGE).slice(1, 40))) return 'temporary error reply';
        if (r.includes('NIET opgeslagen')) return 'report not saved';
    }
    return undefined;
}

export interface TurnOutcome {
    ok: boolean;
    ms: number;
    why?: string;
    replies: string[];
}

/** One turn: POST, then the replies the bot sent into the colleague's chat, checked against `expect`. */
export async function turn(
    url: string,
    index: ConnectorIndex,
    conversationId: string,
    activity: Record<string, unknown>,
    expect: RegExp,
): Promise<TurnOutcome> {
    const started = performance.now();
    let status: number;
    try {
        status = (await postActivity(url, activity)).status;
    } catch (err) {
        return { ok: false, ms: performance.now() - started, why: `request failed: ${(err as Error).name}`, replies: [] };
    }
    const ms = performance.now() - started;
    const replies = index.take(conversationId);
    if (status !== 200) return { ok: false, ms, why: `HTTP ${status}`, replies };
    const failure = failureIn(replies);
    if (failure) return { ok: false, ms, why: failure, replies };
    if (!replies.some((r) => expect.test(r))) return { ok: false, ms, why: `expected ${expect} in the reply`, replies };
    return { ok: true, ms, replies };
}

export const REPORT_STEPS = ['report.start', 'report.safety', 'report.details', 'report.signals', 'report.send'] as const;

export interface ReportRun {
    ok: boolean;
    reference?: string;
    /** performance.now() when Versturen was sent, and Date.now() at that moment (the connector stamps with Date.now()). */
    sentAtEpochMs?: number;
}

/** The complete report flow of one colleague over HTTP, five turns; `onTurn` gets each turn's latency. */
export async function reportFlow(
    url: string,
    index: ConnectorIndex,
    person: Person,
    serviceUrl: string,
    n: number,
    onTurn: (step: (typeof REPORT_STEPS)[number], outcome: TurnOutcome) => void | Promise<void>,
    thinkMs = 0,
): Promise<ReportRun> {
    // Jittered (0.5x to 1.5x), or colleagues with equal pauses would stay in lockstep and arrive in bursts.
    const think = () => (thinkMs > 0 ? new Promise((r) => setTimeout(r, thinkMs * (0.5 + Math.random()))) : Promise.resolve());
    const conversation = `a:personal-${person.aadObjectId}`;
    const o = { serviceUrl, from: person };
    const municipality = MUNICIPALITIES[n % MUNICIPALITIES.length];
    const steps: [(typeof REPORT_STEPS)[number], Record<string, unknown>, RegExp][] = [
        ['report.start', personalMessage('ik wil iets melden', o), /report\.safety/],
        ['report.safety', cardSubmit({ action: 'report.safety', acuteDanger: n % 7 === 0 }, o), /report\.details/],
        [
            'report.details',
            cardSubmit(
                {
                    action: 'report.details',
                    municipality,
                    forms: n % 2 ? 'arbeid' : 'arbeid,seksueel',
                    description: `Meerdere mensen wonen in een bedrijfspand en worden 's ochtends vroeg opgehaald (bench ${n}).`,
                    location: 'Industrieweg',
                    observedOn: yesterday(),
                    workContext: 'handhaving',
                },
                o,
            ),
            /report\.signals/,
        ],
        ['report.signals', cardSubmit({ action: 'report.signals', indicators_arbeid: 'arb_huisvesting', peopleCount: '6', minor: 'nee', informed: 'niemand' }, o), /report\.send/],
    ];
    let last: TurnOutcome | undefined;
    for (const [step, activity, expect] of steps) {
        last = await turn(url, index, conversation, activity, expect);
        await onTurn(step, last);
        if (!last.ok) return { ok: false };
        await think();
    }
    const submissionId = last?.replies.map((r) => /"action":"report\.send","submissionId":"([^"]+)"/.exec(r)?.[1]).find(Boolean);
    if (!submissionId) return { ok: false };
    const sentAtEpochMs = Date.now();
    const sent = await turn(url, index, conversation, cardSubmit({ action: 'report.send', submissionId }, o), /MH-\d{4}-\d{4,}/);
    await onTurn('report.send', sent);
    const reference = sent.replies.map((r) => /MH-\d{4}-\d{4,}/.exec(r)?.[0]).find(Boolean);
    return { ok: sent.ok && reference !== undefined, reference, sentAtEpochMs };
}

/** The echo floor's one kind of turn: a message answered with a card. */
export function echoTurn(url: string, index: ConnectorIndex, person: Person, serviceUrl: string, text: string): Promise<TurnOutcome> {
    return turn(url, index, `a:personal-${person.aadObjectId}`, personalMessage(text, { serviceUrl, from: person }), /Echo/);
}

/** Runs `users` closed-loop workers until `durationMs` passed or `maxIterations` per worker were done. */
export async function closedLoop(users: number, durationMs: number, maxIterations: number, work: (user: number, iteration: number) => Promise<void>): Promise<number> {
    const started = performance.now();
    const end = started + durationMs;
    await Promise.all(
        Array.from({ length: users }, async (_, user) => {
            for (let i = 0; i < maxIterations && performance.now() < end; i++) await work(user, i);
        }),
    );
    return performance.now() - started;
}

/** Waits (bounded) until `done()` holds, draining the connector index meanwhile. */
export async function settle(index: ConnectorIndex, done: () => boolean, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        index.drain();
        if (done()) return true;
        await new Promise((r) => setTimeout(r, 100));
    }
    index.drain();
    return done();
}
