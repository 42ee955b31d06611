import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository root, found from this file's location so it works both from the TypeScript sources
 * (tsx, tests), from the compiled output in dist/ and from the bundle `npm start` runs (under node_modules/.cache).
 */
function findRepoRoot(start: string): string {
    let dir = start;
    for (;;) {
        if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
        const parent = path.dirname(dir);
        if (parent === dir) return start;
        dir = parent;
    }
}

export const repoRoot = findRepoRoot(__dirname);

/**
 * Where the start-up caches live (issue 17): the bundle of `npm start` (infra/local/start.mjs, which
 * repeats this rule in plain JS), Node's compile cache (bot/compileCache.ts) and the parsed content
 * (bot/knowledge/parsedYamlCache.ts). Inside node_modules, so they go with it; SIGNAALBOT_CACHE_DIR
 * puts them elsewhere (tests, and the cold start of `npm run bench:startup`), inside the repo: the
 * bundle finds node_modules and the repo root from where it lies. Undefined without
 * node_modules (an install of dist/ only): then nothing is cached.
 */
export function localCacheDir(name: string): string | undefined {
    const root = process.env.SIGNAALBOT_CACHE_DIR;
    if (root) return path.join(root, name);
    const modules = path.join(repoRoot, 'node_modules');
    return fs.existsSync(modules) ? path.join(modules, '.cache', name) : undefined;
}
