// @ts-check
/**
 * `npm start`: the bot in local mode, from one bundle of its own TypeScript sources.
 *
 * Why not `node --import tsx bot/main.ts`: tsx's loader hooks ran for every one of the ~2,000 modules the
 * bot loads (its own ~270 files and all of node_modules), and it turned on source maps, which made Node
 * read the .map file of every package: together about half of the bot's CPU until ready
 * (`npm run bench:startup`). Here esbuild bundles bot/main.ts and what it imports from the repo into
 * node_modules/.cache/signaalbot-start/main.js (packages stay external: they load from node_modules as
 * in production), and this process runs that bundle itself, no second node process.
 *
 * The bundle is rebuilt when any file it was built from, package.json, tsconfig.json or this file
 * changed (size or modification time) or is gone: a fresh checkout builds it on its first start
 * (~0.2 s), every later start only checks. esbuild does not type-check; neither did tsx (`npm run
 * typecheck` does). A plain .mjs because it must run before anything is compiled.
 */
import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The same rule as bot/paths.ts, localCacheDir: SIGNAALBOT_CACHE_DIR (tests, the bench's cold start) or node_modules/.cache.
const cacheRoot = process.env.SIGNAALBOT_CACHE_DIR || path.join(repoRoot, 'node_modules', '.cache');
const cacheDir = path.join(cacheRoot, 'signaalbot-start');
const bundleFile = path.join(cacheDir, 'main.js');
const stampFile = path.join(cacheDir, 'inputs.json');
/** Not imported by the bot, but they decide how it is bundled. */
const BUILD_FILES = ['package.json', 'tsconfig.json', path.relative(repoRoot, fileURLToPath(import.meta.url))];

// Every module after this compiles through Node's on-disk cache (see bot/compileCache.ts, same folder).
module.enableCompileCache?.(path.join(cacheRoot, 'signaalbot-compile-cache'));

/** @param {string[]} files repo-relative @returns {Record<string, string>} file -> "size:mtime", "" when missing */
function stamps(files) {
    /** @type {Record<string, string>} */
    const out = {};
    for (const file of files) {
        try {
            const stat = fs.statSync(path.join(repoRoot, file));
            out[file] = `${stat.size}:${stat.mtimeMs}`;
        } catch {
            out[file] = '';
        }
    }
    return out;
}

function bundleIsCurrent() {
    try {
        /** @type {{ stamps: Record<string, string> }} */
        const recorded = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
        if (!fs.existsSync(bundleFile)) return false;
        const now = stamps(Object.keys(recorded.stamps));
        return Object.entries(recorded.stamps).every(([file, stamp]) => stamp !== '' && now[file] === stamp);
    } catch {
        return false;
    }
}

async function buildBundle() {
    const { build } = await import('esbuild');
    const result = await build({
        absWorkingDir: repoRoot,
        entryPoints: ['bot/main.ts'],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node22',
        packages: 'external',
        sourcemap: 'linked',
        metafile: true,
        write: false,
        outfile: bundleFile,
        logLevel: 'error',
    });
    const inputs = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith('node_modules/'));
    fs.mkdirSync(cacheDir, { recursive: true });
    // Two starts at once must never run half a bundle: write aside, then rename (atomic on one disk).
    for (const output of result.outputFiles) {
        const aside = `${output.path}.${process.pid}`;
        fs.writeFileSync(aside, output.contents);
        fs.renameSync(aside, output.path);
    }
    const aside = `${stampFile}.${process.pid}`;
    fs.writeFileSync(aside, JSON.stringify({ stamps: stamps([...inputs, ...BUILD_FILES]) }));
    fs.renameSync(aside, stampFile);
}

if (!bundleIsCurrent()) {
    try {
        await buildBundle();
    } catch (err) {
        // esbuild has printed where the source is wrong.
        process.stderr.write(`De bot kon niet starten: de broncode laat zich niet bundelen (${/** @type {Error} */ (err).message.split('\n')[0]}).\n`);
        process.exit(1);
    }
}
// process.argv stays as npm passed it (`--local` after this file), which is what bot/main.ts reads.
module.createRequire(import.meta.url)(bundleFile);
