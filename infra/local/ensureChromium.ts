import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Makes sure Debian's Chromium is installed for the end-to-end tests (`npm run test:e2e`).
 *
 * Playwright's own browser download (`npx playwright install`) cannot work on our build machines: they
 * reach the npm registry and Debian's package mirrors, nothing else. So the tests drive Debian's
 * chromium package with playwright-core. When it is missing and we are root (CI containers), this
 * installs it with apt-get (about a minute); otherwise it explains what to do and exits with code 1.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';
/**
 * Also accepted when Debian's package is absent: Google Chrome, which GitHub's Ubuntu runners ship (their
 * `apt-get install chromium` only installs a snap wrapper that cannot run there).
 */
const ALTERNATIVES = ['/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export class ChromiumMissingError extends Error {
    readonly code = 'CHROMIUM_MISSING';
    constructor(message: string) {
        super(message);
        this.name = 'ChromiumMissingError';
    }
}

function isExecutable(file: string): boolean {
    try {
        fs.accessSync(file, fs.constants.X_OK);
        return true;
    } catch {
        return false;
    }
}

/** A browser binary that actually starts (a wrapper that only tells you to install a snap does not count). */
function works(file: string): boolean {
    if (!isExecutable(file)) return false;
    const result = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 15000 });
    return result.status === 0 && /(Chromium|Chrome) \d+/.test(result.stdout);
}

function explain(reason: { nl: string; en: string }): string {
    return [
        '',
        `Chromium ontbreekt; de end-to-end-tests hebben het nodig. ${reason.nl}`,
        'Installeer het als beheerder met:',
        '    sudo apt-get update && sudo apt-get install -y chromium',
        'en start de tests daarna opnieuw (npm test of npm run test:e2e).',
        '',
        `Chromium is missing; the end-to-end tests need it. ${reason.en}`,
        'Install it as an administrator with:',
        '    sudo apt-get update && sudo apt-get install -y chromium',
        'then run the tests again (npm test or npm run test:e2e).',
        '',
    ].join('\n');
}

function run(command: string, args: string[]): number {
    const result = spawnSync(command, args, {
        stdio: 'inherit',
        env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    return result.status ?? 1;
}

/** Returns the path of a working Chromium, installing Debian's package first when that is possible. */
export function ensureChromium(
    log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
    candidates: { debian: string; alternatives: readonly string[] } = { debian: CHROMIUM_PATH, alternatives: ALTERNATIVES },
): string {
    if (works(candidates.debian)) return candidates.debian;
    const alternative = candidates.alternatives.find(works);
    if (alternative) return alternative;
    if (process.platform !== 'linux' || !isExecutable('/usr/bin/apt-get')) {
        throw new ChromiumMissingError(explain({
            nl: 'Dit script kan het alleen zelf installeren op Debian of Ubuntu (apt-get).',
            en: 'This script can only install it itself on Debian or Ubuntu (apt-get).',
        }));
    }
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
        throw new ChromiumMissingError(explain({
            nl: 'Dit script draait niet als root en installeert dus niets zelf.',
            en: 'This script is not running as root, so it installs nothing itself.',
        }));
    }
    log('Chromium ontbreekt: installeren met apt-get (duurt ongeveer een minuut) / installing chromium with apt-get ...');
    if (run('apt-get', ['update']) !== 0 || run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium']) !== 0) {
        throw new ChromiumMissingError(explain({
            nl: 'apt-get kon het pakket chromium niet installeren (zie de uitvoer hierboven).',
            en: 'apt-get could not install the chromium package (see the output above).',
        }));
    }
    if (!works(candidates.debian)) {
        throw new ChromiumMissingError(explain({
            nl: `Na de installatie staat er nog steeds niets op ${candidates.debian}.`,
            en: `After the installation there is still nothing at ${candidates.debian}.`,
        }));
    }
    log(`Chromium geïnstalleerd / installed: ${candidates.debian}`);
    return candidates.debian;
}

if (require.main === module) {
    try {
        ensureChromium();
    } catch (err) {
        if (err instanceof ChromiumMissingError) {
            process.stderr.write(err.message);
            process.exit(1);
        }
        throw err;
    }
}
