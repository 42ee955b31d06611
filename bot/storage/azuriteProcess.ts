import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from '../paths';
import { compileCacheDir } from '../compileCache';

/** Azurite's well-known development account; it is public and only works against the emulator. */
const DEV_ACCOUNT = 'devstoreaccount1';
const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface RunningAzurite {
    readonly connectionString: string;
    readonly port: number;
    /** Stops Azurite with SIGINT, which makes it save its data first, and waits for it to exit. */
    stop(): Promise<void>;
}

export interface AzuriteOptions {
    /** Folder for the data; ignored when inMemory is true. */
    dataDir?: string;
    inMemory: boolean;
    port?: number;
}

export async function findFreePort(host = '127.0.0.1'): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.unref();
        server.on('error', reject);
        server.listen(0, host, () => {
            const address = server.address();
            server.close(() => {
                if (address !== null && typeof address === 'object') resolve(address.port);
                else reject(new Error('no port'));
            });
        });
    });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`Azurite stopped at start (exit code ${child.exitCode})`);
        const open = await new Promise<boolean>((resolve) => {
            const socket = net.connect(port, '127.0.0.1');
            socket.once('connect', () => {
                socket.destroy();
                resolve(true);
            });
            socket.once('error', () => resolve(false));
        });
        if (open) return;
        await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`Azurite did not listen on port ${port} within ${timeoutMs} ms`);
}

/** An Azurite that has been spawned: its address is known at once, `listening` settles when it answers (or failed). */
export interface SpawnedAzurite extends RunningAzurite {
    readonly listening: Promise<void>;
}

/**
 * Starts Azurite's table service as a child process and resolves when it listens. A child (not
 * Azurite's in-process classes, which are not a public API) so that it saves its data on SIGINT exactly
 * as the CLI does.
 */
export async function startAzurite(options: AzuriteOptions): Promise<RunningAzurite> {
    const azurite = await spawnAzurite(options);
    await azurite.listening;
    return azurite;
}

/**
 * Spawns Azurite and returns before it listens: its ~1 s of module loading can then run beside the
 * caller's own work (main.ts builds the app meanwhile, and waits for `listening` before it serves).
 * When it does not come up, `listening` rejects with what it said on stderr, and it is killed.
 */
export async function spawnAzurite(options: AzuriteOptions): Promise<SpawnedAzurite> {
    const port = options.port ?? (await findFreePort());
    const entry = path.join(repoRoot, 'node_modules', 'azurite', 'dist', 'src', 'table', 'main.js');
    // Azurite is a devDependency: a production install (npm ci --omit=dev) has none and needs real storage.
    if (!fs.existsSync(entry)) {
        throw new Error('Azurite is niet geïnstalleerd (alleen voor ontwikkelen: npm ci zonder --omit=dev); zet anders STORAGE_ACCOUNT_URL of STORAGE_CONNECTION_STRING');
    }
    const args = [entry, '--tableHost', '127.0.0.1', '--tablePort', String(port), '--disableTelemetry', '--silent', '--skipApiVersionCheck'];
    if (options.inMemory) {
        args.push('--inMemoryPersistence');
    } else {
        const dir = options.dataDir ?? path.join(repoRoot, '.data');
        fs.mkdirSync(dir, { recursive: true });
        args.push('--location', dir);
    }
    // Azurite is module loading only until it listens: the compile cache halves that (bot/compileCache.ts).
    // A NODE_COMPILE_CACHE of the caller's own (the bot's, or the bench's cold start) wins.
    const cacheDir = process.env.NODE_COMPILE_CACHE ?? compileCacheDir();
    const env = cacheDir ? { ...process.env, NODE_COMPILE_CACHE: cacheDir } : process.env;
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
        stderr = (stderr + chunk.toString()).slice(-2000);
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const listening = waitForPort(port, child, 15000).catch((err: unknown) => {
        child.kill('SIGKILL');
        throw new Error(`${(err as Error).message}${stderr ? `: ${stderr.trim()}` : ''}`);
    });
    // Whoever awaits `listening` sees the failure; until then it must not count as unhandled.
    listening.catch(() => undefined);
    return {
        port,
        listening,
        connectionString:
            `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_KEY};` +
            `TableEndpoint=http://127.0.0.1:${port}/${DEV_ACCOUNT};`,
        async stop() {
            if (child.exitCode !== null) return;
            child.kill('SIGINT');
            const timer = setTimeout(() => child.kill('SIGKILL'), 10000);
            await exited;
            clearTimeout(timer);
        },
    };
}
