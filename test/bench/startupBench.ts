/**
 * `npm run bench:startup`: how long `npm start` (local mode, embedded Azurite) takes until the bot
 * answers /readyz, and how much memory the bot and its Azurite use when idle. Runs the real entry
 * point in a child process with a throwaway data folder, then stops it with SIGINT as Ctrl-C would.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort } from '../../bot/storage/azuriteProcess';
import { repoRoot } from '../../bot/paths';

function rssKiB(pid: number): number {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+) kB/.exec(status);
    return match ? Number(match[1]) : NaN;
}

function childrenOf(pid: number): number[] {
    try {
        return fs
            .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
            .trim()
            .split(/\s+/)
            .filter(Boolean)
            .map(Number);
    } catch {
        return [];
    }
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

/** How the bot is started: as `npm start` does now, or (for --compare) through the tsx CLI as before. */
type Launch = 'node-import-tsx' | 'tsx-cli';

async function once(launch: Launch = 'node-import-tsx'): Promise<{ readyMs: number; botMiB: number; azuriteMiB: number }> {
    const port = await findFreePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'signaalbot-bench-'));
    const started = Date.now();
    // The same command `npm start` runs, without npm's own start-up in front of it: node with tsx's loader
    // hooks in-process (the tsx CLI would start a second node process in front of the bot, ~1 s here).
    const argv = launch === 'tsx-cli' ? [path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'bot/main.ts', '--local'] : ['--import', 'tsx', 'bot/main.ts', '--local'];
    const child = spawn(process.execPath, argv, {
        cwd: repoRoot,
        env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit'],
    });
    await waitReady(`http://127.0.0.1:${port}`, Date.now() + 30000);
    const readyMs = Date.now() - started;
    await new Promise((r) => setTimeout(r, 5000)); // let it settle into idle
    // The bot is the child itself (no tsx CLI in between); Azurite is a child of the bot.
    const botPid = childrenOf(child.pid!).find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('bot/main.ts')) ?? child.pid!;
    const azuritePid = childrenOf(botPid).find((pid) => fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('azurite'));
    const botMiB = rssKiB(botPid) / 1024;
    const azuriteMiB = azuritePid ? rssKiB(azuritePid) / 1024 : NaN;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    const code = await exited;
    if (code !== 0) throw new Error(`bot exited with ${code} on SIGINT`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    return { readyMs, botMiB, azuriteMiB };
}

async function main(): Promise<void> {
    const compare = process.argv.includes('--compare');
    const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 3);
    const results = [];
    const before = [];
    // --compare: the tsx CLI start (as before issue 17) in turns with the current one, same conditions.
    for (let i = 0; i < runs; i++) {
        results.push(await once());
        if (compare) before.push(await once('tsx-cli'));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
    for (const [i, r] of results.entries()) {
        console.log(`run ${i + 1}: ready in ${r.readyMs} ms, idle RSS bot ${r.botMiB.toFixed(0)} MiB, Azurite ${r.azuriteMiB.toFixed(0)} MiB${before[i] ? `; via the tsx CLI ${before[i]?.readyMs} ms` : ''}`);
    }
    const ready = median(results.map((r) => r.readyMs));
    console.log(
        `median of ${runs}: start-to-ready ${ready} ms; idle RSS bot ${median(results.map((r) => r.botMiB)).toFixed(0)} MiB + embedded Azurite ${median(results.map((r) => r.azuriteMiB)).toFixed(0)} MiB${compare ? `; via the tsx CLI ${median(before.map((r) => r.readyMs))} ms` : ''} (load average ${os.loadavg()[0].toFixed(1)})`,
    );
    console.log(`${ready < 3000 ? 'MET' : 'NOT MET'}: start-to-ready < 3 s`);
    process.exitCode = ready < 3000 ? 0 : 1;
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
