import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../bot/paths';

/**
 * `npm run playground`: starts the Microsoft 365 Agents Playground (a local Teams-like web client)
 * against the bot started by `npm start`. It reads the mock tenant, users and channels from
 * .m365agentsplayground.yml in the repository root, so it must start there.
 */
const botPort = process.env.PORT ?? '3978';
const uiPort = process.env.PLAYGROUND_PORT ?? '56150';
const headless = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;

const cli = path.join(repoRoot, 'node_modules', '@microsoft', 'm365agentsplayground', 'cli.js');
const child = spawn(
    process.execPath,
    [cli, '-e', `http://127.0.0.1:${botPort}/api/messages`, '-c', 'msteams', '-p', uiPort, '--disable-telemetry'],
    {
        cwd: repoRoot,
        stdio: 'inherit',
        env: {
            ...process.env,
            // Without a display it would try to open a browser and exit; then the person opens the URL.
            ...(headless ? { TEAMSAPPTESTER_BROWSER: 'none' } : {}),
            M365_AGENTS_PLAYGROUND_LOGFILE: process.env.M365_AGENTS_PLAYGROUND_LOGFILE ?? path.join(repoRoot, '.data', 'playground.log'),
        },
    },
);
process.stdout.write(`\nPlayground: open http://localhost:${uiPort} in je browser (de bot moet draaien: npm start).\n\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
