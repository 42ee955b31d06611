import fs from 'node:fs';
import module from 'node:module';
import path from 'node:path';
import { repoRoot } from './paths';

/**
 * Node's on-disk compile cache (V8 code cache, Node >= 22.1) for every module loaded after this one:
 * compiling the Bot Framework SDK, restify and the rest was the largest single cost of `npm start`
 * (`npm run bench:startup`). A cache, not a build: a missing or stale entry is compiled as before and
 * written again, so a fresh checkout starts correctly, only slower the first time. main.ts turns it on
 * through its first import (bot/compileCacheOn.ts); the embedded Azurite gets the same folder through
 * NODE_COMPILE_CACHE (azuriteProcess.ts).
 */
export const COMPILE_CACHE_DIR = path.join(repoRoot, 'node_modules', '.cache', 'signaalbot-compile-cache');

export function enableCompileCache(): void {
    // Without node_modules there is nothing of ours to cache; a read-only folder (run from a package)
    // only makes Node report that the cache is off, and the bot starts as before.
    if (typeof module.enableCompileCache !== 'function' || !compileCacheUsable()) return;
    try {
        module.enableCompileCache(COMPILE_CACHE_DIR);
    } catch {
        /* a cache is never a reason not to start */
    }
}

/** Whether there is a node_modules to keep the cache in (the folder is made on first use). */
export function compileCacheUsable(): boolean {
    return fs.existsSync(path.join(repoRoot, 'node_modules'));
}
