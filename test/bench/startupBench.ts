/**
 * `npm run bench:startup`: how long `npm start` (local mode, embedded Azurite) takes until the bot
 * answers /readyz, where that time goes, what the first turns after it cost, and how much memory the bot
 * and its Azurite use when idle. Runs the real entry point in a child process with a throwaway data
 * folder, then stops it with SIGINT as Ctrl-C would.
 *
 * The first start runs cold: no bundle yet (infra/local/start.mjs builds it), an empty Node compile
 * cache and no parsed content, as on a fresh checkout after `npm install`. The timed starts after it are warm, as every later `npm start` is; the
 * target is judged on their median, and the cold start is printed beside it.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../bot/storage/azuriteProcess';
import { repoRoot } from '../../bot/paths';
import { personalMessage } from '../support/activities';
import { FakeConnector } from '../support/fakeConnector';
import { cpuSeconds, postActivity } from './benchKit';

/** package.json's `start` itself, minus `node` (this bench's node is the repo's Node 22, as npm's is). */
const START_COMMAND = startCommand();

function startCommand(): string[] {
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: { start: string } };
    const [node, ...args] = pkg.scripts.start.split(/\s+/);
    if (node !== 'node') throw new Error(`npm start no longer starts with node: ${pkg.scripts.start}`);
    return args;
}

function rssKiB(pid: number): number {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : NaN;
}

/** Every live process below `pid` (Azurite, esbuild while it bundles), with its command line. */
function descendantsOf(pid: number): { pid: number; cmd: string }[] {
    const parentOf = new Map<number, number>();
    for (const entry of fs.readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
            const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
            parentOf.set(Number(entry), Number(stat.split(') ')[1]?.split(' ')[1]));
        } catch {
            /* gone meanwhile */
        }
    }
    const found: { pid: number; cmd: string }[] = [];
    const walk = (parent: number) => {
        for (const [child, ppid] of parentOf) {
            if (ppid !== parent) continue;
            let cmd = '';
            try {
                cmd = fs.readFileSync(`/proc/${child}/cmdline`, 'utf8');
            } catch {
                /* gone meanwhile */
            }
            found.push({ pid: child, cmd });
            walk(child);
        }
    };
    walk(pid);
    return found;
}

async function waitReady(url: string, deadline: number): Promise<void> {
    while (Date.now() < deadline) {
        try {
            const res = await fetch(`${url}/readyz`);
            if (res.status === 200) return;
        } catch {
            /* not listening yet */
        }
        await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('bot did not become ready in time');
}

interface Start {
    readyMs: number;
    /** The bot's own marks (bot/startupPhases.ts): ms since its process started. */
    phases: Record<string, number>;
    /** CPU seconds used until ready: the bot process, its Azurite, and anything else still running that it started. */
    cpu: { bot: number; azurite: number; other: number };
    /** The first two turns after ready: a question (knowledge answer, state written) and `help`. */
    firstTurnMs: number;
    secondTurnMs: number;
    /** The bot's CPU for the first turn (ms, 10 ms ticks): what is compiled or set up on first use. */
    firstTurnCpuMs: number;
    botMiB: number;
    azuriteMiB: number;
}

/** The 'bot ready' log line's phases, from the bot's stdout (pino JSON lines). */
function readyPhases(stdout: string): Record<string, number> {
    for (const line of stdout.split('\n')) {
        if (!line.startsWith('{') || !line.includes('"bot ready"')) continue;
        const parsed = JSON.parse(line) as { phases?: Record<string, number> };
        return parsed.phases ?? {};
    }
    return {};
}

async function turnMs(url: string, connector: FakeConnector, text: string): Promise<number> {
    const started = performance.now();
    const { status } = await postActivity(url, personalMessage(text, { serviceUrl: connector.url }));
    const ms = performance.now() - started;
    if (status !== 200) throw new Error(`first turns: HTTP ${status}`);
    const failed = connector.calls.find((c) => c.failedWith !== undefined || /NIET opgeslagen|probeer het (later )?opnieuw/i.test(JSON.stringify(c.body)));
    if (failed) throw new Error('first turns: the bot answered with an error');
    return ms;
}

/** --compare: the start as it was before the bundle (tsx's loader hooks in this process), same code. */
const TSX_COMMAND = ['--import', 'tsx', 'bot/main.ts', '--local'];

async function once(cold: boolean, connector: FakeConnector, command: string[] = START_COMMAND): Promise<Start> {
    const port = await findFreePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-bench-'));
    // Cold, as on a fresh checkout: the caches (bundle, compile cache, parsed content; localCacheDir in bot/paths.ts)
    // in an empty folder.
    // Inside the repo: the bundle finds node_modules and the repo root from where it lies.
    const coldDir = cold ? fs.mkdtempSync(path.join(repoRoot, 'node_modules', '.cache', 'bench-cold-')) : undefined;
    const coldEnv = coldDir ? { SIGNAALBOT_CACHE_DIR: coldDir } : {};
    const started = Date.now();
    // The command `npm start` runs, without npm's own start-up in front of it.
    const child = spawn(process.execPath, command, {
        cwd: repoRoot,
        env: { ...process.env, ...coldEnv, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
        if (stdout.length < 1_000_000) stdout += chunk.toString();
    });
    const url = `http://127.0.0.1:${port}`;
    await waitReady(url, Date.now() + 60000);
    const readyMs = Date.now() - started;
    const below = descendantsOf(child.pid!);
    const azuritePid = below.find((p) => p.cmd.includes('azurite'))?.pid;
    const cpu = {
        bot: cpuSeconds(child.pid!),
        azurite: azuritePid ? cpuSeconds(azuritePid) : NaN,
        other: below.filter((p) => p.pid !== azuritePid).reduce((sum, p) => sum + (cpuSeconds(p.pid) || 0), 0),
    };
    connector.calls.length = 0;
    const cpuBeforeTurn = cpuSeconds(child.pid!);
    const firstTurnMs = await turnMs(url, connector, 'wat zijn signalen van arbeidsuitbuiting?');
    const firstTurnCpuMs = (cpuSeconds(child.pid!) - cpuBeforeTurn) * 1000;
    const secondTurnMs = await turnMs(url, connector, 'help');
    await new Promise((r) => setTimeout(r, 5000)); // let it settle into idle
    const botMiB = rssKiB(child.pid!) / 1024;
    const azuriteMiB = azuritePid ? rssKiB(azuritePid) / 1024 : NaN;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    const code = await exited;
    if (code !== 0) throw new Error(`bot exited with ${code} on SIGINT`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (coldDir) fs.rmSync(coldDir, { recursive: true, force: true });
    return { readyMs, phases: readyPhases(stdout), cpu, firstTurnMs, secondTurnMs, firstTurnCpuMs, botMiB, azuriteMiB };
}

const median = (xs: number[]) => {
    const sorted = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
    if (sorted.length === 0) return NaN;
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** One line per phase: when it ended (ms since the bot's process started) and how long since the phase before. */
function phaseLines(starts: Start[]): string[] {
    const names = [...new Set(starts.flatMap((s) => Object.keys(s.phases)))];
    const ends = names.map((name) => ({ name, at: median(starts.map((s) => s.phases[name] ?? NaN)) })).sort((a, b) => a.at - b.at);
    let previous = 0;
    return ends.map(({ name, at }) => {
        const line = `  ${name.padEnd(20)} at ${String(Math.round(at)).padStart(5)} ms  (+${Math.round(at - previous)} ms)`;
        previous = at;
        return line;
    });
}

async function main(): Promise<void> {
    const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 5);
    const compare = process.argv.includes('--compare');
    const loadBefore = os.loadavg();
    const connector = new FakeConnector();
    await connector.start();
    try {
        const cold = await once(true, connector);
        // The warm starts must find the bundle current: a start that stops at the config check (a bad
        // PORT) builds it first if a source changed since the last `npm start`.
        spawnSync(process.execPath, START_COMMAND, { cwd: repoRoot, env: { ...process.env, PORT: 'geen-poort' }, stdio: 'ignore' });
        const warm: Start[] = [];
        const viaTsx: Start[] = [];
        for (let i = 0; i < runs; i++) {
            warm.push(await once(false, connector));
            // In turns, so both see the same machine.
            if (compare) viaTsx.push(await once(false, connector, TSX_COMMAND));
        }
        const describe = (r: Start) =>
            `ready in ${r.readyMs} ms; CPU to ready bot ${r.cpu.bot.toFixed(2)} s, Azurite ${r.cpu.azurite.toFixed(2)} s, other ${r.cpu.other.toFixed(2)} s; ` +
            `first turn ${r.firstTurnMs.toFixed(0)} ms (bot CPU ${r.firstTurnCpuMs.toFixed(0)} ms), second ${r.secondTurnMs.toFixed(0)} ms; idle RSS bot ${r.botMiB.toFixed(0)} MiB, Azurite ${r.azuriteMiB.toFixed(0)} MiB`;
        console.log(`cold (no bundle, empty caches): ${describe(cold)}`);
        for (const [i, r] of warm.entries()) console.log(`warm run ${i + 1}: ${describe(r)}`);
        for (const [i, r] of viaTsx.entries()) console.log(`via tsx ${i + 1}: ${describe(r)}`);
        if (compare) {
            console.log(
                `--compare, same run, in turns: bundle ${Math.round(median(warm.map((r) => r.readyMs)))} ms, bot CPU ${median(warm.map((r) => r.cpu.bot)).toFixed(2)} s; ` +
                    `tsx ${Math.round(median(viaTsx.map((r) => r.readyMs)))} ms, bot CPU ${median(viaTsx.map((r) => r.cpu.bot)).toFixed(2)} s`,
            );
        }
        const ready = median(warm.map((r) => r.readyMs));
        console.log(`where the time goes (median of the warm runs; ms since the bot's process started, a phase's end):`);
        for (const line of phaseLines(warm)) console.log(line);
        console.log(`  ready as seen by /readyz    ${Math.round(ready)} ms after spawn`);
        console.log(
            `median of ${runs} warm: start-to-ready ${Math.round(ready)} ms (cold ${cold.readyMs} ms); CPU to ready bot ${median(warm.map((r) => r.cpu.bot)).toFixed(2)} s + Azurite ${median(warm.map((r) => r.cpu.azurite)).toFixed(2)} s + other ${median(warm.map((r) => r.cpu.other)).toFixed(2)} s; ` +
                `first turn ${median(warm.map((r) => r.firstTurnMs)).toFixed(0)} ms (bot CPU ${median(warm.map((r) => r.firstTurnCpuMs)).toFixed(0)} ms), second ${median(warm.map((r) => r.secondTurnMs)).toFixed(0)} ms; ` +
                `idle RSS bot ${median(warm.map((r) => r.botMiB)).toFixed(0)} MiB + embedded Azurite ${median(warm.map((r) => r.azuriteMiB)).toFixed(0)} MiB ` +
                `(load average ${loadBefore[0]!.toFixed(1)} before, ${os.loadavg()[0]!.toFixed(1)} after)`,
        );
        console.log(`${ready < 3000 ? 'MET' : 'NOT MET'}: start-to-ready < 3 s (median of the warm starts)`);
        process.exitCode = ready < 3000 ? 0 : 1;
    } finally {
        await connector.stop();
    }
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
