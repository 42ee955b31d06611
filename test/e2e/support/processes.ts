import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/**
 * A child process for the end-to-end test, in its own process group (so the bot's Azurite and anything
 * else it starts stop with it), with its output copied to a log file under test-artifacts and kept in
 * memory for waitForOutput(). stop() asks politely (SIGINT: the bot stops Azurite, which saves first)
 * and kills the whole group when that takes too long. If mocha exits abruptly, the exit hook still
 * kills every group that was started here, so no orphans are left on a CI runner.
 */
export interface ManagedProcess {
    readonly name: string;
    readonly pid: number;
    readonly logFile: string;
    /** All output so far (stdout and stderr). */
    output(): string;
    /** Resolves with the first match of `pattern` in the output (past or future). */
    waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
    /** Stops the process group; resolves when the leader has exited. */
    stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
    readonly exited: boolean;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
    if (child.pid === undefined) return;
    try {
        process.kill(-child.pid, signal);
    } catch {
        /* the group is already gone */
    }
}

function installExitHook(): void {
    if (exitHookInstalled) return;
    exitHookInstalled = true;
    process.on('exit', () => {
        for (const child of running) killGroup(child, 'SIGKILL');
    });
}

export function startProcess(options: {
    name: string;
    command: string;
    args: string[];
    cwd: string;
    env: NodeJS.ProcessEnv;
    logFile: string;
}): ManagedProcess {
    installExitHook();
    const log = fs.createWriteStream(options.logFile, { flags: 'w' });
    const child = spawn(options.command, options.args, {
        cwd: options.cwd,
        env: options.env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
    running.add(child);
    let text = '';
    let exited = false;
    const listeners = new Set<() => void>();
    const onData = (chunk: Buffer) => {
        log.write(chunk);
        text += chunk.toString('utf8');
        for (const listener of [...listeners]) listener();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    const exitPromise = new Promise<void>((resolve) => {
        child.once('exit', (code, signal) => {
            exited = true;
            running.delete(child);
            log.write(`\n[e2e] ${options.name} exited (code ${code ?? '-'}, signal ${signal ?? '-'})\n`);
            for (const listener of [...listeners]) listener();
            resolve();
        });
    });
    exitPromise.then(() => log.end()).catch(() => undefined);

    return {
        name: options.name,
        pid: child.pid,
        logFile: options.logFile,
        get exited() {
            return exited;
        },
        output: () => text,
        waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
            return new Promise((resolve, reject) => {
                const check = () => {
                    const match = pattern.exec(text);
                    if (match) {
                        done();
                        resolve(match);
                    } else if (exited) {
                        done();
                        reject(new Error(`${options.name} exited before printing ${pattern}; see ${options.logFile}`));
                    }
                };
                const timer = setTimeout(() => {
                    done();
                    reject(new Error(`${options.name} did not print ${pattern} within ${timeoutMs} ms; see ${options.logFile}`));
                }, timeoutMs);
                const done = () => {
                    clearTimeout(timer);
                    listeners.delete(check);
                };
                listeners.add(check);
                check();
            });
        },
        async stop(signal: NodeJS.Signals = 'SIGINT', graceMs = 10000): Promise<void> {
            if (!exited) {
                killGroup(child, signal);
                const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
                await exitPromise;
                clearTimeout(timer);
            }
            // Children of the leader (the bot's Azurite) may outlive it by a moment: end the group.
            killGroup(child, 'SIGKILL');
        },
    };
}
