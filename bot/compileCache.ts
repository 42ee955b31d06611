import module from 'node:module';
import { localCacheDir } from './paths';

/**
 * Node's on-disk compile cache (V8 code cache, Node >= 22.1) for every module loaded after this one:
 * compiling the Bot Framework SDK, restify and the rest was the largest single cost of `npm start`
 * (`npm run bench:startup`). A cache, not a build: a missing or stale entry is compiled as before and
 * written again, so a fresh checkout starts correctly, only slower the first time. main.ts turns it on
 * through its first import (bot/compileCacheOn.ts); the embedded Azurite gets the same folder through
 * NODE_COMPILE_CACHE (azuriteProcess.ts). A NODE_COMPILE_CACHE set by the caller wins over both.
 */
export function compileCacheDir(): string | undefined {
    return localCacheDir('signaalbot-compile-cache');
}

export function enableCompileCache(): void {
    const dir = compileCacheDir();
    // A read-only folder (run from a package) only makes Node report that the cache is off.
    if (typeof module.enableCompileCache !== 'function' || dir === undefined) return;
    try {
        module.enableCompileCache(dir);
    } catch {
        /* a cache is never a reason not to start */
    }
}
