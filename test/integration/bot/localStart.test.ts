/**
 * `npm start` (infra/local/start.mjs): bundles the bot when its sources changed, otherwise only checks,
 * and runs the bundle with npm's arguments. A start with a bad PORT stops at the config check, after the
 * bundle ran, without Azurite or a server.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../bot/paths';

describe('npm start: the bundle of the bot (infra/local/start.mjs)', function () {
    this.timeout(60_000);
    let cacheDir: string;
    const bundle = () => path.join(cacheDir, 'signaalbot-start', 'main.js');
    const stampsFile = () => path.join(cacheDir, 'signaalbot-start', 'inputs.json');
    const startWithBadPort = () =>
        spawnSync(process.execPath, ['infra/local/start.mjs', '--local'], {
            cwd: repoRoot,
            env: { ...process.env, SIGNAALBOT_CACHE_DIR: cacheDir, PORT: 'geen-poort' },
            encoding: 'utf8',
            timeout: 50_000,
        });
    const aLongTimeAgo = new Date('2020-01-01T00:00:00Z');

    before(() => {
        // Inside the repo: the bundle finds node_modules and the repo root from where it lies.
        fs.mkdirSync(path.join(repoRoot, 'node_modules', '.cache'), { recursive: true });
        cacheDir = fs.mkdtempSync(path.join(repoRoot, 'node_modules', '.cache', 'start-test-'));
    });
    after(() => fs.rmSync(cacheDir, { recursive: true, force: true }));

    it('is what package.json starts', () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
        assert.equal(pkg.scripts.start, 'node infra/local/start.mjs --local');
    });

    it('builds the bundle on a fresh checkout and runs bot/main.ts from it with the arguments npm passed', () => {
        const run = startWithBadPort();
        assert.equal(run.status, 2, run.stderr);
        assert.match(run.stderr, /Configuratiefout in PORT/);
        assert.ok(fs.existsSync(bundle()));
        const stamps = (JSON.parse(fs.readFileSync(stampsFile(), 'utf8')) as { stamps: Record<string, string> }).stamps;
        for (const file of ['bot/main.ts', 'bot/app.ts', 'package.json', 'tsconfig.json', 'infra/local/start.mjs']) assert.ok(stamps[file], `${file} is watched`);
    });

    it('does not rebuild when nothing changed', () => {
        fs.utimesSync(bundle(), aLongTimeAgo, aLongTimeAgo);
        assert.equal(startWithBadPort().status, 2);
        assert.equal(fs.statSync(bundle()).mtime.getTime(), aLongTimeAgo.getTime(), 'the bundle was left as it was');
    });

    it('rebuilds when a source it was built from changed', () => {
        const recorded = JSON.parse(fs.readFileSync(stampsFile(), 'utf8')) as { stamps: Record<string, string> };
        recorded.stamps['bot/config.ts'] = '1:1'; // as if bot/config.ts had been edited since
        fs.writeFileSync(stampsFile(), JSON.stringify(recorded));
        fs.utimesSync(bundle(), aLongTimeAgo, aLongTimeAgo);
        assert.equal(startWithBadPort().status, 2);
        assert.ok(fs.statSync(bundle()).mtime.getTime() > aLongTimeAgo.getTime(), 'the bundle was built again');
    });
});
